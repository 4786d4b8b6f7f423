// supervisord without `nodaemon` goes to the background. Flotilla does it by starting itself again,
// detached in a new session with no terminal, and waiting until that child has written the pid
// file (it does so once its servers listen) — so the command returns only when the daemon is up,
// and a child that fails to start is reported with a pointer to the log that says why.

import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import type { SupervisordConfig } from "../config/model.ts";

/** Set in the child's environment so that it stays in the foreground. */
export const FOREGROUND_ENV = "FLOTILLA_DAEMONIZED";

/**
 * `args`: the command-line values the child must apply too (serveArgsOf), since it reads the file
 * again; its paths are absolute, so the child's other working directory does not change them.
 */
export async function daemonize(config: SupervisordConfig, args: string[], timeoutMs = 60_000): Promise<number> {
  const server = config.server;
  const child = spawn(process.execPath, ["serve", "-c", config.file, ...args], {
    cwd: server.directory ?? process.cwd(),
    env: { ...process.env, [FOREGROUND_ENV]: "1" },
    detached: true,
    stdio: "ignore",
  });
  let exited: number | null = null;
  child.on("exit", (code, signal) => (exited = code ?? (signal ? 128 : 1)));
  const deadline = Date.now() + timeoutMs;
  while (exited === null && Date.now() < deadline) {
    if (readPid(server.pidfile) === child.pid) {
      child.unref();
      return 0;
    }
    await Bun.sleep(20);
  }
  if (exited === null) {
    process.stderr.write(`Error: the daemon did not report ready within ${timeoutMs / 1000} s; see ${server.logfile}\n`);
    child.unref();
    return 1;
  }
  process.stderr.write(`Error: the daemon exited with status ${exited} while starting; see ${server.logfile}\n`);
  return exited || 1;
}

function readPid(path: string): number | null {
  try {
    return Number.parseInt(readFileSync(path, "utf8"), 10);
  } catch {
    return null;
  }
}
