// One `[program:x]` section → its processes (CFG-PG), numprocs expanded.
//
// Names (CFG-GEN-09, checked against supervisord 4.2.5): every option may use `here`,
// `program_name`, `group_name`, `host_node_name` and `ENV_*`. The options supervisord reads once per
// process — `command`, `process_name`, `environment`, `directory` and the `stdout_*`/`stderr_*`
// log options — may also use `process_num` and `numprocs`, and (except `environment` itself) the
// program's own `environment` variables as `ENV_*`. Log file names are expanded twice, as
// supervisord does (so `%%` there must be written `%%%%`).

import type { LoadContext } from "./context.ts";
import {
  checkProcessOrGroupName,
  parseAutoRestart,
  parseBoolean,
  parseByteSize,
  parseExitCodes,
  parseInteger,
  parseOctal,
} from "./datatypes.ts";
import { parseEnvironment } from "./envpairs.ts";
import type { LogChannelConfig, LogTarget, ProcessConfig } from "./model.ts";
import { existingDirpath } from "./paths.ts";
import { SectionReader, type Names } from "./section.ts";
import { signalNumber } from "./signals.ts";
import { resolveUser } from "./users.ts";

/** The x of `[program:x]`, validated. */
export function programNameOf(reader: SectionReader): string {
  const raw = reader.section.slice(reader.section.indexOf(":") + 1);
  const name = reader.convertValue(null, raw, checkProcessOrGroupName);
  if (name === "") throw reader.error(`the section name has no program name; write [program:name]`);
  return name;
}

/** Names every option of the program may use. */
export function programNames(programName: string, groupName: string, ctx: LoadContext): Names {
  return {
    ...ctx.envNames,
    here: ctx.here,
    program_name: programName,
    host_node_name: ctx.hostNodeName,
    group_name: groupName,
  };
}

function logTarget(reader: SectionReader, key: string, value: string, ctx: LoadContext): LogTarget {
  const lower = value.toLowerCase();
  if (lower === "none" || lower === "off") return { kind: "none" };
  if (lower === "auto") return { kind: "auto" };
  if (lower === "syslog") return { kind: "syslog" };
  return { kind: "file", path: reader.convertValue(key, value, (v) => existingDirpath(v, ctx)) };
}

function readChannel(
  reader: SectionReader,
  channel: "stdout" | "stderr",
  names: Names,
  captureMaxbytes: number,
  eventsEnabled: boolean,
  ctx: LoadContext,
): LogChannelConfig {
  const key = `${channel}_logfile`;
  const first = reader.string(key, names);
  let logfile: LogTarget =
    first === null ? { kind: "auto" } : logTarget(reader, key, reader.expand(key, first, names), ctx);
  const backups = reader.convert(`${channel}_logfile_backups`, names, "10", parseInteger);
  const maxbytes = reader.convert(`${channel}_logfile_maxbytes`, names, "50MB", parseByteSize);
  let syslog = reader.convert(`${channel}_syslog`, names, "false", parseBoolean);
  if (logfile.kind === "syslog") {
    ctx.warnings.push(
      `For [${reader.section}], ${key}=syslog but this is deprecated and will be removed.  ` +
        `Use ${channel}_syslog=true to enable syslog instead.`,
    );
    logfile = { kind: "none" };
    syslog = true;
  }
  if (logfile.kind === "auto" && !maxbytes) {
    ctx.warnings.push(
      `For [${reader.section}], AUTO logging used for ${key} without rollover, ` +
        `set maxbytes > 0 to avoid filling up filesystem unintentionally`,
    );
  }
  return { logfile, maxbytes, backups, captureMaxbytes, eventsEnabled, syslog };
}

/**
 * The processes of one program section within group `groupName`, sorted by (priority, name).
 * `numprocsOverride` replaces the section's `numprocs` (supvisors.update_numprocs, ST-DYN-03).
 */
export function processesFromSection(
  reader: SectionReader,
  groupName: string,
  ctx: LoadContext,
  numprocsOverride?: number,
): ProcessConfig[] {
  const programName = programNameOf(reader);
  const names = programNames(programName, groupName, ctx);
  const int = (key: string, fallback: string): number => reader.convert(key, names, fallback, parseInteger);
  const bool = (key: string, fallback: string): boolean => reader.convert(key, names, fallback, parseBoolean);

  const priority = int("priority", "999");
  const autostart = bool("autostart", "true");
  const autorestart = reader.convert("autorestart", names, "unexpected", parseAutoRestart);
  const startsecs = int("startsecs", "1");
  const startretries = int("startretries", "3");
  const stopsignal = reader.convert("stopsignal", names, "TERM", signalNumber);
  const stopwaitsecs = int("stopwaitsecs", "10");
  const stopasgroup = bool("stopasgroup", "false");
  const killasgroup = bool("killasgroup", stopasgroup ? "true" : "false");
  const exitcodes = reader.convert("exitcodes", names, "0", parseExitCodes);
  const redirectStderr = bool("redirect_stderr", "false");
  const numprocs = numprocsOverride ?? int("numprocs", "1");
  const numprocsStart = int("numprocs_start", "0");
  const environmentTemplate = reader.raw("environment")?.value ?? "";
  const stdoutCapture = reader.convert("stdout_capture_maxbytes", names, "0", parseByteSize);
  const stdoutEvents = bool("stdout_events_enabled", "false");
  const stderrCapture = reader.convert("stderr_capture_maxbytes", names, "0", parseByteSize);
  const stderrEvents = bool("stderr_events_enabled", "false");
  const serverurlText = reader.string("serverurl", names);
  const serverurl =
    serverurlText === null || serverurlText.trim().toUpperCase() === "AUTO" ? "AUTO" : serverurlText;
  const user = reader.string("user", names);
  const uid = user === null ? null : reader.convertValue("user", user, (v) => resolveUser(v, ctx.passwdFile)).uid;
  const umaskText = reader.string("umask", names);
  const umask = umaskText === null ? null : reader.convertValue("umask", umaskText, parseOctal);
  const processNameTemplate = reader.convertValue(
    "process_name",
    reader.raw("process_name")?.value ?? "%(program_name)s",
    checkProcessOrGroupName,
  );

  if (numprocs > 1 && !processNameTemplate.includes("%(process_num)")) {
    throw reader.error(
      `numprocs is ${numprocs}, so process_name must contain %(process_num) to give each process ` +
        `its own name; write e.g. process_name = %(program_name)s_%(process_num)02d`,
      reader.has("process_name") ? "process_name" : "numprocs",
    );
  }
  if (stopasgroup && !killasgroup) {
    throw reader.error(
      "stopasgroup=true requires killasgroup=true (a group that is stopped must also be killed as a group); " +
        "remove killasgroup or set it to true",
      "killasgroup",
    );
  }

  const processes: ProcessConfig[] = [];
  for (let processNum = numprocsStart; processNum < numprocsStart + numprocs; processNum++) {
    const perProcess: Names = { ...names, process_num: processNum, numprocs };
    const environment = reader.convertValue(
      "environment",
      reader.expand("environment", environmentTemplate, perProcess),
      parseEnvironment,
    );
    const withEnv: Record<string, string | number> = { ...perProcess };
    for (const [k, v] of Object.entries(environment)) withEnv[`ENV_${k}`] = v;

    const directory = reader.string("directory", withEnv);
    const stdout = readChannel(reader, "stdout", withEnv, stdoutCapture, stdoutEvents, ctx);
    const stderr = readChannel(reader, "stderr", withEnv, stderrCapture, stderrEvents, ctx);
    if (redirectStderr) {
      if (stderr.logfile.kind !== "auto" && stderr.logfile.kind !== "none") {
        ctx.warnings.push(
          `For [${reader.section}], redirect_stderr=true but stderr_logfile has also been set to a filename, ` +
            `the filename has been ignored`,
        );
      }
      stderr.logfile = { kind: "none" };
    }
    const command = reader.string("command", withEnv);
    if (command === null) {
      throw reader.error("no command given; add e.g. command = /usr/bin/myprogram --option", "command");
    }
    processes.push({
      name: reader.expand("process_name", processNameTemplate, withEnv),
      programName,
      processNum,
      command,
      environment,
      directory,
      umask,
      user,
      uid,
      priority,
      autostart,
      autorestart,
      exitcodes,
      startsecs,
      startretries,
      stopsignal,
      stopwaitsecs,
      stopasgroup,
      killasgroup,
      redirectStderr,
      stdout,
      stderr,
      serverurl,
      source: reader.source,
    });
  }
  return processes.sort((a, b) => a.priority - b.priority || compareText(a.name, b.name));
}

/** Code-point order, as Python compares str. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
