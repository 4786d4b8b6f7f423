// The cluster under test for the applications benchmarks (issue 4): N Flotilla instances on
// localhost sharing one supvisors_list and one rules file. Every instance declares the same
// programs, all `/bin/sleep` with autostart=false:
//   - `fast` and `slow`: 50 processes each (numprocs), startsecs 0 and 1, one start_sequence rank,
//     expected_loading 1 so that LESS_LOADED spreads them; never started automatically;
//   - `solo`: one process, started by hand on two instances to make a conflict;
//   - `ha`: HA_PROCESSES processes with RESTART_PROCESS, placed on the victim first (CONFIG order
//     n03, n02, n01), to see them moved when their node is lost.
// Daemons are started with bench/lib/daemon.ts, so every process carries the run's marker and is
// killed by the stop; while a cluster runs, the Janitor also knows its daemons (Ctrl-C).

import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { nickFor, supvisorsSection, type Ticks } from "./lib/cluster.ts";
import { patternApplication, startDaemon, type RunningDaemon } from "./lib/daemon.ts";
import { RpcClient } from "./lib/rpc.ts";
import { configText, freePort } from "./lib/workdir.ts";
import type { AppBenchContext } from "./applications-janitor.ts";
import { firstTrue, fsm } from "./applications-probes.ts";

/** Processes of each of the `fast` and `slow` applications. */
export const APP_PROCESSES = 50;
/** RESTART_PROCESS processes of the `ha` application. */
export const HA_PROCESSES = 10;

export type Conciliation = "USER" | "SENICIDE" | "INFANTICIDE" | "STOP" | "RESTART" | "RUNNING_FAILURE";

export interface AppClusterSpec {
  size: number;
  ticks: Ticks;
  conciliation: Conciliation;
}

export interface AppNode {
  nick: string;
  port: number;
  daemon: RunningDaemon;
  /** The instance's activity log (supervisord.log in its directory). */
  logPath: string;
  /** A kept-alive client for this instance, closed by the cluster's stop. */
  rpc: RpcClient;
}

export interface AppCluster {
  nodes: AppNode[];
  /** The nick of an identifier as the Supvisors XML-RPCs give it ("127.0.0.1:PORT" or the nick). */
  nickOf(identifier: string): string;
  stop(): Promise<void>;
}

function rulesText(victimFirst: string): string {
  const app = patternApplication;
  return `<?xml version="1.0" encoding="UTF-8"?>
<root>${app("fast")}${app("slow")}
  <application name="solo">
    <programs>
      <program name="solo">
        <running_failure_strategy>RESTART_PROCESS</running_failure_strategy>
      </program>
    </programs>
  </application>
  <application name="ha">
    <starting_strategy>CONFIG</starting_strategy>
    <programs>
      <program pattern="ha_">
        <identifiers>${victimFirst}</identifiers>
        <start_sequence>1</start_sequence>
        <running_failure_strategy>RESTART_PROCESS</running_failure_strategy>
      </program>
    </programs>
  </application>
</root>
`;
}

function program(name: string, numprocs: number, startsecs: number, logs: string): string {
  const lines = [`[program:${name}]`, "command=/bin/sleep 100000", `startsecs=${startsecs}`, "autostart=false", "autorestart=false"];
  if (numprocs > 1) lines.push("process_name=%(program_name)s_%(process_num)02d", `numprocs=${numprocs}`);
  // One log file per process and stream, as the single-node benchmarks have.
  lines.push(`stdout_logfile=${logs}/%(process_num)02d-${name}.out`, `stderr_logfile=${logs}/%(process_num)02d-${name}.err`, "");
  return lines.join("\n");
}

function programsText(logs: string): string {
  return [
    program("fast", APP_PROCESSES, 0, logs),
    program("slow", APP_PROCESSES, 1, logs),
    program("solo", 1, 0, logs),
    program("ha", HA_PROCESSES, 0, logs),
  ].join("\n");
}

/** Writes the rules file and one config per instance under a fresh directory of ctx.root. */
async function writeConfigs(ctx: AppBenchContext, spec: AppClusterSpec): Promise<{ nick: string; port: number; dir: string; conf: string }[]> {
  const ports: number[] = [];
  while (ports.length < spec.size) {
    const port = await freePort();
    if (!ports.includes(port)) ports.push(port);
  }
  const nicks = ports.map((_, i) => nickFor(i));
  const list = ports.map((port, i) => `<${nicks[i]}>127.0.0.1:${port}`).join(",");
  const root = mkdtempSync(join(ctx.root, `apps${spec.size}-`));
  const rules = join(root, "rules.xml");
  writeFileSync(rules, rulesText([...nicks].reverse().join(",")));
  const extra = [`rules_files = ${rules}`, `conciliation_strategy = ${spec.conciliation}`, ""].join("\n");
  return ports.map((port, i) => {
    const dir = join(root, nicks[i]!);
    const logs = join(dir, "logs");
    mkdirSync(logs, { recursive: true });
    const conf = join(dir, "supervisord.conf");
    const base = configText({ dir, port, programs: 0, autostart: false });
    writeFileSync(conf, `${base}\n${programsText(logs)}\n${supvisorsSection(list, spec.ticks)}${extra}`);
    return { nick: nicks[i]!, port, dir, conf };
  });
}

/** Launches every instance back to back and resolves once each answers supervisor.getState. */
export async function launchAppCluster(ctx: AppBenchContext, spec: AppClusterSpec): Promise<AppCluster> {
  const configs = await writeConfigs(ctx, spec);
  const settled = await Promise.allSettled(
    configs.map((c) => startDaemon({ kind: "flotilla", binaries: ctx.binaries, configPath: c.conf, dir: c.dir, port: c.port })),
  );
  const nodes: AppNode[] = [];
  settled.forEach((s, i) => {
    const c = configs[i]!;
    if (s.status !== "fulfilled") return;
    nodes.push({ nick: c.nick, port: c.port, daemon: s.value, logPath: join(c.dir, "supervisord.log"), rpc: new RpcClient(c.port, "keepalive") });
  });
  const untrack = ctx.janitor.track(nodes.map((n) => n.daemon.pid));
  const stop = async (): Promise<void> => {
    for (const node of nodes) {
      node.rpc.close();
      try {
        process.kill(node.daemon.pid, "SIGCONT");
      } catch {
        // already gone (killed by the benchmark)
      }
    }
    const results = await Promise.allSettled(nodes.map((n) => n.daemon.stop()));
    // The directory stays until the end of the benchmark (see BenchContext.root).
    untrack();
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed.length > 0) throw new Error(`cluster stop: ${failed.map((f) => String(f.reason)).join("; ")}`);
  };
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failure) {
    await stop();
    throw new Error(`applications cluster of ${spec.size}: an instance did not start: ${String(failure.reason)}`);
  }
  const nickOf = (identifier: string): string =>
    configs.find((c) => identifier === c.nick || identifier.endsWith(`:${c.port}`))?.nick ?? identifier;
  return { nodes, nickOf, stop };
}

/** Runs `body` on a freshly launched cluster and stops it, always. */
export async function withAppCluster<T>(ctx: AppBenchContext, spec: AppClusterSpec, body: (cluster: AppCluster) => Promise<T>): Promise<T> {
  const cluster = await launchAppCluster(ctx, spec);
  try {
    return await body(cluster);
  } finally {
    await cluster.stop();
  }
}

/** Waits until every instance reports OPERATION. */
export async function waitOperation(cluster: AppCluster, deadlineMs = 60_000): Promise<void> {
  await firstTrue("every instance in OPERATION", 10, deadlineMs, async () => {
    const states = await Promise.all(cluster.nodes.map((n) => fsm(n.rpc)));
    return states.every((s) => s === "OPERATION");
  });
}
