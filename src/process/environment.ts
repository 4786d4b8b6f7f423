// The environment a child is started with (CFG-PG-24), in supervisord's order: its own
// environment, then the SUPERVISOR_* variables, then `[supervisord] environment`, then the
// program's `environment` — so a configured value overrides even SUPERVISOR_PROCESS_NAME, as in
// supervisord (whose ServerOptions merges the server's environment under the program's).

export interface ChildEnvInput {
  /** The daemon's own environment (process.env when it started). */
  daemonEnv: Record<string, string | undefined>;
  /** `[supervisord] environment`. */
  serverEnvironment: Record<string, string>;
  /** `[program:x] environment`. */
  programEnvironment: Record<string, string>;
  processName: string;
  groupName: string;
  /** SUPERVISOR_SERVER_URL; null or "" leaves it unset (no HTTP server configured). */
  serverUrl: string | null;
}

/**
 * @example buildChildEnv({ daemonEnv: { PATH: "/bin" }, serverEnvironment: {}, programEnvironment: { A: "1" },
 *   processName: "web", groupName: "web", serverUrl: "unix:///tmp/s.sock" }).SUPERVISOR_ENABLED // "1"
 */
export function buildChildEnv(input: ChildEnvInput): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(input.daemonEnv)) {
    if (value !== undefined) env[key] = value;
  }
  env.SUPERVISOR_ENABLED = "1";
  if (input.serverUrl) env.SUPERVISOR_SERVER_URL = input.serverUrl;
  env.SUPERVISOR_PROCESS_NAME = input.processName;
  env.SUPERVISOR_GROUP_NAME = input.groupName;
  Object.assign(env, input.serverEnvironment, input.programEnvironment);
  return env;
}

/**
 * The PATH used to find a relative command: the configured one (program, then server
 * environment), else the daemon's. supervisord looks it up before spawning (`get_path`).
 */
export function commandSearchPath(input: ChildEnvInput): string | undefined {
  return (
    input.programEnvironment.PATH ?? input.serverEnvironment.PATH ?? input.daemonEnv.PATH ?? undefined
  );
}
