// loadConfig: reads a supervisord.conf and its `[include]`d files into a SupervisordConfig, in the
// order supervisord reads them, so that the first fatal problem reported is the one supervisord
// would report. The file reading lives here; every section parser below it is pure given the
// parsed document (apart from existence checks of directories and user lookups).
//
// Example: const config = loadConfig("/etc/supervisor/supervisord.conf");
//          config.groups[0].processes[0].command

import { readFileSync, statSync } from "node:fs";
import { hostname } from "node:os";
import { posix as path } from "node:path";
import { envNamesOf, type LoadContext } from "./context.ts";
import { readCtl } from "./ctl.ts";
import { globFiles } from "./glob.ts";
import { readGroups } from "./groups.ts";
import { fallbackServerUrl, readHttpServers } from "./http.ts";
import { createIniDocument, readIniInto, replaceHereLiterally, type IniDocument } from "./ini.ts";
import { ConfigError, type SupervisordConfig } from "./model.ts";
import {
  BUILTIN_CTL_FACTORIES,
  BUILTIN_RPCINTERFACE_FACTORIES,
  CTL_FACTORY_KEY,
  readPlugins,
  RPCINTERFACE_FACTORY_KEY,
} from "./plugins.ts";
import { SectionReader } from "./section.ts";
import { readServerOptions } from "./server.ts";
import { attachOptionSources, readSupvisorsAlias } from "./supvisors-section.ts";
import { DEFAULT_GROUP_FILE, DEFAULT_PASSWD_FILE } from "./users.ts";
import { warnUnknownSections } from "./unknown.ts";

export interface LoadOptions {
  /** supervisord's environment for `%(ENV_X)s`; default process.env. */
  env?: Record<string, string>;
  /** `%(host_node_name)s`; default os.hostname(). */
  hostNodeName?: string;
  /** Directory relative paths are resolved against; default process.cwd(). */
  cwd?: string;
  /** For `user=` / `chown=` lookups; default /etc/passwd and /etc/group. */
  passwdFile?: string;
  groupFile?: string;
}

/** The file's bytes, or the reason they cannot be read. */
function readBytes(file: string): Buffer | string {
  try {
    if (statSync(file).isDirectory()) return "it is a directory";
    return readFileSync(file);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "ENOENT" ? "it does not exist" : (err as Error).message;
  }
}

function decodeUtf8(data: Buffer, file: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(data);
  } catch {
    throw new ConfigError("the file is not valid UTF-8 text", file);
  }
}

function processEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  return env;
}

/** Reads the `[include] files` globs into `doc` (CFG-IN-01). Returns the files read. */
function readIncludes(doc: IniDocument, ctx: LoadContext): string[] {
  const include = new SectionReader(doc, "include");
  const raw = include.raw("files");
  if (raw === undefined) {
    throw include.error("the [include] section has no files option; add e.g. files = conf.d/*.conf");
  }
  const patterns = include
    .expand("files", raw.value, { ...ctx.envNames, here: ctx.here, host_node_name: ctx.hostNodeName })
    .split(/\s+/)
    .filter(Boolean);
  const read: string[] = [];
  for (const pattern of patterns) {
    // os.path.join, not resolve: the pattern is kept as written (no `..` folding) like supervisord.
    const full = pattern.startsWith("/") ? pattern : `${ctx.here}/${pattern}`;
    const matches = globFiles(full).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (matches.length === 0) {
      ctx.warnings.push(`No file matches via include "${full}" (${raw.source.file}:${raw.source.line})`);
      continue;
    }
    for (const file of matches) {
      // supervisord silently skips matches it cannot open (directories, unreadable files).
      const data = readBytes(file);
      if (typeof data === "string") {
        ctx.warnings.push(`include "${pattern}" matches ${file}, which is skipped: ${data}`);
        continue;
      }
      const text = decodeUtf8(data, file);
      readIniInto(doc, text, file);
      replaceHereLiterally(doc, path.resolve(path.dirname(file)));
      read.push(file);
    }
  }
  return read;
}

function sectionReaders(doc: IniDocument, prefix: string): SectionReader[] {
  return [...doc.sections.keys()].filter((s) => s.startsWith(prefix)).map((s) => new SectionReader(doc, s));
}

/** Reads, expands, converts and validates a supervisord configuration. Throws ConfigError. */
export function loadConfig(file: string, opts: LoadOptions = {}): SupervisordConfig {
  const cwd = opts.cwd ?? process.cwd();
  const env = opts.env ?? processEnv();
  const mainFile = path.resolve(cwd, file);
  const here = path.dirname(mainFile);
  const ctx: LoadContext = {
    here,
    cwd,
    hostNodeName: opts.hostNodeName ?? hostname(),
    env,
    envNames: envNamesOf(env),
    passwdFile: opts.passwdFile ?? DEFAULT_PASSWD_FILE,
    groupFile: opts.groupFile ?? DEFAULT_GROUP_FILE,
    warnings: [],
  };

  const data = readBytes(mainFile);
  if (typeof data === "string") throw new ConfigError(`cannot read config file ${mainFile}: ${data}`, mainFile);
  const text = decodeUtf8(data, mainFile);
  const doc = createIniDocument();
  readIniInto(doc, text, mainFile);
  // supervisorctl reads the main file alone, without includes or the `here` rescue.
  const mainOnly = createIniDocument();
  readIniInto(mainOnly, text, mainFile);

  let includedFiles: string[] = [];
  if (doc.sections.has("include")) {
    replaceHereLiterally(doc, here);
    includedFiles = readIncludes(doc, ctx);
  }
  if (!doc.sections.has("supervisord")) {
    throw new ConfigError("there is no [supervisord] section; add one (it may be empty)", mainFile);
  }
  const processEnvNames = { ...ctx.envNames };

  const server = readServerOptions(new SectionReader(doc, "supervisord"), ctx);
  const rpcInterfaces = readPlugins(
    sectionReaders(doc, "rpcinterface:"),
    RPCINTERFACE_FACTORY_KEY,
    BUILTIN_RPCINTERFACE_FACTORIES,
    ctx.envNames,
    ctx,
  );
  attachOptionSources(rpcInterfaces, doc, "rpcinterface:");
  const supvisorsSection = readSupvisorsAlias(doc, ctx.envNames);
  const groups = readGroups(doc, ctx);
  const servers = readHttpServers((prefix) => sectionReaders(doc, prefix), ctx);
  const ctlSection = mainOnly.sections.has("supervisorctl") ? new SectionReader(mainOnly, "supervisorctl") : null;
  const ctl = readCtl(ctlSection, processEnvNames, ctx);
  const ctlPlugins = readPlugins(
    sectionReaders(mainOnly, "ctlplugin:"),
    CTL_FACTORY_KEY,
    BUILTIN_CTL_FACTORIES,
    processEnvNames,
    ctx,
  );
  warnUnknownSections(doc, mainFile, ctx);

  return {
    file: mainFile,
    here,
    server,
    inetServer: servers.inet[0] ?? null,
    unixServer: servers.unix[0] ?? null,
    ctl,
    groups,
    rpcInterfaces,
    ctlPlugins,
    supvisorsSection,
    // supervisord repeats a warning for each process of a program; once is enough to read.
    warnings: [...new Set(ctx.warnings)],
    includedFiles,
    fallbackServerUrl: fallbackServerUrl(servers),
  };
}
