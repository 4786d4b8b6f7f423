// Figure 3 of the applications benchmarks: a node lost with RESTART_PROCESS programs on it. In a
// fresh 3-instance cluster, the `ha` application (HA_PROCESSES processes, CONFIG order n03, n02,
// n01) is started on n03; then n03 is either killed (kill -9 of the daemon, then of each of its
// children: its peer links close at once) or frozen (SIGSTOP of the daemon alone: a silent node,
// as behind a network cut, seen only through its missing ticks). n01 (the Master) is polled every
// 10 ms until every `ha` process is RUNNING on another instance. The activity logs tell when the
// Master sent its first restart order and when the last process was logged RUNNING again.

import type { ClusterFigure } from "./cluster.ts";
import type { AppBenchContext } from "./applications-janitor.ts";
import { DEFAULT_TICKS, FAST_TICKS, instanceStates, type Ticks } from "./lib/cluster.ts";
import { childrenOf } from "./lib/procfs.ts";
import { HA_PROCESSES, waitOperation, withAppCluster, type AppCluster } from "./applications-cluster.ts";
import { LogCursor, firstAt, lastAt } from "./applications-logs.ts";
import { allRunningOnce, firstTrue, processStatuses } from "./applications-probes.ts";

type Fault = "kill" | "freeze";

/** Seconds after the signal. */
interface FailoverSample {
  detected: number;
  restarted: number;
  firstOrder: number | null;
  lastRunningLogged: number | null;
  movedTo: string;
}

function placement(cluster: AppCluster, identifiers: string[][]): string {
  return [...new Set(identifiers.flat().map((id) => cluster.nickOf(id)))].sort().join(",");
}

/** Starts `ha` on n03 and waits until n01 sees every process of it RUNNING there. */
async function startHa(cluster: AppCluster): Promise<void> {
  const master = cluster.nodes[0]!.rpc;
  const { value } = await master.call("supvisors.start_application", ["CONFIG", "ha", true], 30_000);
  if (value !== true) throw new Error(`start_application ha: ${JSON.stringify(value)}`);
  await firstTrue("ha RUNNING on n03", 10, 10_000, async () => {
    const statuses = await processStatuses(master, "ha:*");
    return allRunningOnce(statuses, HA_PROCESSES) && placement(cluster, statuses.map((s) => s.identifiers)) === "n03";
  });
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

async function measureFailover(cluster: AppCluster, fault: Fault): Promise<FailoverSample> {
  await waitOperation(cluster);
  await startHa(cluster);
  const [observer, survivor, victim] = [cluster.nodes[0]!, cluster.nodes[1]!, cluster.nodes[2]!];
  const cursors = [observer, survivor].map((n) => new LogCursor(n.logPath));
  for (const cursor of cursors) cursor.mark();
  const children = fault === "kill" ? childrenOf(victim.daemon.pid) : [];
  if (fault === "kill" && children.length < HA_PROCESSES) throw new Error(`n03 has ${children.length} children, expected ${HA_PROCESSES}`);
  const wall0 = Date.now();
  const t0 = performance.now();
  // The daemon first, so that it cannot report its children's deaths as process failures.
  signal(victim.daemon.pid, fault === "kill" ? "SIGKILL" : "SIGSTOP");
  for (const pid of children) signal(pid, "SIGKILL");
  let detected: number | null = null;
  let movedTo = "";
  const restartedAt = await firstTrue("ha RUNNING elsewhere", 10, 60_000, async () => {
    if (detected === null && (await instanceStates(observer.rpc)).get(victim.nick) !== "RUNNING") detected = performance.now() - t0;
    const statuses = await processStatuses(observer.rpc, "ha:*");
    movedTo = placement(cluster, statuses.map((s) => s.identifiers));
    return allRunningOnce(statuses, HA_PROCESSES) && !movedTo.split(",").includes(victim.nick);
  });
  // The daemons write their activity log synchronously: every line of the restart is there by now.
  const lines = cursors.map((c) => c.since());
  const firstOrder = firstAt(lines[0]!, /^start_args ha:/);
  const lastRunning = lastAt(lines.flat(), /^success: ha_\d+ entered RUNNING/);
  return {
    detected: (detected ?? restartedAt - t0) / 1000,
    restarted: (restartedAt - t0) / 1000,
    firstOrder: firstOrder === null ? null : (firstOrder - wall0) / 1000,
    lastRunningLogged: lastRunning === null ? null : (lastRunning - wall0) / 1000,
    movedTo,
  };
}

interface FailoverCase {
  fault: Fault;
  ticks: Ticks;
}

const CASES: FailoverCase[] = [
  { fault: "kill", ticks: FAST_TICKS },
  { fault: "freeze", ticks: FAST_TICKS },
  { fault: "kill", ticks: DEFAULT_TICKS },
];

const present = (values: (number | null)[]): number[] => values.filter((v): v is number => v !== null);

/** A fresh cluster per run: a lost node cannot be brought back as it was. */
export async function benchFailover(ctx: AppBenchContext): Promise<ClusterFigure[]> {
  const figures: ClusterFigure[] = [];
  for (const { fault, ticks } of CASES) {
    const samples: FailoverSample[] = [];
    for (let run = 0; run < ctx.runs; run++) {
      const s = await withAppCluster(ctx, { size: 3, ticks, conciliation: "USER" }, (cluster) => measureFailover(cluster, fault));
      samples.push(s);
      ctx.log(
        `failover ${fault} ${ticks.label} run ${run + 1}/${ctx.runs}: lost seen ${s.detected.toFixed(3)} s, first order ${s.firstOrder?.toFixed(3) ?? "?"} s, ` +
          `last RUNNING logged ${s.lastRunningLogged?.toFixed(3) ?? "?"} s, all RUNNING on ${s.movedTo} seen ${s.restarted.toFixed(3)} s`,
      );
    }
    const what = fault === "kill" ? "kill -9 of n03 and its children" : "SIGSTOP of n03's daemon";
    const moved = [...new Set(samples.map((s) => s.movedTo))].join("/");
    const orders = present(samples.map((s) => s.firstOrder));
    const logged = present(samples.map((s) => s.lastRunningLogged));
    const row = (label: string, values: number[], note: string): ClusterFigure => ({ label, unit: "s", values, digits: 3, note });
    figures.push(
      row(`${what} → ${HA_PROCESSES} RESTART_PROCESS RUNNING elsewhere, ${ticks.label}`, samples.map((s) => s.restarted), `moved to ${moved}; 10 ms polling`),
      row("  n01 sees n03 no longer RUNNING", samples.map((s) => s.detected), "10 ms polling"),
    );
    if (orders.length > 0) figures.push(row("  Master's first restart order", orders, "Master's log, 1 ms"));
    if (logged.length > 0) figures.push(row("  last process logged RUNNING again", logged, "instances' logs, 1 ms"));
  }
  return figures;
}
