// A Flotilla cluster on localhost for the cluster benchmarks: N configs that share one static
// supvisors_list (each instance's peer address is its own inet_http_server port), all N daemons
// launched back to back, XML-RPC polling of the Supvisors state, and a stop that always runs.
// The daemons are started with daemon.ts, so every process of a run carries a marker and is killed.

import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { BenchContext } from "./harness.ts";
import { startDaemon, stopAll, type RunningDaemon } from "./daemon.ts";
import { RpcClient } from "./rpc.ts";
import { configText, freePort } from "./workdir.ts";

/** The heartbeat settings under test. */
export interface Ticks {
  label: string;
  tickPeriod: number;
  inactivityTicks: number;
}

export const DEFAULT_TICKS: Ticks = { label: "default ticks (5 s × 2)", tickPeriod: 5, inactivityTicks: 2 };
export const FAST_TICKS: Ticks = { label: "fast ticks (0.2 s × 3)", tickPeriod: 0.2, inactivityTicks: 3 };

export interface ClusterSpec {
  size: number;
  ticks: Ticks;
  /** [program:x] sections per instance (autostart=false). */
  programs: number;
}

export interface ClusterNode {
  nick: string;
  port: number;
  daemon: RunningDaemon;
}

export interface Cluster {
  nodes: ClusterNode[];
  /** performance.now() just before the first daemon was spawned. */
  launchedAt: number;
  /** performance.now() once the last daemon was spawned. */
  spawnedAt: number;
  /** performance.now() once every daemon answered supervisor.getState RUNNING (20 ms polling). */
  readyAt: number;
  /** Stops every daemon (SIGCONT first, in case one was frozen); throws if anything survived. */
  stop(): Promise<void>;
}

/** "n01".."n10": zero-padded so that the elected Master (smallest nick) is n01. */
export function nickFor(i: number): string {
  return `n${String(i + 1).padStart(2, "0")}`;
}

/** The [supvisors] section shared by every instance of the cluster. */
export function supvisorsSection(list: string, ticks: Ticks): string {
  return [
    "[supvisors]",
    `supvisors_list = ${list}`,
    `tick_period = ${ticks.tickPeriod}`,
    `inactivity_ticks = ${ticks.inactivityTicks}`,
    "synchro_options = STRICT,TIMEOUT",
    "peer_key = flotilla-bench-secret",
    "",
  ].join("\n");
}

/** Writes one config per instance under a fresh directory of ctx.root; returns dirs and paths. */
async function writeConfigs(ctx: BenchContext, spec: ClusterSpec): Promise<{ nick: string; port: number; dir: string; conf: string }[]> {
  const ports: number[] = [];
  // Ports are taken one after the other while each is still free; distinct by construction of the OS.
  while (ports.length < spec.size) {
    const port = await freePort();
    if (!ports.includes(port)) ports.push(port);
  }
  const list = ports.map((port, i) => `<${nickFor(i)}>127.0.0.1:${port}`).join(",");
  const root = mkdtempSync(join(ctx.root, `cluster${spec.size}-`));
  return ports.map((port, i) => {
    const nick = nickFor(i);
    const dir = join(root, nick);
    mkdirSync(join(dir, "logs"), { recursive: true });
    const conf = join(dir, "supervisord.conf");
    const base = configText({ dir, port, programs: spec.programs, autostart: false });
    writeFileSync(conf, `${base}\n${supvisorsSection(list, spec.ticks)}`);
    return { nick, port, dir, conf };
  });
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

/**
 * Spawns every instance back to back (startDaemon spawns before its first await, so the loop
 * launches all N within a few milliseconds), then waits until each answers supervisor.getState.
 */
export async function launchCluster(ctx: BenchContext, spec: ClusterSpec): Promise<Cluster> {
  const configs = await writeConfigs(ctx, spec);
  const launchedAt = performance.now();
  const pending = configs.map((c) =>
    startDaemon({ kind: "flotilla", binaries: ctx.binaries, configPath: c.conf, dir: c.dir, port: c.port }),
  );
  const spawnedAt = performance.now();
  const settled = await Promise.allSettled(pending);
  const readyAt = performance.now();
  const nodes: ClusterNode[] = [];
  settled.forEach((s, i) => {
    if (s.status === "fulfilled") nodes.push({ nick: configs[i]!.nick, port: configs[i]!.port, daemon: s.value });
  });
  const stop = async (): Promise<void> => {
    for (const node of nodes) signal(node.daemon.pid, "SIGCONT");
    await stopAll("cluster", nodes.map((n) => n.daemon));
  };
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failure) {
    await stop();
    throw new Error(`cluster of ${spec.size}: an instance did not start: ${String(failure.reason)}`);
  }
  return { nodes, launchedAt, spawnedAt, readyAt, stop };
}

/** Runs `body` on a freshly launched cluster and stops it, always. */
export async function withCluster<T>(ctx: BenchContext, spec: ClusterSpec, body: (cluster: Cluster) => Promise<T>): Promise<T> {
  const cluster = await launchCluster(ctx, spec);
  try {
    return await body(cluster);
  } finally {
    await cluster.stop();
  }
}

/** supvisors.get_supvisors_state's fsm_statename, or null when the call fails. */
export async function fsmState(client: RpcClient): Promise<string | null> {
  try {
    const { value } = await client.call("supvisors.get_supvisors_state", [], 2_000);
    const name = (value as { fsm_statename?: unknown } | null)?.fsm_statename;
    return typeof name === "string" ? name : null;
  } catch {
    return null;
  }
}

/** nick_identifier → statename, from supvisors.get_all_instances_info. */
export async function instanceStates(client: RpcClient): Promise<Map<string, string>> {
  const { value } = await client.call("supvisors.get_all_instances_info", [], 2_000);
  if (!Array.isArray(value)) throw new Error("get_all_instances_info: expected an array");
  const states = new Map<string, string>();
  for (const item of value) {
    const info = item as { nick_identifier?: unknown; statename?: unknown };
    if (typeof info.nick_identifier === "string" && typeof info.statename === "string") states.set(info.nick_identifier, info.statename);
  }
  return states;
}

/**
 * Polls `probe` every `everyMs` until it is true; resolves with performance.now() taken when the
 * answer that satisfied it arrived. Throws after `deadlineMs`.
 */
export async function pollUntil(what: string, everyMs: number, deadlineMs: number, probe: () => Promise<boolean>): Promise<number> {
  const deadline = performance.now() + deadlineMs;
  for (;;) {
    const before = performance.now();
    if (await probe()) return performance.now();
    if (performance.now() > deadline) throw new Error(`timed out after ${deadlineMs} ms waiting for ${what}`);
    const spent = performance.now() - before;
    if (spent < everyMs) await Bun.sleep(everyMs - spent);
  }
}

/** Waits until every node reports OPERATION; returns, per node, when it first did (performance.now()). */
export async function waitAllOperation(nodes: ClusterNode[], deadlineMs: number, everyMs = 10): Promise<number[]> {
  return Promise.all(
    nodes.map(async (node) => {
      const client = new RpcClient(node.port, "keepalive");
      try {
        return await pollUntil(`${node.nick} in OPERATION`, everyMs, deadlineMs, async () => (await fsmState(client)) === "OPERATION");
      } finally {
        client.close();
      }
    }),
  );
}
