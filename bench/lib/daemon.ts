// Starting and stopping the daemon under test — Flotilla (`flotilla serve -c FILE -n`) or Debian's
// supervisord (`supervisord -c FILE -n`) — on a generated config. Each daemon is started in its own
// process group with an environment marker that its children inherit, so that whatever happens
// (failure, Ctrl-C) every process of the run can be found in /proc and killed.

import { randomUUID } from "node:crypto";
import { closeSync, openSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { pidsWithEnv } from "./procfs.ts";
import { RpcClient } from "./rpc.ts";

export type DaemonKind = "flotilla" | "supervisord";

export interface DaemonBinaries {
  flotilla: string;
  supervisord: string;
}

export const MARKER_NAME = "FLOTILLA_BENCH_MARK";

export interface RunningDaemon {
  kind: DaemonKind;
  pid: number;
  port: number;
  /** Stops the daemon with SIGTERM (it stops its children) and kills anything left over. */
  stop(): Promise<void>;
}

export interface StartOptions {
  kind: DaemonKind;
  binaries: DaemonBinaries;
  configPath: string;
  /** Where the daemon's stdout/stderr go (a file per daemon start). */
  dir: string;
  port: number;
  readyTimeoutMs?: number;
  stopTimeoutMs?: number;
}

/** SIGKILLs every process carrying `marker` (daemon group first, then re-parented children). */
export function killMarked(marker: string): number {
  const pids = pidsWithEnv(MARKER_NAME, marker);
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  return pids.length;
}

/** True when a TCP connection to 127.0.0.1:port is accepted. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

async function waitUntil(what: string, deadlineMs: number, probe: () => Promise<boolean> | boolean): Promise<void> {
  const deadline = performance.now() + deadlineMs;
  for (;;) {
    if (await probe()) return;
    if (performance.now() > deadline) throw new Error(`timed out after ${deadlineMs} ms waiting for ${what}`);
    await Bun.sleep(20);
  }
}

/** Starts a daemon and resolves once it answers supervisor.getState with RUNNING. */
export async function startDaemon(opts: StartOptions): Promise<RunningDaemon> {
  const marker = `${opts.kind}-${randomUUID()}`;
  const cmd =
    opts.kind === "flotilla"
      ? [opts.binaries.flotilla, "serve", "-c", opts.configPath, "-n"]
      : [opts.binaries.supervisord, "-c", opts.configPath, "-n"];
  const out = openSync(join(opts.dir, `${marker}.out`), "w");
  const proc = Bun.spawn({
    cmd,
    env: { ...process.env, [MARKER_NAME]: marker },
    stdin: "ignore",
    stdout: out,
    stderr: out,
    detached: true,
  });
  closeSync(out);
  let exited = false;
  void proc.exited.then(() => {
    exited = true;
  });
  // Last resort when the benchmark itself dies: nothing of this run may outlive it.
  const onExit = (): void => {
    killMarked(marker);
  };
  process.on("exit", onExit);

  const stop = async (): Promise<void> => {
    try {
      if (!exited) {
        try {
          process.kill(proc.pid, "SIGTERM");
        } catch {
          // already gone
        }
        // A cancelled timer, not Bun.sleep: a pending sleep would keep the run alive for a minute.
        let timer: ReturnType<typeof setTimeout> | undefined;
        const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, opts.stopTimeoutMs ?? 60_000)));
        await Promise.race([proc.exited, deadline]);
        clearTimeout(timer);
      }
    } finally {
      if (!exited) {
        try {
          process.kill(-proc.pid, "SIGKILL");
        } catch {
          // group already gone
        }
      }
      killMarked(marker);
      process.off("exit", onExit);
    }
    const left = pidsWithEnv(MARKER_NAME, marker);
    if (left.length > 0) throw new Error(`${opts.kind}: processes ${left.join(", ")} survived the stop`);
    if (await accepts(opts.port)) throw new Error(`${opts.kind}: something still listens on port ${opts.port}`);
  };

  const client = new RpcClient(opts.port, "fresh");
  try {
    await waitUntil(`${opts.kind} to answer on port ${opts.port}`, opts.readyTimeoutMs ?? 60_000, async () => {
      if (exited) throw new Error(`${opts.kind} exited with ${proc.exitCode} before it was ready (see ${opts.dir})`);
      try {
        const { value } = await client.call("supervisor.getState", [], 2_000);
        return typeof value === "object" && value !== null && (value as { statename?: unknown }).statename === "RUNNING";
      } catch {
        return false;
      }
    });
  } catch (err) {
    await stop();
    throw err;
  }
  return { kind: opts.kind, pid: proc.pid, port: opts.port, stop };
}

/** Stops every daemon of a run (all at once); throws one error naming each that failed to stop. */
export async function stopAll(what: string, daemons: RunningDaemon[]): Promise<void> {
  const results = await Promise.allSettled(daemons.map((d) => d.stop()));
  const failed = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed.length > 0) throw new Error(`${what} stop: ${failed.map((f) => String(f.reason)).join("; ")}`);
}

/**
 * A rules-file application whose processes all match `<name>_`, started in one group with an
 * expected load of 1 % each (the cluster benchmarks' workloads).
 */
export function patternApplication(name: string): string {
  return `
  <application name="${name}">
    <programs>
      <program pattern="${name}_">
        <start_sequence>1</start_sequence>
        <expected_loading>1</expected_loading>
      </program>
    </programs>
  </application>`;
}
