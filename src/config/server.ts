// The `[supervisord]` section (CFG-SD): defaults, conversions and the `environment` option, whose
// variables then become `%(ENV_X)s` names for every section read afterwards.
// Names usable here: `here` and `ENV_*` (not host_node_name: supervisord does not offer it).

import { statSync } from "node:fs";
import type { LoadContext } from "./context.ts";
import {
  parseBoolean,
  parseByteSize,
  parseInteger,
  parseLogLevel,
  parseOctal,
} from "./datatypes.ts";
import { parseEnvironment } from "./envpairs.ts";
import type { ServerOptions } from "./model.ts";
import { existingDirectory, existingDirpath, normalizePath } from "./paths.ts";
import { SectionReader, type Names } from "./section.ts";
import { resolveUser } from "./users.ts";

/** Python's tempfile.gettempdir(): TMPDIR, TEMP, TMP, then /tmp. */
export function defaultTempDir(env: Readonly<Record<string, string>>): string {
  for (const key of ["TMPDIR", "TEMP", "TMP"]) {
    const dir = env[key];
    if (!dir) continue;
    try {
      if (statSync(dir).isDirectory()) return dir;
    } catch {
      // not usable: try the next candidate
    }
  }
  return "/tmp";
}

/** Reads `[supervisord]`, then adds its `environment` to `ctx.envNames`. */
export function readServerOptions(reader: SectionReader, ctx: LoadContext): ServerOptions {
  const names: Names = { ...ctx.envNames, here: ctx.here };
  const int = (key: string, fallback: string): number => reader.convert(key, names, fallback, parseInteger);
  const bool = (key: string): boolean => reader.convert(key, names, "false", parseBoolean);

  const minfds = int("minfds", "1024");
  const minprocs = int("minprocs", "200");
  const directoryText = reader.string("directory", names);
  const directory =
    directoryText === null ? null : reader.convertValue("directory", directoryText, (v) => existingDirectory(v, ctx));
  const user = reader.string("user", names);
  if (user !== null) reader.convertValue("user", user, (v) => resolveUser(v, ctx.passwdFile));
  const umask = reader.convert("umask", names, "022", parseOctal);
  const logfileText = reader.convert("logfile", names, "supervisord.log", (v) => existingDirpath(v, ctx));
  // supervisord makes its own log and pid paths absolute against its starting directory.
  const logfile = logfileText === "syslog" ? "syslog" : normalizePath(logfileText, ctx);
  const logfileMaxbytes = reader.convert("logfile_maxbytes", names, "50MB", parseByteSize);
  const logfileBackups = int("logfile_backups", "10");
  const loglevel = reader.convert("loglevel", names, "info", parseLogLevel);
  const pidfile = normalizePath(
    reader.convert("pidfile", names, "supervisord.pid", (v) => existingDirpath(v, ctx)),
    ctx,
  );
  const identifier = reader.stringOr("identifier", names, "supervisor");
  const nodaemon = bool("nodaemon");
  const silent = bool("silent");
  const childlogdir = reader.convert("childlogdir", names, defaultTempDir(ctx.env), (v) =>
    existingDirectory(v, ctx),
  );
  const nocleanup = bool("nocleanup");
  const stripAnsi = bool("strip_ansi");

  // supervisord expands this value twice: once as every option, then with host_node_name added.
  const envText = reader.stringOr("environment", names, "");
  const envExpanded = reader.expand("environment", envText, {
    ...ctx.envNames,
    here: ctx.here,
    host_node_name: ctx.hostNodeName,
  });
  const environment = reader.convertValue("environment", envExpanded, parseEnvironment);
  for (const [k, v] of Object.entries(environment)) ctx.envNames[`ENV_${k}`] = v;

  return {
    logfile,
    logfileMaxbytes,
    logfileBackups,
    loglevel,
    pidfile,
    umask,
    nodaemon,
    silent,
    minfds,
    minprocs,
    nocleanup,
    childlogdir,
    user,
    directory,
    stripAnsi,
    environment,
    identifier,
  };
}
