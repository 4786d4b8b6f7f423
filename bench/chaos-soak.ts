// The soak half of bench/chaos.ts: a 3-instance cluster in network namespaces, both cores
// saturated by two busy loops, the 50-process `load` application started (LESS_LOADED, wait) and
// stopped (wait) every 5 s for `minutes`, optionally with random packet loss on every namespace.
// Nothing is faulty, so every instance seen lost is a false loss (target 0); the other
// invariants are counted too.

import { startChaosCluster } from "../test/integration/chaos/cluster.ts";
import { cpuHogs, droppedByLoss, setLoss } from "../test/integration/chaos/faults.ts";
import { copiesAtMost, noDuplicates, noFalseLoss, singleMaster, type Violation } from "../test/integration/chaos/invariants.ts";
import { formatViolations, timelineOf } from "../test/integration/chaos/report.ts";
import { AFTERMATH_MS, CONCILIATION_MS, ELECTION_GRACE_MS } from "../test/integration/chaos/targets.ts";

export interface SoakSpec {
  label: string;
  tickPeriod: number;
  inactivityTicks: number;
  lossPercent: number;
  minutes: number;
}

export interface SoakResult {
  spec: SoakSpec;
  /** Start+stop cycles done, and calls that failed (fault or timeout). */
  cycles: number;
  /** Duration of each start (wait) + stop (wait) of the 50 processes. */
  cycleMs: number[];
  failedCalls: number;
  falseLosses: Violation[];
  /** Other invariants broken: two Masters, duplicates. */
  others: Violation[];
  /** Packets the loss rules dropped, all namespaces. */
  dropped: number;
  /** The violations, formatted with the observer's samples (empty when none). */
  report: string;
}

const NICKS = ["n1", "n2", "n3"];
const CYCLE_MS = 5_000;

export async function soak(spec: SoakSpec, log: (line: string) => void): Promise<SoakResult> {
  const cluster = await startChaosCluster({ nicks: NICKS, discovery: "multicast", tickPeriod: spec.tickPeriod, inactivityTicks: spec.inactivityTicks });
  const hogs = cpuHogs(cluster, 2, spec.minutes * 60 + 120);
  try {
    const master = await cluster.formed(60_000);
    if (spec.lossPercent > 0) await setLoss(cluster, NICKS, spec.lossPercent);
    const from = Date.now();
    const end = from + spec.minutes * 60_000;
    let cycles = 0;
    const cycleMs: number[] = [];
    let failedCalls = 0;
    let next = from;
    while (Date.now() < end) {
      const began = Date.now();
      for (const [method, params] of [
        ["supvisors.start_application", ["LESS_LOADED", "load", true]],
        ["supvisors.stop_application", ["load", true]],
      ] as const) {
        try {
          await cluster.observer.call(master, method, [...params], CYCLE_MS * 4);
        } catch (err) {
          failedCalls++;
          log(`${spec.label}: ${method} failed: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
      cycles++;
      cycleMs.push(Date.now() - began);
      if (cycles % 12 === 0) log(`${spec.label}: ${cycles} cycles, ${Math.round((Date.now() - from) / 1000)} s`);
      // The workload's own rhythm: one cycle every 5 s, or at once when a cycle took longer.
      next = Math.max(next + CYCLE_MS, Date.now());
      if (next > Date.now()) await new Promise((r) => setTimeout(r, next - Date.now()));
    }
    const dropped = spec.lossPercent > 0 ? NICKS.reduce((sum, n) => sum + droppedByLoss(cluster, n), 0) : 0;
    if (spec.lossPercent > 0) await setLoss(cluster, NICKS, 0);
    const to = Date.now();
    const tl = timelineOf(cluster);
    const falseLosses = noFalseLoss(tl, AFTERMATH_MS, { from, to });
    const others = [...singleMaster(tl, ELECTION_GRACE_MS, { from, to }), ...copiesAtMost(tl, 1, { from, to }), ...noDuplicates(tl, CONCILIATION_MS, { from, to })];
    const report = formatViolations(tl, [...falseLosses, ...others], spec.label);
    return { spec, cycles, cycleMs, failedCalls, falseLosses, others, dropped, report };
  } finally {
    hogs.stop();
    await cluster.destroy();
  }
}
