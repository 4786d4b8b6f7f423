// Scale benchmark (issue 11): 10 Flotilla instances × 1 000 declared programs on 127.0.0.1, default
// ticks, idle until the benchmark starts a 90-process application. Figures per run:
//   - launch → every instance in OPERATION (50 ms polling);
//   - latency of the read XML-RPCs on the Master (n01), median of CALLS calls each over one
//     kept-alive connection, after WARMUP unmeasured ones;
//   - dashboard index.html and the application page of `big` (810 processes × 10 instances);
//   - start_application(app90, wait) with LESS_LOADED (9 per instance) and CONFIG (all 90 on n01),
//     each followed by stop_application(wait); STARTS of each;
//   - the event loop's lateness on every instance, from /metrics, per phase.
// A figure is the median over runs of each run's median.
//
//   npm run build && node_modules/.bin/bun bench/scale.ts
//   (SCALE_RUNS=5 for more clusters; default 3. SCALE_SIZE / SCALE_CALLS to shrink for a try.)
//   SCALE_BEFORE=/path/to/other/flotilla: each run measures that build and this one in turn (the
//   order swapped every run), so that the two columns share the machine's conditions.

import { standaloneContext } from "./lib/harness.ts";
import { machineDescription, loadAverage } from "./lib/machine.ts";
import { waitAllOperation } from "./lib/cluster.ts";
import { fmtSummary, median, summarise } from "./lib/stats.ts";
import { markdownTable, type Row } from "./lib/table.ts";
import { firstTrue, processStatuses, allRunningOnce, allStopped } from "./applications-probes.ts";
import { APPS, BIG_APP, PROGRAMS, START_APP, START_COUNT, launchScaleCluster, type ScaleCluster } from "./scale-cluster.ts";
import { lagBetween, scrapeLag, timeGet, type LagSnapshot } from "./scale-probes.ts";

const SIZE = Number(process.env.SCALE_SIZE ?? 10);
const RUNS = Number(process.env.SCALE_RUNS ?? 3);
const CALLS = Number(process.env.SCALE_CALLS ?? 50);
const WARMUP = 5;
const STARTS = 5;

const READS = [
  // The floor: the round trip of a call that reads nothing (HTTP, XML-RPC decoding and encoding).
  "supervisor.getAPIVersion",
  "supvisors.get_supvisors_state",
  "supvisors.get_all_instances_info",
  "supvisors.get_all_applications_info",
  "supvisors.get_all_process_info",
  "supervisor.getAllProcessInfo",
] as const;

type Phase = "startup" | "reads" | "pages" | "starts";
const PHASES: Phase[] = ["startup", "reads", "pages", "starts"];

/** The figures of one build: label → one value per run (ms or s as the label says), lateness per phase. */
interface Results {
  figures: Map<string, number[]>;
  lag: Map<Phase, { worst: number[]; over50: number[]; workWorst: number[]; workOver50: number[] }>;
  maxLag: number[];
  /** The worst work part (the daemon's own CPU) of one lateness, per run; empty for builds without it. */
  maxWork: number[];
}

function newResults(): Results {
  return { figures: new Map(), lag: new Map(), maxLag: [], maxWork: [] };
}

let results: Results = newResults();

function put(label: string, value: number): void {
  results.figures.set(label, [...(results.figures.get(label) ?? []), value]);
}

async function snapshots(cluster: ScaleCluster): Promise<LagSnapshot[]> {
  return Promise.all(cluster.nodes.map((n) => scrapeLag(n.port)));
}

function recordLag(phase: Phase, before: LagSnapshot[] | null, after: LagSnapshot[]): void {
  const empty: LagSnapshot = { buckets: new Map(), count: 0, max: 0 };
  const per = after.map((a, i) => lagBetween(before?.[i] ?? empty, a));
  const entry = results.lag.get(phase) ?? { worst: [], over50: [], workWorst: [], workOver50: [] };
  entry.worst.push(Math.max(...per.map((p) => p.worstBound)));
  entry.over50.push(per.reduce((sum, p) => sum + p.over50ms, 0));
  if (after.every((a) => a.work !== undefined)) {
    const work = after.map((a, i) => lagBetween(before?.[i]?.work ?? empty, a.work!));
    entry.workWorst.push(Math.max(...work.map((p) => p.worstBound)));
    entry.workOver50.push(work.reduce((sum, p) => sum + p.over50ms, 0));
  }
  results.lag.set(phase, entry);
}

async function timedCalls(cluster: ScaleCluster, method: string, check: (v: unknown) => boolean): Promise<number> {
  const rpc = cluster.nodes[0]!.rpc;
  const times: number[] = [];
  for (let i = 0; i < WARMUP + CALLS; i++) {
    const { value, ms } = await rpc.call(method, [], 10_000);
    if (!check(value)) throw new Error(`${method}: unexpected answer ${JSON.stringify(value).slice(0, 200)}`);
    if (i >= WARMUP) times.push(ms);
  }
  return median(times);
}

async function oneRun(run: number, log: (l: string) => void, ctx: Parameters<typeof launchScaleCluster>[0]): Promise<void> {
  const cluster = await launchScaleCluster(ctx, SIZE);
  try {
    const master = cluster.nodes[0]!;
    const times = await waitAllOperation(cluster.nodes, 180_000, 50);
    put("launch → all in OPERATION (s)", (Math.max(...times) - cluster.launchedAt) / 1000);
    // Settled: the Master sees every instance RUNNING and every process of every application.
    await firstTrue("Master sees everything", 100, 120_000, async () => {
      const { value: inst } = await master.rpc.call("supvisors.get_all_instances_info", [], 10_000);
      const { value: procs } = await master.rpc.call("supvisors.get_all_process_info", [], 10_000);
      return (
        Array.isArray(inst) && inst.length === SIZE && inst.every((i) => (i as { statename?: string }).statename === "RUNNING") &&
        Array.isArray(procs) && procs.length === PROGRAMS
      );
    });
    put("launch → settled view on the Master (s)", (performance.now() - cluster.launchedAt) / 1000);
    let snap = await snapshots(cluster);
    recordLag("startup", null, snap);
    log(`run ${run + 1}: OPERATION after ${((Math.max(...times) - cluster.launchedAt) / 1000).toFixed(2)} s`);

    const arrayOf = (n: number) => (v: unknown) => Array.isArray(v) && v.length === n;
    const checks: Record<(typeof READS)[number], (v: unknown) => boolean> = {
      "supervisor.getAPIVersion": (v) => typeof v === "string",
      "supvisors.get_supvisors_state": (v) => (v as { fsm_statename?: string }).fsm_statename === "OPERATION",
      "supvisors.get_all_instances_info": arrayOf(SIZE),
      "supvisors.get_all_applications_info": arrayOf(Object.keys(APPS).length),
      "supvisors.get_all_process_info": arrayOf(PROGRAMS),
      "supervisor.getAllProcessInfo": arrayOf(PROGRAMS),
    };
    for (const method of READS) put(`${method} (ms)`, await timedCalls(cluster, method, checks[method]));
    let next = await snapshots(cluster);
    recordLag("reads", snap, next);
    snap = next;

    const base = `http://127.0.0.1:${master.port}`;
    const pageTimes = async (url: string, n: number): Promise<{ ms: number; bytes: number }> => {
      const all: number[] = [];
      let bytes = 0;
      for (let i = 0; i < WARMUP + n; i++) {
        const r = await timeGet(url, 1_000);
        bytes = r.bytes;
        if (i >= WARMUP) all.push(r.ms);
      }
      return { ms: median(all), bytes };
    };
    const index = await pageTimes(`${base}/index.html`, CALLS);
    put("dashboard index.html (ms)", index.ms);
    const app = await pageTimes(`${base}/application.html?appname=${BIG_APP}`, Math.min(CALLS, 20));
    put(`application page of ${BIG_APP}, ${APPS[BIG_APP]} programs (ms)`, app.ms);
    log(`run ${run + 1}: index ${index.ms.toFixed(1)} ms (${index.bytes} B), application page ${app.ms.toFixed(1)} ms (${app.bytes} B)`);
    next = await snapshots(cluster);
    recordLag("pages", snap, next);
    snap = next;

    const starts: Record<string, number[]> = { LESS_LOADED: [], CONFIG: [] };
    const stops: number[] = [];
    for (let i = 0; i < STARTS * 2; i++) {
      const strategy = i % 2 === 0 ? "LESS_LOADED" : "CONFIG";
      const s = await master.rpc.call("supvisors.start_application", [strategy, START_APP, true], 60_000);
      const statuses = await processStatuses(master.rpc, `${START_APP}:*`);
      if (!allRunningOnce(statuses, START_COUNT)) throw new Error(`${strategy} start: not all ${START_COUNT} RUNNING once`);
      starts[strategy]!.push(s.ms);
      const t = await master.rpc.call("supvisors.stop_application", [START_APP, true], 60_000);
      await firstTrue(`${START_APP} stopped`, 20, 30_000, async () => allStopped(await processStatuses(master.rpc, `${START_APP}:*`), START_COUNT));
      stops.push(t.ms);
    }
    put(`start_application(LESS_LOADED, ${START_APP}, wait), ${START_COUNT} over ${SIZE} (ms)`, median(starts.LESS_LOADED!));
    put(`start_application(CONFIG, ${START_APP}, wait), ${START_COUNT} on n01 (ms)`, median(starts.CONFIG!));
    put(`stop_application(${START_APP}, wait) (ms)`, median(stops));
    log(`run ${run + 1}: starts LESS_LOADED ${starts.LESS_LOADED!.map((x) => x.toFixed(0)).join(" ")} CONFIG ${starts.CONFIG!.map((x) => x.toFixed(0)).join(" ")} ms`);
    next = await snapshots(cluster);
    recordLag("starts", snap, next);
    results.maxLag.push(Math.max(...next.map((s) => s.max)) * 1000);
    if (next.every((s) => s.work !== undefined)) results.maxWork.push(Math.max(...next.map((s) => s.work!.max)) * 1000);
  } finally {
    await cluster.stop();
  }
}

function report(title: string, r: Results): void {
  const rows: Row[] = [...r.figures].map(([label, values]) => [label, fmtSummary(summarise(values), label.endsWith("(s)") ? 2 : 1), String(values.length)]);
  const bound = (worst: number) => (worst === Infinity ? "> 2.5 s" : `≤ ${worst * 1000} ms`);
  const lagRows: Row[] = PHASES.filter((p) => r.lag.has(p)).map((p) => {
    const e = r.lag.get(p)!;
    const work: Row = e.workWorst.length > 0 ? [bound(Math.max(...e.workWorst)), e.workOver50.join(" / ")] : ["—", "—"];
    return [p, bound(Math.max(...e.worst)), e.over50.join(" / "), ...work];
  });
  console.log(`\n### ${title}\n`);
  console.log(markdownTable(["figure", "median (min–max) of run medians", "runs"], rows));
  console.log("");
  console.log(
    markdownTable(
      ["phase", "longest lateness of any instance", "lateness > 50 ms, all instances, per run", "longest work part", "work part > 50 ms, per run"],
      lagRows,
    ),
  );
  console.log(`\nworst flotilla_event_loop_lag_max_seconds over the instances, per run: ${r.maxLag.map((m) => `${m.toFixed(0)} ms`).join(" / ")}`);
  if (r.maxWork.length > 0) console.log(`worst flotilla_event_loop_work_max_seconds over the instances, per run: ${r.maxWork.map((m) => `${m.toFixed(0)} ms`).join(" / ")}`);
}

async function main(): Promise<void> {
  const { ctx, done } = standaloneContext();
  try {
    const header = machineDescription(ctx.binaries, ctx.root);
    const before = process.env.SCALE_BEFORE;
    const builds: { name: string; binary: string; results: Results }[] = [{ name: "this build", binary: ctx.binaries.flotilla, results: newResults() }];
    if (before) builds.unshift({ name: `before (${before.split("/").pop()})`, binary: before, results: newResults() });
    for (let run = 0; run < RUNS; run++) {
      const order = run % 2 === 0 ? builds : [...builds].reverse();
      for (const build of order) {
        results = build.results;
        ctx.log(`run ${run + 1}: ${build.name}, load ${loadAverage()}`);
        await oneRun(run, ctx.log, { ...ctx, binaries: { ...ctx.binaries, flotilla: build.binary } });
      }
    }
    console.log(header.join("\n"));
    console.log(`- load average at end: ${loadAverage()}`);
    console.log(`- ${SIZE} instances × ${PROGRAMS} programs (${Object.entries(APPS).map(([a, n]) => `${a} ${n}`).join(", ")}), ${RUNS} runs, ${CALLS} calls per read figure`);
    for (const build of builds) report(build.name, build.results);
  } finally {
    done();
  }
}

await main();
