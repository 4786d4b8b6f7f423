// `flotilla serve`: the supervisord replacement, with supervisord's command line (serve-options.ts).
// Runs daemon lives one after the other (a restart starts a new life with the re-read file and the
// same command-line values) and maps OS signals as supervisord does: TERM, INT and QUIT shut down,
// HUP restarts, USR2 reopens the logs.

import {
  applyServerOverrides,
  ConfigError,
  defaultConfigCandidates,
  findDefaultConfig,
  loadConfig,
  type SupervisordConfig,
} from "../config/index.ts";
import { DEFAULT_PASSWD_FILE } from "../config/users.ts";
import { Daemon, type DaemonEnd } from "../daemon/daemon.ts";
import { FLOTILLA_VERSION } from "../version.ts";
import { daemonize, FOREGROUND_ENV } from "./daemonize.ts";
import { parseServeArgs, serveArgsOf, ServeUsageError, type ServeCommand } from "./serve-args.ts";
import { serveUsage } from "./serve-options.ts";

export const SERVE_USAGE = serveUsage();

/** supervisord's way of refusing a command line: the reason, a pointer to -h, status 2. */
function usageError(message: string): number {
  process.stderr.write(`Error: ${message}\nFor help, use flotilla serve -h\n`);
  return 2;
}

function processEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  return env;
}

export async function runServe(argv: string[]): Promise<number> {
  let command: ServeCommand;
  try {
    command = parseServeArgs(argv, { cwd: process.cwd(), env: processEnv(), passwdFile: DEFAULT_PASSWD_FILE });
  } catch (err) {
    if (!(err instanceof ServeUsageError)) throw err;
    return usageError(err.message);
  }
  if (command.kind === "help") {
    process.stdout.write(SERVE_USAGE);
    return 0;
  }
  if (command.kind === "version") {
    process.stdout.write(`${FLOTILLA_VERSION}\n`);
    return 0;
  }
  const path = command.configFile ?? findDefaultConfig();
  if (!path) {
    return usageError(
      `No config file found at default paths (${defaultConfigCandidates().join(", ")}); ` +
        "use the -c option to specify a config file at a different path",
    );
  }
  if (command.profileOptions !== null) {
    process.stderr.write("Warning: --profile_options is ignored: flotilla has no Python profiler to run under\n");
  }
  const overrides = command.overrides;
  const load = (): SupervisordConfig => applyServerOverrides(loadConfig(path), overrides);
  let config: SupervisordConfig | null;
  try {
    config = load();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return usageError(err.message);
  }
  if (!config.server.nodaemon && !process.env[FOREGROUND_ENV]) return daemonize(config, serveArgsOf(overrides));
  // Supervisor's event serials go on counting across restarts.
  const listenerSerial = { last: -1 };
  while (config) {
    const daemon: Daemon = new Daemon({ configPath: config.file, load, listenerSerial }, config);
    const handlers: [NodeJS.Signals, () => void][] = [
      ["SIGTERM", () => daemon.shutdown()],
      ["SIGINT", () => daemon.shutdown()],
      ["SIGQUIT", () => daemon.shutdown()],
      ["SIGHUP", () => daemon.restart()],
      ["SIGUSR2", () => daemon.reopenLogs()],
    ];
    for (const [sig, fn] of handlers) process.on(sig, fn);
    try {
      await daemon.start();
    } catch (err) {
      daemon.critical(`cannot start: ${(err as Error).message}`);
      process.stderr.write(`Error: ${(err as Error).message}\n`);
      for (const [sig, fn] of handlers) process.off(sig, fn);
      return 1;
    }
    const end: DaemonEnd = await daemon.ended;
    for (const [sig, fn] of handlers) process.off(sig, fn);
    config = end === "restart" ? daemon.nextConfig : null;
  }
  return 0;
}
