// Chaos benchmark (issue 11): three compiled instances, each in its own network namespace, with
// both cores saturated by two busy loops throughout.
//   1. tick_period 0.2 × 3, start and stop of a 50-process application every 5 s for MINUTES:
//      false losses (target 0);
//   2. the same at the default ticks (5 s × 2) with 20 % packet loss on every namespace;
//   3. kill -9 of the Master's node: time until the survivors agree on a new Master and its
//      RESTART_PROCESS programs run elsewhere (target < 1.5 s), RUNS fresh clusters;
//   4. SIGSTOP of a node for 3 s: time to be declared lost (< 1.5 s); after SIGCONT no third copy,
//      conflict resolved (< 1 s), RUNS fresh clusters.
// Times of 3 and 4 come from the daemons' logs. Prints a markdown table on stdout (progress and
// the reports of broken invariants on stderr).
//
//   bun bench/chaos.ts [--minutes=10] [--runs=3] [--only=load,loss,crash,pause]
// Needs root, ip and nft (apt-get install -y iproute2 nftables) and dist/flotilla (npm run build).

import { startChaosCluster, type ChaosCluster } from "../test/integration/chaos/cluster.ts";
import { cpuHogs } from "../test/integration/chaos/faults.ts";
import { copiesAtMost, noDuplicates } from "../test/integration/chaos/invariants.ts";
import { crashMaster, pauseAndContinue } from "../test/integration/chaos/measure.ts";
import { chaosUnavailable } from "../test/integration/chaos/preflight.ts";
import { formatViolations, timelineOf } from "../test/integration/chaos/report.ts";
import { CONCILIATION_MS, FAILOVER_MS, LOSS_DETECTION_MS } from "../test/integration/chaos/targets.ts";
import { soak, type SoakResult } from "./chaos-soak.ts";
import { exitOnSignals } from "./lib/harness.ts";
import { fmtSummary, summarise } from "./lib/stats.ts";
import { markdownTable, type Row } from "./lib/table.ts";

const arg = (name: string, fallback: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? process.env[`CHAOS_${name.toUpperCase()}`] ?? fallback;
const MINUTES = Number(arg("minutes", "10"));
const RUNS = Math.max(1, Number(arg("runs", "3")));
const ONLY = new Set(arg("only", "load,loss,crash,pause").split(","));
const NICKS = ["n1", "n2", "n3"];
const log = (line: string) => process.stderr.write(`${line}\n`);

/**
 * A fresh loaded cluster at tick 0.2 × 3 for one timed fault; always torn down. The workload places
 * an application first on the first and on the last instance: a cluster that elected the middle
 * one (an instance discovered late by multicast) has nothing to fail over, so it is formed again.
 */
async function withFastCluster<T>(body: (cluster: ChaosCluster, master: string) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const cluster = await startChaosCluster({ nicks: NICKS, discovery: "multicast", tickPeriod: 0.2, inactivityTicks: 3 });
    const hogs = cpuHogs(cluster, 2, 120);
    try {
      const master = await cluster.formed(30_000);
      if (master === NICKS[0] || master === NICKS[NICKS.length - 1] || attempt === 3) return await body(cluster, master);
      log(`the Master is ${master}, on which the workload places nothing first: cluster formed again`);
    } finally {
      hogs.stop();
      await cluster.destroy();
    }
  }
}

const verdict = (ok: boolean) => (ok ? "met" : "**missed**");
const ms = (values: number[]) => (values.length === 0 ? "no value" : `${fmtSummary(summarise(values), 0)} ms`);

/** A soak's rows, also printed at once: a later phase that fails must not take them along. */
function soakRows(r: SoakResult): Row[] {
  const cycle = r.cycleMs.length > 0 ? `, each ${fmtSummary(summarise(r.cycleMs.map((v) => v / 1000)), 1)} s` : "";
  const what = `${r.spec.label}: false losses in ${r.spec.minutes} min (${r.cycles} start/stop cycles of 50 processes${cycle}${r.failedCalls ? `, ${r.failedCalls} calls failed` : ""}${r.dropped ? `, ${r.dropped} packets dropped` : ""})`;
  const rows: Row[] = [
    [what, "0", String(r.falseLosses.length), verdict(r.falseLosses.length === 0)],
    [`${r.spec.label}: other invariants broken (two Masters, duplicates)`, "0", String(r.others.length), verdict(r.others.length === 0)],
  ];
  for (const row of rows) log(row.join(" | "));
  return rows;
}

async function main(): Promise<void> {
  const unavailable = chaosUnavailable();
  if (unavailable) {
    log(`bench/chaos: cannot run here — ${unavailable}`);
    process.exit(2);
  }
  exitOnSignals();
  const rows: Row[] = [];
  if (ONLY.has("load")) {
    const r = await soak({ label: "tick 0.2 × 3, 2 hogs", tickPeriod: 0.2, inactivityTicks: 3, lossPercent: 0, minutes: MINUTES }, log);
    if (r.report) log(r.report);
    rows.push(...soakRows(r));
  }
  if (ONLY.has("loss")) {
    const r = await soak({ label: "default ticks 5 × 2, 20 % loss, 2 hogs", tickPeriod: 5, inactivityTicks: 2, lossPercent: 20, minutes: MINUTES }, log);
    if (r.report) log(r.report);
    rows.push(...soakRows(r));
  }
  if (ONLY.has("crash")) {
    const failovers: number[] = [];
    let missing = 0;
    for (let run = 1; run <= RUNS; run++) {
      const f = await withFastCluster((cluster, master) => crashMaster(cluster, master, 20_000));
      log(`crash run ${run}/${RUNS}: ${f.crashed} killed, ${f.successor} Master after ${f.electedMs ?? "?"} ms, ${f.app} RUNNING after ${f.failoverMs ?? "?"} ms (observer ${f.seenMs} ms)`);
      if (f.failoverMs === null) missing++;
      else failovers.push(f.failoverMs);
    }
    const ok = missing === 0 && failovers.every((v) => v < FAILOVER_MS);
    rows.push([`kill -9 of the Master: new Master agreed + RESTART_PROCESS RUNNING elsewhere, tick 0.2 × 3, 2 hogs (${RUNS} runs${missing ? `, ${missing} not logged` : ""})`, `< ${FAILOVER_MS} ms`, ms(failovers), verdict(ok)]);
  }
  if (ONLY.has("pause")) {
    const lost: number[] = [];
    const resolved: number[] = [];
    let thirdCopies = 0;
    let lateDuplicates = 0;
    let incomplete = 0;
    for (let run = 1; run <= RUNS; run++) {
      const f = await withFastCluster(async (cluster, master) => {
        const figures = await pauseAndContinue(cluster, master, 3_000);
        const settled = Date.now();
        await cluster.observer.until("answers after the conciliation", () => NICKS.every((n) => (cluster.observer.latestOk(n)?.t ?? 0) > settled + 500), 5_000);
        const tl = timelineOf(cluster);
        const third = copiesAtMost(tl, 2);
        const late = noDuplicates(tl, CONCILIATION_MS);
        const report = formatViolations(tl, [...third, ...late], `pause run ${run}`);
        if (report) log(report);
        return { ...figures, third: third.length, late: late.length };
      });
      log(`pause run ${run}/${RUNS}: lost after ${f.lostMs ?? "?"} ms, ${f.moved ? "moved" : "not moved"}, resolved ${f.resolvedMs ?? "?"} ms after SIGCONT, third copies ${f.third}`);
      if (f.lostMs === null || f.resolvedMs === null || !f.moved) incomplete++;
      if (f.lostMs !== null) lost.push(f.lostMs);
      if (f.resolvedMs !== null) resolved.push(f.resolvedMs);
      thirdCopies += f.third;
      lateDuplicates += f.late;
    }
    const note = `tick 0.2 × 3, 2 hogs (${RUNS} runs${incomplete ? `, ${incomplete} incomplete` : ""})`;
    rows.push(
      [`SIGSTOP 3 s: declared lost by the Master, ${note}`, `< ${LOSS_DETECTION_MS} ms`, ms(lost), verdict(lost.length === RUNS && lost.every((v) => v < LOSS_DETECTION_MS))],
      [`  after SIGCONT: third copies seen`, "0", String(thirdCopies), verdict(thirdCopies === 0)],
      [`  after SIGCONT: conflict resolved (last copy stopped)`, `< ${CONCILIATION_MS} ms`, ms(resolved), verdict(resolved.length === RUNS && resolved.every((v) => v < CONCILIATION_MS) && lateDuplicates === 0)],
    );
  }
  console.log(`\n### Chaos benchmark (${MINUTES} min soaks, ${RUNS} runs per timed fault)\n`);
  console.log(markdownTable(["measurement", "target", "result: median (min–max)", "verdict"], rows));
}

await main();
