// Cluster benchmarks (issue 3), Flotilla only, on localhost: (1) time from launching N instances at
// once to all of them in OPERATION, N = 3 and 10; (2) how long another instance takes to see a
// killed instance (kill -9: its link closes) and a frozen one (SIGSTOP: its ticks stop) as no
// longer RUNNING; (3) RSS per instance in a 3-instance cluster with 300 declared processes each.
// Each with the default ticks (5 s × 2) and fast ones (0.2 s × 3) where the ticks matter.
//
//   npm run build && node_modules/.bin/bun bench/cluster.ts
//   (BENCH_RUNS=7 for more runs; BENCH_CLUSTER_FROZEN_DEFAULT_RUNS=3 to shorten the slowest figure)

import { standaloneContext, withDaemon, type BenchContext } from "./lib/harness.ts";
import {
  DEFAULT_TICKS,
  FAST_TICKS,
  instanceStates,
  nickFor,
  pollUntil,
  waitAllOperation,
  withCluster,
  type Ticks,
} from "./lib/cluster.ts";
import { memoryKiB } from "./lib/procfs.ts";
import { RpcClient } from "./lib/rpc.ts";
import { fmtSummary, summarise } from "./lib/stats.ts";
import { markdownTable, type Row } from "./lib/table.ts";

export interface ClusterFigure {
  label: string;
  unit: string;
  values: number[];
  digits?: number;
  note?: string;
}

/** Time left after OPERATION for the memory to settle, as in bench/rss.ts. */
const SETTLE_MS = 2_000;
const RSS_PROGRAMS = 300;

async function benchStartup(ctx: BenchContext, size: number, ticks: Ticks): Promise<ClusterFigure[]> {
  const last: number[] = [];
  const first: number[] = [];
  const ready: number[] = [];
  for (let run = 0; run < ctx.runs; run++) {
    await withCluster(ctx, { size, ticks, programs: 0 }, async (cluster) => {
      const times = await waitAllOperation(cluster.nodes, 120_000);
      const all = (Math.max(...times) - cluster.launchedAt) / 1000;
      const one = (Math.min(...times) - cluster.launchedAt) / 1000;
      const up = (cluster.readyAt - cluster.launchedAt) / 1000;
      last.push(all);
      first.push(one);
      ready.push(up);
      ctx.log(`startup N=${size} ${ticks.label} run ${run + 1}/${ctx.runs}: all answering ${up.toFixed(2)} s, first OPERATION ${one.toFixed(2)} s, all ${all.toFixed(2)} s (spawns took ${(cluster.spawnedAt - cluster.launchedAt).toFixed(0)} ms)`);
    });
  }
  return [
    { label: `launch ${size} → all in OPERATION, ${ticks.label}`, unit: "s", values: last, digits: 2 },
    { label: `  first instance in OPERATION, ${size}, ${ticks.label}`, unit: "s", values: first, digits: 2 },
    { label: `  all ${size} answering XML-RPC (before any tick matters)`, unit: "s", values: ready, digits: 2, note: "20 ms polling" },
  ];
}

type Fault = "kill" | "freeze";

/** Seconds from the signal to the first get_all_instances_info of n01 that shows the victim not RUNNING. */
async function benchDetection(ctx: BenchContext, fault: Fault, ticks: Ticks, runs: number): Promise<ClusterFigure> {
  const values: number[] = [];
  const seen = new Set<string>();
  for (let run = 0; run < runs; run++) {
    await withCluster(ctx, { size: 3, ticks, programs: 0 }, async (cluster) => {
      await waitAllOperation(cluster.nodes, 120_000);
      const observer = cluster.nodes[0]!;
      const victim = cluster.nodes[2]!;
      const client = new RpcClient(observer.port, "keepalive");
      try {
        // Everyone RUNNING as n01 sees it, so the clock starts from a settled view.
        await pollUntil("all RUNNING at n01", 10, 60_000, async () => [...(await instanceStates(client)).values()].every((s) => s === "RUNNING"));
        const signalledAt = performance.now();
        process.kill(victim.daemon.pid, fault === "kill" ? "SIGKILL" : "SIGSTOP");
        let state = "";
        const detectedAt = await pollUntil(`n01 sees ${victim.nick} lost`, 10, 60_000, async () => {
          state = (await instanceStates(client)).get(victim.nick) ?? "";
          return state !== "RUNNING";
        });
        seen.add(state);
        const s = (detectedAt - signalledAt) / 1000;
        values.push(s);
        ctx.log(`detection ${fault} ${ticks.label} run ${run + 1}/${runs}: ${s.toFixed(3)} s (${victim.nick} ${state})`);
      } finally {
        client.close();
        if (fault === "freeze") process.kill(victim.daemon.pid, "SIGCONT");
      }
    });
  }
  const what = fault === "kill" ? "kill -9 (link closes)" : "SIGSTOP (ticks stop)";
  return { label: `detection of ${what}, ${ticks.label}`, unit: "s", values, digits: 3, note: `seen as ${[...seen].join("/")}` };
}

async function benchClusterRss(ctx: BenchContext): Promise<ClusterFigure[]> {
  const perInstance: number[] = [];
  const anon: number[] = [];
  const single: number[] = [];
  for (let run = 0; run < ctx.runs; run++) {
    await withCluster(ctx, { size: 3, ticks: FAST_TICKS, programs: RSS_PROGRAMS }, async (cluster) => {
      await waitAllOperation(cluster.nodes, 120_000);
      await Bun.sleep(SETTLE_MS);
      const mems = cluster.nodes.map((n) => memoryKiB(n.daemon.pid));
      for (const [i, mem] of mems.entries()) {
        if (mem === null) throw new Error(`${nickFor(i)} is gone`);
        perInstance.push(mem.rss / 1024);
        anon.push(mem.anon / 1024);
      }
      ctx.log(`cluster rss run ${run + 1}/${ctx.runs}: ${mems.map((m) => `${((m?.rss ?? 0) / 1024).toFixed(1)} (anon ${((m?.anon ?? 0) / 1024).toFixed(1)})`).join(", ")} MiB`);
    });
    // The same 300 programs without [supvisors]: what the cluster itself adds.
    await withDaemon(ctx, "flotilla", { programs: RSS_PROGRAMS, autostart: false }, async (daemon) => {
      await Bun.sleep(SETTLE_MS);
      const mem = memoryKiB(daemon.pid);
      if (mem === null) throw new Error("single flotilla is gone");
      single.push(mem.rss / 1024);
      ctx.log(`single rss run ${run + 1}/${ctx.runs}: ${(mem.rss / 1024).toFixed(1)} MiB`);
    });
  }
  const declared = `${RSS_PROGRAMS} declared processes (autostart=false, none running)`;
  return [
    { label: `RSS (VmRSS) per instance, cluster of 3, ${declared}, fast ticks`, unit: "MiB", values: perInstance, note: `${perInstance.length} samples (3 per run)` },
    { label: "  of which anonymous (RssAnon)", unit: "MiB", values: anon, note: `${anon.length} samples` },
    { label: `RSS (VmRSS), one Flotilla without [supvisors], ${declared}`, unit: "MiB", values: single },
  ];
}

/** Runs every cluster figure, in the order of the issue. */
export async function benchCluster(ctx: BenchContext): Promise<ClusterFigure[]> {
  const figures: ClusterFigure[] = [];
  // Fast ticks first: a broken setup shows within seconds instead of minutes.
  for (const ticks of [FAST_TICKS, DEFAULT_TICKS]) {
    for (const size of [3, 10]) figures.push(...(await benchStartup(ctx, size, ticks)));
  }
  const frozenDefaultRuns = Number(process.env.BENCH_CLUSTER_FROZEN_DEFAULT_RUNS ?? ctx.runs);
  for (const ticks of [FAST_TICKS, DEFAULT_TICKS]) {
    figures.push(await benchDetection(ctx, "kill", ticks, ctx.runs));
    figures.push(await benchDetection(ctx, "freeze", ticks, ticks === DEFAULT_TICKS ? frozenDefaultRuns : ctx.runs));
  }
  figures.push(...(await benchClusterRss(ctx)));
  return figures;
}

export function clusterTable(figures: ClusterFigure[]): string {
  const header: Row = ["measurement", "unit", "median (min–max)", "runs", "note"];
  const rows = figures.map((f): Row => [f.label, f.unit, fmtSummary(summarise(f.values), f.digits ?? 1), String(f.values.length), f.note ?? ""]);
  return markdownTable(header, rows);
}

if (import.meta.main) {
  const { ctx, done } = standaloneContext();
  try {
    const started = performance.now();
    const figures = await benchCluster(ctx);
    console.log(`## Cluster (${((performance.now() - started) / 60_000).toFixed(1)} min)\n`);
    console.log(clusterTable(figures));
  } finally {
    done();
  }
}
