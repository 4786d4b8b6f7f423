// Integration harness: runs the compiled flotilla binary and Debian's real supervisord on
// generated configurations, and the real supervisorctl against either. Every wait is a condition
// polled with a deadline; every daemon started is stopped in `cleanup()`.

import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { waitFor as sharedWaitFor } from "../support/wait-for.ts";

export const ROOT = resolve(import.meta.dir, "../..");
export const FLOTILLA = join(ROOT, "dist/flotilla");
export const SUPERVISORD = "/usr/bin/supervisord";
export const SUPERVISORCTL = "/usr/bin/supervisorctl";

/** Why a real-client test cannot run here, or null when it can. */
export function missingClient(...paths: string[]): string | null {
  for (const p of paths) if (!existsSync(p)) return `${p} is not installed (apt-get install supervisor)`;
  return null;
}

export function requireBinary(): void {
  if (!existsSync(FLOTILLA)) throw new Error(`${FLOTILLA} is missing: run 'npm run build' first (npm test does)`);
}

export async function freePort(): Promise<number> {
  return (await freePorts(1))[0]!;
}

/**
 * `count` distinct free ports. Every listener stays open until all ports are taken: closed one by
 * one, the system could hand the same port out twice, and two instances would then clash.
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () =>
      new Promise<ReturnType<typeof createServer>>((res, rej) => {
        const srv = createServer();
        srv.once("error", rej);
        srv.listen(0, "127.0.0.1", () => res(srv));
      }),
    ),
  );
  const ports = servers.map((srv) => {
    const addr = srv.address();
    return typeof addr === "object" && addr ? addr.port : 0;
  });
  await Promise.all(servers.map((srv) => new Promise<void>((res) => srv.close(() => res()))));
  return ports;
}

/** The shared wait, with a longer default deadline: these tests start real daemons. */
export function waitFor<T>(
  what: string,
  check: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs = 15_000,
  everyMs = 25,
): Promise<T> {
  return sharedWaitFor(what, check, timeoutMs, everyMs);
}

export interface RunResult {
  stdout: string;
  stderr: string;
  code: number;
}

export function run(cmd: string, args: string[], opts: { timeoutMs?: number; env?: Record<string, string>; input?: string } = {}): RunResult {
  const r = spawnSync(cmd, args, {
    encoding: "utf8",
    timeout: opts.timeoutMs ?? 30_000,
    env: { ...process.env, ...opts.env },
    input: opts.input,
  });
  if (r.error) throw r.error;
  return { stdout: r.stdout, stderr: r.stderr, code: r.status ?? -1 };
}

export interface DaemonHandle {
  kind: "flotilla" | "supervisord";
  dir: string;
  conf: string;
  port: number;
  url: string;
  child: ChildProcess;
  output: () => string;
}

/** A temporary directory holding one daemon's config, logs and socket. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `flotilla-${prefix}-`));
}

/**
 * The Supvisors section of a lone instance that reaches OPERATION at once (fast ticks, STRICT
 * synchronisation on itself), remembering disabled programs in `disabilitiesFile`.
 */
export function soloSupvisorsSection(port: number, disabilitiesFile: string): string {
  return `[supvisors]
supvisors_list = <solo>127.0.0.1:${port}
tick_period = 0.2
inactivity_ticks = 3
synchro_options = STRICT
disabilities_file = ${disabilitiesFile}
`;
}

export interface ConfigParts {
  dir: string;
  port: number;
  /** Program and group sections, written after the server sections. */
  body: string;
  auth?: { username: string; password: string };
  unix?: boolean;
  extraSupervisord?: string;
}

/** A complete supervisord.conf for tests: inet on 127.0.0.1, optional unix socket and auth. */
export function writeConfig(parts: ConfigParts): string {
  const auth = parts.auth ? `username=${parts.auth.username}\npassword=${parts.auth.password}\n` : "";
  const conf = join(parts.dir, "supervisord.conf");
  const text = `[supervisord]
logfile=${parts.dir}/main.log
pidfile=${parts.dir}/daemon.pid
childlogdir=${parts.dir}
nodaemon=true
${parts.extraSupervisord ?? ""}
[inet_http_server]
port=127.0.0.1:${parts.port}
${auth}
${parts.unix ? `[unix_http_server]\nfile=${parts.dir}/s.sock\n${auth}` : ""}
[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=http://127.0.0.1:${parts.port}
${parts.auth ? `username=${parts.auth.username}\npassword=${parts.auth.password}\n` : ""}
${parts.body}
`;
  writeFileSync(conf, text);
  return conf;
}

const started: DaemonHandle[] = [];

/**
 * Starts a daemon in the foreground and waits until it answers. `args`, when given, replace the
 * default command line after `flotilla serve` / `supervisord` (`-c CONF`, and `-n` for supervisord).
 */
export async function startDaemon(
  kind: DaemonHandle["kind"],
  conf: string,
  dir: string,
  port: number,
  args?: string[],
): Promise<DaemonHandle> {
  if (kind === "flotilla") requireBinary();
  const [cmd, defaults] = kind === "flotilla" ? [FLOTILLA, ["serve", "-c", conf]] : [SUPERVISORD, ["-n", "-c", conf]];
  const argv = kind === "flotilla" && args ? ["serve", ...args] : (args ?? defaults);
  const child = spawn(cmd, argv, { cwd: dir, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const handle: DaemonHandle = { kind, dir, conf, port, url: `http://127.0.0.1:${port}`, child, output: () => output };
  started.push(handle);
  await waitFor(`${kind} to answer on port ${port}`, async () => {
    if (child.exitCode !== null) throw new Error(`${kind} exited with ${child.exitCode}: ${output}`);
    const res = await fetch(`${handle.url}/RPC2`, {
      method: "POST",
      headers: { "content-type": "text/xml" },
      body: "<?xml version='1.0'?><methodCall><methodName>supervisor.getState</methodName><params/></methodCall>",
    });
    return res.status === 200 || res.status === 401;
  });
  return handle;
}

/** Stops a daemon with SIGTERM and waits for its exit; SIGKILL to its group after the deadline. */
export async function stopDaemon(handle: DaemonHandle, timeoutMs = 20_000): Promise<number | null> {
  const child = handle.child;
  if (child.exitCode === null && child.signalCode === null) {
    child.kill("SIGTERM");
    try {
      await waitFor(`${handle.kind} to exit`, () => child.exitCode !== null || child.signalCode !== null, timeoutMs);
    } catch (err) {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // Already gone.
      }
      throw err;
    }
  }
  return child.exitCode;
}

/** Stops everything started by this file and removes the directories. */
export async function cleanup(): Promise<void> {
  for (const handle of started.splice(0)) {
    try {
      await stopDaemon(handle);
    } catch {
      // Reported by the test that owned it.
    }
    // FLOTILLA_TEST_KEEP=1 keeps the daemons' directories (configuration, logs) to read after a failure.
    if (!process.env.FLOTILLA_TEST_KEEP) rmSync(handle.dir, { recursive: true, force: true });
  }
}

/** Runs a command to its end without blocking this process (the daemons' pipes keep flowing). */
export function runAsync(cmd: string, args: string[], timeoutMs = 20_000): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${cmd} ${args.join(" ")} still running after ${timeoutMs} ms`));
    }, timeoutMs);
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code: code ?? -1 });
    });
  });
}

export function ctl(handle: DaemonHandle, ...args: string[]): RunResult {
  return run(SUPERVISORCTL, ["-c", handle.conf, ...args]);
}

/** Makes outputs of two daemons comparable: pids, uptimes, dates and AUTO log names differ. */
export function normalise(text: string): string {
  return text
    .replace(/pid \d+, uptime \d+:\d\d:\d\d/g, "pid N, uptime T")
    .replace(/^\d+$/gm, "PID")
    .replace(/[A-Z][a-z]{2} \d\d \d\d:\d\d [AP]M/g, "DATE")
    .replace(/---supervisor-[a-z0-9_]{8}\.log/g, "---supervisor-X.log");
}

/** Lines sorted, for commands whose order depends on which process finished first. */
export function sortedLines(text: string): string {
  return text.split("\n").filter(Boolean).sort().join("\n");
}
