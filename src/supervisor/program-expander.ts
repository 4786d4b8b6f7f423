// Rebuilds the process configurations of one program with another `numprocs`, for
// supvisors.update_numprocs (ST-DYN-03). The configuration model keeps expanded values only, so the
// program section is read again from the files the configuration came from (the main file, then
// its `[include]`d files in their reading order), with the names supervisord expanded it with.
//
// Example: fileProgramExpander(config).expand("web", ["web"], 4).get("web") // 4 ProcessConfigs

import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import { posix as path } from "node:path";
import { envNamesOf, type LoadContext } from "../config/context.ts";
import { createIniDocument, readIniInto, replaceHereLiterally, type IniDocument } from "../config/ini.ts";
import type { ProcessConfig, SupervisordConfig } from "../config/model.ts";
import { processesFromSection } from "../config/programs.ts";
import { SectionReader } from "../config/section.ts";
import { DEFAULT_GROUP_FILE, DEFAULT_PASSWD_FILE } from "../config/users.ts";

export interface ProgramExpander {
  /**
   * The processes of `program` in each of `groups` with `numprocs` processes, keyed by group.
   * Throws NumprocsNotApplicable when numprocs > 1 and process_name lacks `%(process_num)`, and
   * an Error (ConfigError included) naming the file when the program cannot be read again.
   */
  expand(program: string, groups: readonly string[], numprocs: number): Map<string, ProcessConfig[]>;
}

/** numprocs > 1 needs `%(process_num)` in process_name to give every process its own name. */
export class NumprocsNotApplicable extends Error {
  constructor(readonly program: string) {
    super(`process_name of program ${program} has no %(process_num): numprocs cannot exceed 1`);
    this.name = "NumprocsNotApplicable";
  }
}

export interface FileExpanderOptions {
  /** supervisord's environment; default process.env (as the daemon's loadConfig uses). */
  env?: Record<string, string>;
  /** default process.cwd(). */
  cwd?: string;
  /** default os.hostname(). */
  hostNodeName?: string;
}

/** Whether `template` (a raw process_name) allows `numprocs` processes. */
export function allowsNumprocs(template: string, numprocs: number): boolean {
  return numprocs <= 1 || template.includes("%(process_num)");
}

/** The expander reading the files `config` was loaded from. */
export function fileProgramExpander(config: SupervisordConfig, opts: FileExpanderOptions = {}): ProgramExpander {
  return {
    expand(program, groups, numprocs) {
      const doc = readDocument(config);
      const section = `program:${program}`;
      if (!doc.sections.has(section)) {
        throw new Error(`[${section}] is no longer in ${config.file} or its included files`);
      }
      const reader = new SectionReader(doc, section);
      if (!allowsNumprocs(reader.raw("process_name")?.value ?? "%(program_name)s", numprocs)) {
        throw new NumprocsNotApplicable(program);
      }
      const ctx = loadContext(config, opts);
      return new Map(groups.map((group) => [group, processesFromSection(reader, group, ctx, numprocs)]));
    },
  };
}

/** The document as loadConfig built it: the main file, then each included file with its own `here`. */
function readDocument(config: SupervisordConfig): IniDocument {
  const doc = createIniDocument();
  readIniInto(doc, readFileSync(config.file, "utf8"), config.file);
  const included = config.includedFiles ?? [];
  if (doc.sections.has("include")) replaceHereLiterally(doc, config.here);
  for (const file of included) {
    readIniInto(doc, readFileSync(file, "utf8"), file);
    replaceHereLiterally(doc, path.resolve(path.dirname(file)));
  }
  return doc;
}

function processEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  return env;
}

/** The names a program section is expanded with: ENV_* then `[supervisord] environment` (CFG-GEN-09). */
function loadContext(config: SupervisordConfig, opts: FileExpanderOptions): LoadContext {
  const env = opts.env ?? processEnv();
  const envNames = envNamesOf(env);
  for (const [k, v] of Object.entries(config.server.environment)) envNames[`ENV_${k}`] = v;
  return {
    here: config.here,
    cwd: opts.cwd ?? process.cwd(),
    hostNodeName: opts.hostNodeName ?? hostname(),
    env,
    envNames,
    passwdFile: DEFAULT_PASSWD_FILE,
    groupFile: DEFAULT_GROUP_FILE,
    warnings: [],
  };
}
