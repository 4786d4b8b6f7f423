// The options of `flotilla serve`: every option `supervisord -h` lists (Supervisor 4.2.5), with the
// same letters, long names and conversions, each mapped to the `[supervisord]` value it replaces
// (CFG-SD-01..18). One table drives the parser, the help text and the arguments handed to a
// daemonized child.
//
// Example: SERVE_OPTIONS.find((o) => o.short === "i") → the `-i/--identifier STR` row

import { posix as path } from "node:path";
import {
  existingDirectory,
  existingDirpath,
  normalizePath,
  parseByteSize,
  parseInteger,
  parseLogLevel,
  parseOctal,
  resolveUser,
  type OverridableServerOption,
  type PathContext,
} from "../config/index.ts";

/** What a conversion may read: the working directory, HOME and the passwd file. */
export interface ServeArgsContext extends PathContext {}

/** What an option does besides setting a `[supervisord]` value. */
export type ServeAction = "help" | "version" | "configuration" | "profileOptions";

export interface ServeOption {
  /** getopt letter, or "" for a long-only option. */
  short: string;
  long: string;
  /** The value's name in the help text; absent for a flag. */
  arg?: string;
  /** The `[supervisord]` value it sets, or what else it does. */
  target: OverridableServerOption | ServeAction;
  /** String to typed value; throws an Error whose message says what is wrong. */
  convert?: (value: string, ctx: ServeArgsContext) => unknown;
  help: string;
}

const text = (v: string): string => v;
const absoluteDirectory = (v: string, ctx: ServeArgsContext): string => path.resolve(ctx.cwd, existingDirectory(v, ctx));
// supervisord makes its log and pid paths absolute; `syslog` names the service, not a file.
const logPath = (v: string, ctx: ServeArgsContext): string =>
  v === "syslog" ? v : normalizePath(existingDirpath(v, ctx), ctx);
const filePath = (v: string, ctx: ServeArgsContext): string => normalizePath(existingDirpath(v, ctx), ctx);
const user = (v: string, ctx: ServeArgsContext): string => (resolveUser(v, ctx.passwdFile), v);

/** In `supervisord -h`'s order. */
export const SERVE_OPTIONS: readonly ServeOption[] = [
  { short: "c", long: "configuration", arg: "FILENAME", target: "configuration", convert: text, help: "configuration file path (searches if not given)" },
  { short: "n", long: "nodaemon", target: "nodaemon", help: "run in the foreground (same as 'nodaemon=true' in config file)" },
  { short: "s", long: "silent", target: "silent", help: "no logs to stdout (maps to 'silent=true' in config file)" },
  { short: "h", long: "help", target: "help", help: "print this usage message and exit" },
  { short: "?", long: "", target: "help", help: "" },
  { short: "v", long: "version", target: "version", help: "print flotilla's version number and exit" },
  { short: "u", long: "user", arg: "USER", target: "user", convert: user, help: "run the daemon as this user (or numeric uid)" },
  { short: "m", long: "umask", arg: "UMASK", target: "umask", convert: parseOctal, help: "use this umask for daemon subprocess (default is 022)" },
  { short: "d", long: "directory", arg: "DIRECTORY", target: "directory", convert: absoluteDirectory, help: "directory to chdir to when daemonized" },
  { short: "l", long: "logfile", arg: "FILENAME", target: "logfile", convert: logPath, help: "use FILENAME as logfile path" },
  { short: "y", long: "logfile_maxbytes", arg: "BYTES", target: "logfileMaxbytes", convert: parseByteSize, help: "use BYTES to limit the max size of logfile" },
  { short: "z", long: "logfile_backups", arg: "NUM", target: "logfileBackups", convert: parseInteger, help: "number of backups to keep when max bytes reached" },
  { short: "e", long: "loglevel", arg: "LEVEL", target: "loglevel", convert: parseLogLevel, help: "use LEVEL as log level (debug,info,warn,error,critical)" },
  { short: "j", long: "pidfile", arg: "FILENAME", target: "pidfile", convert: filePath, help: "write a pid file for the daemon process to FILENAME" },
  { short: "i", long: "identifier", arg: "STR", target: "identifier", convert: text, help: "identifier used for this instance of the daemon" },
  { short: "q", long: "childlogdir", arg: "DIRECTORY", target: "childlogdir", convert: absoluteDirectory, help: "the log directory for child process logs" },
  { short: "k", long: "nocleanup", target: "nocleanup", help: "prevent the process from performing cleanup (removal of old automatic child log files) at startup." },
  { short: "a", long: "minfds", arg: "NUM", target: "minfds", convert: parseInteger, help: "the minimum number of file descriptors for start success" },
  { short: "t", long: "strip_ansi", target: "stripAnsi", help: "strip ansi escape codes from process output" },
  { short: "", long: "minprocs", arg: "NUM", target: "minprocs", convert: parseInteger, help: "the minimum number of processes available for start success" },
  { short: "", long: "profile_options", arg: "OPTIONS", target: "profileOptions", convert: text, help: "accepted for supervisord's sake; flotilla has no Python profiler and ignores it" },
];

/** The help text, laid out as `supervisord -h`'s. */
export function serveUsage(): string {
  const lines = SERVE_OPTIONS.filter((o) => o.help).map((o) => {
    const names = o.short ? `-${o.short}/--${o.long}` : `--${o.long}`;
    return `${names}${o.arg ? ` ${o.arg}` : ""} -- ${o.help}`;
  });
  return (
    "flotilla serve -- run a set of applications as daemons (a drop-in for supervisord).\n\n" +
    "Usage: flotilla serve [options]\n\n" +
    "Command-line values win over the [supervisord] section of the configuration file.\n\n" +
    `Options:\n${lines.join("\n")}\n`
  );
}
