// `flotilla serve`: the supervisord replacement. Runs daemon lives one after the other (a restart
// starts a new life with the re-read file) and maps OS signals as supervisord does: TERM, INT and
// QUIT shut down, HUP restarts, USR2 reopens the logs.

import { loadConfig, findDefaultConfig } from "../config/index.ts";
import { ConfigError, type SupervisordConfig } from "../config/model.ts";
import { Daemon, type DaemonEnd } from "../daemon/daemon.ts";
import { daemonize, FOREGROUND_ENV } from "./daemonize.ts";
import { parseOptions, type OptionSpec } from "./options.ts";

const SERVE_OPTIONS: OptionSpec[] = [
  { short: "c", long: "configuration", value: true },
  { short: "n", long: "nodaemon", value: false },
  { short: "h", long: "help", value: false },
];

export const SERVE_USAGE = `usage: flotilla serve [-c FILE] [-n]

Runs the supervisor with the given supervisord.conf (default: the first of supervisord's
usual locations). Like supervisord it goes to the background once it is up, unless
nodaemon=true or -n, which keep it in the foreground with its log echoed to stdout.
`;

export async function runServe(argv: string[]): Promise<number> {
  const parsed = parseOptions(argv, SERVE_OPTIONS);
  if ("error" in parsed) {
    process.stderr.write(`Error: ${parsed.error}\n${SERVE_USAGE}`);
    return 2;
  }
  if (parsed.flags.has("h")) {
    process.stdout.write(SERVE_USAGE);
    return 0;
  }
  const path = parsed.values.get("c") ?? findDefaultConfig();
  if (!path) {
    process.stderr.write("Error: no configuration file found; give one with -c FILE\n");
    return 2;
  }
  let config: SupervisordConfig | null;
  try {
    config = loadConfig(path);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`Error: ${err.message}\nFor help, use flotilla serve -h\n`);
    return 2;
  }
  const nodaemon = parsed.flags.has("n") ? true : undefined;
  if (!nodaemon && !config.server.nodaemon && !process.env[FOREGROUND_ENV]) return daemonize(config.file, config);
  // Supervisor's event serials go on counting across restarts.
  const listenerSerial = { last: -1 };
  while (config) {
    const daemon: Daemon = new Daemon({ configPath: path, nodaemon, listenerSerial }, config);
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
