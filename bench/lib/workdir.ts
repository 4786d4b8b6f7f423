// Temporary working directories for one benchmark run, and the supervisord.conf that both daemons
// read: N `sleep` programs with their logs in the run's directory and an inet server on a free
// loopback port. The same text is given to Flotilla and to supervisord, so only the daemon differs.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface BenchDir {
  path: string;
  /** Removes the directory and everything in it. */
  remove(): void;
}

/** A fresh directory under the OS temp dir (`flotilla-bench-XXXX`). */
export function makeBenchDir(prefix = "flotilla-bench-"): BenchDir {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/**
 * A loopback port nothing listens on right now (bound to 0 and released). Another program could
 * take it before the daemon binds; the daemon then fails to start and says so.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface ConfigSpec {
  /** Directory for the config, pid file, daemon log and program logs. */
  dir: string;
  port: number;
  /** How many programs ([program:pNNN] sections). 0 gives an idle daemon. */
  programs: number;
  autostart: boolean;
  /** The program's command; a long sleep by default. */
  command?: string;
}

/** The program name for index i, zero-padded so lexical and numeric order agree. */
export function programName(i: number): string {
  return `p${String(i).padStart(4, "0")}`;
}

/** supervisord.conf text for `spec`. */
export function configText(spec: ConfigSpec): string {
  const logs = join(spec.dir, "logs");
  const lines = [
    "[inet_http_server]",
    `port=127.0.0.1:${spec.port}`,
    "",
    "[supervisord]",
    `logfile=${join(spec.dir, "supervisord.log")}`,
    `pidfile=${join(spec.dir, "supervisord.pid")}`,
    `childlogdir=${logs}`,
    "nodaemon=true",
    "loglevel=info",
    // 500 children hold 3 pipes each plus 2 log files: supervisord refuses to start below minfds.
    "minfds=4096",
    "",
    "[rpcinterface:supervisor]",
    "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface",
    "",
  ];
  const command = spec.command ?? "/bin/sleep 100000";
  for (let i = 0; i < spec.programs; i++) {
    const name = programName(i);
    lines.push(
      `[program:${name}]`,
      `command=${command}`,
      "startsecs=0",
      `autostart=${spec.autostart}`,
      "autorestart=false",
      `stdout_logfile=${join(logs, `${name}.out`)}`,
      `stderr_logfile=${join(logs, `${name}.err`)}`,
      "",
    );
  }
  return lines.join("\n");
}

/** Writes the config (and the logs directory) into spec.dir; returns the config's path. */
export function writeConfig(spec: ConfigSpec): string {
  mkdirSync(join(spec.dir, "logs"), { recursive: true });
  const path = join(spec.dir, "supervisord.conf");
  writeFileSync(path, configText(spec));
  return path;
}
