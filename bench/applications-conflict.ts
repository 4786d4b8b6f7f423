// Figure 2 of the applications benchmarks: a conflict made by hand — the managed process
// `solo:solo` started with supervisor.startProcess(wait) on n02, then on n03 — and resolved by the
// Master's conciliation_strategy (SENICIDE, INFANTICIDE, STOP, RESTART, RUNNING_FAILURE; one
// fresh cluster each). USER does nothing by design; it is measured through the XML-RPC instead:
// with conciliation_strategy = USER, once the conflict shows, supvisors.conciliate(SENICIDE).
// The clock runs from the second start returning (for USER: from the conciliate call) to the first
// poll of n01 (every 10 ms) showing FSM OPERATION, no conflict, and the outcome the strategy
// promises, checked on each instance's own supervisor.getProcessInfo (pids compared, so that
// "one copy left" cannot be mistaken for the moment before the second copy was seen).

import type { ClusterFigure } from "./cluster.ts";
import type { AppBenchContext } from "./applications-janitor.ts";
import { DEFAULT_TICKS, FAST_TICKS, type Ticks } from "./lib/cluster.ts";
import { waitOperation, withAppCluster, type AppCluster, type Conciliation } from "./applications-cluster.ts";
import { LogCursor, firstAt } from "./applications-logs.ts";
import { conflicts, firstTrue, fsm, localProcess, processStatuses } from "./applications-probes.ts";

const SOLO = "solo:solo";

/** What the strategy leaves: the copy kept (by pid), a fresh copy, or nothing. */
type Outcome = "oneOfTheTwo" | "fresh" | "none";

const OUTCOME: Record<Exclude<Conciliation, "USER">, Outcome> = {
  SENICIDE: "oneOfTheTwo",
  INFANTICIDE: "oneOfTheTwo",
  STOP: "none",
  RESTART: "fresh",
  RUNNING_FAILURE: "fresh",
};

interface ConflictSample {
  resolved: number;
  /** The same end, counted from the moment the second startProcess was sent. */
  fromSecondSent: number;
  /** First poll showing the conflict (CONCILIATION or get_conflicts not empty); null if none did. */
  seen: number | null;
  /** The Master's "conciliation …" log line. */
  applied: number | null;
  /** Where the process runs afterwards, with a word on which copy that is. */
  result: string;
}

/** Where solo runs, as n01 sees it; every local view agrees; FSM OPERATION, no conflict. */
async function settled(cluster: AppCluster): Promise<{ on: string[]; pids: Map<string, number> } | null> {
  const master = cluster.nodes[0]!.rpc;
  const [state, found, statuses] = await Promise.all([fsm(master), conflicts(master), processStatuses(master, SOLO)]);
  if (state !== "OPERATION" || found.length > 0 || statuses.length !== 1) return null;
  const on = statuses[0]!.identifiers.map((id) => cluster.nickOf(id));
  const pids = new Map<string, number>();
  for (const node of cluster.nodes) {
    const local = await localProcess(node.rpc, SOLO);
    const running = local.statename === "RUNNING";
    if (running !== on.includes(node.nick)) return null;
    if (running) pids.set(node.nick, local.pid);
  }
  return { on, pids };
}

/** Stops solo wherever it runs and waits for a quiet cluster. */
async function reset(cluster: AppCluster): Promise<void> {
  const master = cluster.nodes[0]!.rpc;
  const statuses = await processStatuses(master, SOLO);
  if (statuses.some((s) => s.identifiers.length > 0)) await master.call("supvisors.stop_process", [SOLO, true], 30_000);
  await firstTrue("solo stopped everywhere", 10, 30_000, async () => (await settled(cluster))?.on.length === 0);
}

async function measureConflict(cluster: AppCluster, strategy: Conciliation): Promise<ConflictSample> {
  const rpcs = cluster.nodes.map((n) => n.rpc);
  const [master, n02, n03] = [rpcs[0]!, rpcs[1]!, rpcs[2]!];
  await reset(cluster);
  const cursor = new LogCursor(cluster.nodes[0]!.logPath);
  cursor.mark();
  await n02.call("supervisor.startProcess", [SOLO, true], 10_000);
  const pidA = (await localProcess(n02, SOLO)).pid;
  // Copies started a few milliseconds apart have uptimes equal within what the Master can tell
  // (each is reported with its instance's own clock and reaches the Master a few ms later), so
  // SENICIDE and INFANTICIDE could keep either one. 100 ms apart, the younger copy is clear.
  await Bun.sleep(100);
  const sent = performance.now();
  await n03.call("supervisor.startProcess", [SOLO, true], 10_000);
  let t0 = performance.now();
  let wall0 = Date.now();
  const pidB = (await localProcess(n03, SOLO)).pid;
  let seen: number | null = null;
  const conflictShows = async (): Promise<boolean> => {
    const [state, found] = await Promise.all([fsm(master), conflicts(master)]);
    const shows = state === "CONCILIATION" || found.includes(SOLO);
    if (shows && seen === null) seen = performance.now() - t0;
    return shows;
  };
  if (strategy === "USER") {
    await firstTrue("the conflict to show", 10, 30_000, conflictShows);
    t0 = performance.now();
    wall0 = Date.now();
    const { value } = await master.call("supvisors.conciliate", ["SENICIDE"], 10_000);
    if (value !== true) throw new Error(`conciliate: ${JSON.stringify(value)}`);
  }
  const outcome = OUTCOME[strategy === "USER" ? "SENICIDE" : strategy];
  let result = "";
  const doneAt = await firstTrue(`${strategy} to resolve the conflict`, 10, 30_000, async () => {
    if (strategy !== "USER") await conflictShows();
    const s = await settled(cluster);
    if (s === null) return false;
    const pids = [...s.pids.values()];
    if (outcome === "none") result = "stopped everywhere";
    else if (pids.length !== 1) return false;
    else if (outcome === "oneOfTheTwo") {
      if (pids[0] !== pidA && pids[0] !== pidB) return false;
      result = `kept ${s.on[0]} (${pids[0] === pidB ? "younger" : "older"} copy)`;
    } else {
      if (pids[0] === pidA || pids[0] === pidB) return false;
      result = `fresh copy on ${s.on[0]}`;
    }
    return true;
  });
  const applied = firstAt(cursor.since(), /^conciliation /);
  return {
    resolved: (doneAt - t0) / 1000,
    fromSecondSent: (doneAt - sent) / 1000,
    seen: seen === null ? null : seen / 1000,
    applied: applied === null ? null : (applied - wall0) / 1000,
    result,
  };
}

interface ConflictCase {
  strategy: Conciliation;
  ticks: Ticks;
}

/**
 * Every strategy with fast ticks; SENICIDE (decided on the conflict's events) and RUNNING_FAILURE
 * (whose restart is a failure job) again with the default ticks, to show which of them waits for a tick.
 */
const CASES: ConflictCase[] = [
  ...(["SENICIDE", "INFANTICIDE", "STOP", "RESTART", "RUNNING_FAILURE", "USER"] as const).map((strategy) => ({ strategy, ticks: FAST_TICKS })),
  { strategy: "SENICIDE", ticks: DEFAULT_TICKS },
  { strategy: "RUNNING_FAILURE", ticks: DEFAULT_TICKS },
];

/** "kept n03 (younger copy) ×5". */
function tally(results: string[]): string {
  const counts = new Map<string, number>();
  for (const r of results) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts].map(([r, n]) => `${r} ×${n}`).join("; ");
}

/** One fresh cluster per case, ctx.runs conflicts in each. */
export async function benchConflicts(ctx: AppBenchContext): Promise<ClusterFigure[]> {
  const figures: ClusterFigure[] = [];
  for (const { strategy, ticks } of CASES) {
    const samples: ConflictSample[] = [];
    await withAppCluster(ctx, { size: 3, ticks, conciliation: strategy }, async (cluster) => {
      await waitOperation(cluster);
      for (let run = 0; run < ctx.runs; run++) {
        const s = await measureConflict(cluster, strategy);
        samples.push(s);
        const seenText = s.seen?.toFixed(3) ?? "never";
        const appliedText = s.applied?.toFixed(3) ?? "?";
        ctx.log(`conflict ${strategy} ${ticks.label} run ${run + 1}/${ctx.runs}: resolved ${s.resolved.toFixed(3)} s (seen ${seenText}, applied ${appliedText}), ${s.result}`);
      }
    });
    const seen = samples.map((s) => s.seen).filter((v): v is number => v !== null);
    const applied = samples.map((s) => s.applied).filter((v): v is number => v !== null);
    const what = strategy === "USER" ? "USER + conciliate(SENICIDE) call" : strategy;
    const origin = strategy === "USER" ? "from the conciliate call" : "from the 2nd start's return";
    const row = (label: string, values: number[], note?: string): ClusterFigure => ({ label, unit: "s", values, digits: 3, note });
    figures.push(row(`conflict resolved: ${what}, ${ticks.label}`, samples.map((s) => s.resolved), `${origin}; ${tally(samples.map((s) => s.result))}`));
    if (strategy !== "USER") figures.push(row("  same end, from the 2nd startProcess sent", samples.map((s) => s.fromSecondSent)));
    if (seen.length > 0) figures.push(row("  conflict first seen at n01", seen, `from the 2nd start's return; seen in ${seen.length} of ${samples.length} runs`));
    if (applied.length > 0) figures.push(row('  Master logs "conciliation …"', applied, `${origin}; Master's log, 1 ms`));
  }
  return figures;
}
