// Figure 1 of the applications benchmarks: supvisors.start_application(strategy, app, wait=true)
// of a 50-process application over 3 instances, startsecs 0 (`fast`) and 1 (`slow`), placed
// LESS_LOADED (17/17/16) or CONFIG (all 50 on n01). Per start: when the call returned, when a
// second client first saw all 50 RUNNING through supvisors.get_process_info (10 ms polling), and
// from the activity logs when the Master sent its first and its last start order and when the
// last process was logged RUNNING. The application is stopped between runs with
// stop_application(wait=true), and each daemon's children are counted to check that nothing is
// left over. The first start of each cluster is reported apart (cold); the others follow
// unmeasured warm-up cycles (steady state).

import type { ClusterFigure } from "./cluster.ts";
import type { AppBenchContext } from "./applications-janitor.ts";
import { DEFAULT_TICKS, FAST_TICKS, type Ticks } from "./lib/cluster.ts";
import { countChildrenNamed } from "./lib/procfs.ts";
import { RpcClient } from "./lib/rpc.ts";
import { APP_PROCESSES, waitOperation, withAppCluster, type AppCluster } from "./applications-cluster.ts";
import { LogCursor, firstAt, lastAt } from "./applications-logs.ts";
import { allRunningOnce, allStopped, firstTrue, processStatuses } from "./applications-probes.ts";

type App = "fast" | "slow";
type Strategy = "LESS_LOADED" | "CONFIG";

interface Combo {
  strategy: Strategy;
  app: App;
}

/** Seconds after the call was sent. */
interface StartSample {
  returned: number;
  seenRunning: number;
  /** Request handling, planning and the placement of all 50 are done before the first order leaves. */
  firstOrder: number;
  lastOrder: number;
  lastRunningLogged: number;
  placement: string;
}

const EXPECTED_PLACEMENT: Record<Strategy, string> = { LESS_LOADED: "n01:17 n02:17 n03:16", CONFIG: "n01:50" };

function placementOf(cluster: AppCluster, identifiers: string[][]): string {
  const counts = new Map<string, number>();
  for (const ids of identifiers) for (const id of ids) counts.set(cluster.nickOf(id), (counts.get(cluster.nickOf(id)) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([nick, n]) => `${nick}:${n}`).join(" ");
}

/** Stops `app` with stop_application(wait) and checks that it is stopped everywhere, children included. */
async function stopApp(cluster: AppCluster, app: App): Promise<void> {
  const master = cluster.nodes[0]!.rpc;
  const { value } = await master.call("supvisors.stop_application", [app, true], 30_000);
  if (value !== true) throw new Error(`stop_application ${app}: ${JSON.stringify(value)}`);
  if (!allStopped(await processStatuses(master, `${app}:*`), APP_PROCESSES)) throw new Error(`${app} not STOPPED everywhere after stop_application`);
  await firstTrue("no sleep child left", 10, 10_000, async () => cluster.nodes.every((n) => countChildrenNamed(n.daemon.pid, "sleep") === 0));
}

/** One measured start of `combo`, then the stop. */
async function measureStart(cluster: AppCluster, combo: Combo): Promise<StartSample> {
  const master = cluster.nodes[0]!;
  const poller = new RpcClient(master.port, "keepalive");
  const cursors = cluster.nodes.map((n) => new LogCursor(n.logPath));
  for (const cursor of cursors) cursor.mark();
  try {
    const wall0 = Date.now();
    const t0 = performance.now();
    const call = master.rpc.call("supvisors.start_application", [combo.strategy, combo.app, true], 30_000);
    const seen = firstTrue(`all of ${combo.app} RUNNING`, 10, 30_000, async () => allRunningOnce(await processStatuses(poller, `${combo.app}:*`), APP_PROCESSES));
    const [answer, seenAt] = await Promise.all([call, seen]);
    if (answer.value !== true) throw new Error(`start_application ${combo.app}: ${JSON.stringify(answer.value)}`);
    const statuses = await processStatuses(master.rpc, `${combo.app}:*`);
    const placement = placementOf(cluster, statuses.map((s) => s.identifiers));
    if (placement !== EXPECTED_PLACEMENT[combo.strategy]) throw new Error(`${combo.strategy} placed ${combo.app} as ${placement}`);
    await stopApp(cluster, combo.app);
    // Read after the stop: by then every line of the start has been written.
    const masterLines = cursors[0]!.since();
    const allLines = [masterLines, ...cursors.slice(1).map((c) => c.since())].flat();
    const orderLine = new RegExp(`^start_args ${combo.app}:`);
    const firstOrder = firstAt(masterLines, orderLine);
    const lastOrder = lastAt(masterLines, orderLine);
    const lastRunning = lastAt(allLines, new RegExp(`^success: ${combo.app}_\\d+ entered RUNNING`));
    if (firstOrder === null || lastOrder === null || lastRunning === null) {
      throw new Error(`the logs do not show the start of ${combo.app} (${masterLines.length} Master lines)`);
    }
    return {
      returned: answer.ms / 1000,
      seenRunning: (seenAt - t0) / 1000,
      firstOrder: (firstOrder - wall0) / 1000,
      lastOrder: (lastOrder - wall0) / 1000,
      lastRunningLogged: (lastRunning - wall0) / 1000,
      placement,
    };
  } finally {
    poller.close();
  }
}

class Samples {
  readonly #byLabel = new Map<string, StartSample[]>();

  add(label: string, sample: StartSample): void {
    this.#byLabel.set(label, [...(this.#byLabel.get(label) ?? []), sample]);
  }

  figures(): ClusterFigure[] {
    const out: ClusterFigure[] = [];
    for (const [label, samples] of this.#byLabel) {
      const of = (pick: (s: StartSample) => number) => samples.map(pick);
      out.push(
        { label: `${label} → call returns`, unit: "s", values: of((s) => s.returned), digits: 3, note: samples[0]!.placement },
        { label: "  all 50 seen RUNNING via get_process_info", unit: "s", values: of((s) => s.seenRunning), digits: 3, note: "10 ms polling" },
        { label: "  first start order sent by the Master", unit: "s", values: of((s) => s.firstOrder), digits: 3, note: "Master's log, 1 ms" },
        { label: "  last start order sent by the Master", unit: "s", values: of((s) => s.lastOrder), digits: 3, note: "Master's log, 1 ms" },
        { label: "  last process logged RUNNING", unit: "s", values: of((s) => s.lastRunningLogged), digits: 3, note: "instances' logs, 1 ms" },
      );
    }
    return out;
  }
}

function comboLabel(c: Combo, ticks: Ticks, cold = false): string {
  const secs = c.app === "fast" ? 0 : 1;
  return `start_application(${c.strategy}, wait), startsecs=${secs}${cold ? ", first start after launch" : ""}, ${ticks.label}`;
}

function describe(s: StartSample): string {
  return `returned ${s.returned.toFixed(3)} s, seen ${s.seenRunning.toFixed(3)} s, first order ${s.firstOrder.toFixed(3)} s, last order ${s.lastOrder.toFixed(3)} s, last RUNNING ${s.lastRunningLogged.toFixed(3)} s`;
}

const COMBOS: Combo[] = [
  { strategy: "LESS_LOADED", app: "fast" },
  { strategy: "CONFIG", app: "fast" },
  { strategy: "LESS_LOADED", app: "slow" },
  { strategy: "CONFIG", app: "slow" },
];

/**
 * Unmeasured start/stop cycles of `fast` (CONFIG and LESS_LOADED in turn) before the measured
 * ones. A daemon's start path gets faster over its first few uses as Bun's JIT compiles it: here
 * the first start of 50 took about twice the steady time, and the second one still more. These
 * cycles bring every instance to its steady state, where a long-running cluster starts its applications.
 */
const WARM_UP_CYCLES = 6;

async function warmUp(cluster: AppCluster): Promise<void> {
  for (let i = 0; i < WARM_UP_CYCLES; i++) await measureStart(cluster, COMBOS[(i + 1) % 2]!);
}

/**
 * Fast ticks: a fresh cluster per run. Its first start (LESS_LOADED, startsecs 0) is reported
 * apart as the cold case; the warm-up cycles follow, then the four combinations, in an order
 * rotated from run to run. Default ticks: one cluster (it takes 5 s to reach OPERATION), the
 * same warm-up, then the two startsecs=0 combinations alternated: do the ticks play any part?
 */
export async function benchStart(ctx: AppBenchContext): Promise<ClusterFigure[]> {
  const samples = new Samples();
  for (let run = 0; run < ctx.runs; run++) {
    await withAppCluster(ctx, { size: 3, ticks: FAST_TICKS, conciliation: "USER" }, async (cluster) => {
      await waitOperation(cluster);
      const first = COMBOS[0]!;
      const cold = await measureStart(cluster, first);
      samples.add(comboLabel(first, FAST_TICKS, true), cold);
      ctx.log(`start run ${run + 1}/${ctx.runs} cold ${first.strategy} ${first.app}: ${describe(cold)}`);
      await warmUp(cluster);
      for (let i = 0; i < COMBOS.length; i++) {
        const combo = COMBOS[(i + run) % COMBOS.length]!;
        const sample = await measureStart(cluster, combo);
        samples.add(comboLabel(combo, FAST_TICKS), sample);
        ctx.log(`start run ${run + 1}/${ctx.runs} ${combo.strategy} ${combo.app}: ${describe(sample)}`);
      }
    });
  }
  await withAppCluster(ctx, { size: 3, ticks: DEFAULT_TICKS, conciliation: "USER" }, async (cluster) => {
    await waitOperation(cluster);
    await warmUp(cluster);
    for (let run = 0; run < ctx.runs; run++) {
      for (const combo of run % 2 === 0 ? COMBOS.slice(0, 2) : COMBOS.slice(0, 2).reverse()) {
        const sample = await measureStart(cluster, combo);
        samples.add(comboLabel(combo, DEFAULT_TICKS), sample);
        ctx.log(`start run ${run + 1}/${ctx.runs} ${combo.strategy} ${combo.app} ${DEFAULT_TICKS.label}: ${describe(sample)}`);
      }
    }
  });
  return samples.figures();
}
