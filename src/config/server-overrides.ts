// `[supervisord]` values given on the command line (`flotilla serve -i NAME -e debug …`, as
// `supervisord -i NAME …`). They win over the file's values, on the first load and on every reload
// (restart, reread): supervisord keeps its command line for its whole life.
//
// Example: applyServerOverrides(loadConfig("supervisord.conf"), { identifier: "server_1" })
//          .server.identifier === "server_1"

import type { ServerOptions, SupervisordConfig } from "./model.ts";

/** The `[supervisord]` options that have a command-line form (CFG-SD-01..15, CFG-SD-17). */
export type OverridableServerOption =
  | "nodaemon"
  | "silent"
  | "user"
  | "umask"
  | "directory"
  | "logfile"
  | "logfileMaxbytes"
  | "logfileBackups"
  | "loglevel"
  | "pidfile"
  | "identifier"
  | "childlogdir"
  | "nocleanup"
  | "minfds"
  | "minprocs"
  | "stripAnsi";

/** Values already converted and checked; paths absolute. */
export type ServerOverrides = Partial<Pick<ServerOptions, OverridableServerOption>>;

/** `config` with `overrides` in place of the file's values; the same object when there are none. */
export function applyServerOverrides(config: SupervisordConfig, overrides: ServerOverrides): SupervisordConfig {
  const present = Object.entries(overrides).filter(([, value]) => value !== undefined);
  if (present.length === 0) return config;
  return { ...config, server: { ...config.server, ...Object.fromEntries(present) } };
}
