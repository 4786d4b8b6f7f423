// The two timed faults, shared by the chaos tests (which assert the targets) and bench/chaos.ts
// (which repeats them and prints the figures). Times are read from the daemons' logs (1 ms), from
// the moment the fault began; the observer only tells when to look.
//
//   crashMaster: the Master's node dies (kill -9 of everything in its namespace) while it runs a
//     RESTART_PROCESS application; → when a survivor logged itself Master, and when the last
//     process of the application was logged RUNNING on a survivor.
//   pauseAndContinue: SIGSTOP of the daemon of the last instance, which runs `ha_last`, for pauseMs,
//     then SIGCONT; → when the Master logged it lost, whether the application moved, and when the
//     last copy conciliation stopped was logged stopped (from the SIGCONT).

import type { ChaosCluster } from "./cluster.ts";
import { crash, pause, resume } from "./faults.ts";
import { clusterLog, firstLogged, quoteRegExp } from "./logs.ts";
import { agreedMaster, hold, noConflict, runningOnceOn, startApplication, type App } from "./probes.ts";
import { REJOIN_MS } from "./targets.ts";
import { processKeys } from "./workload.ts";


export interface CrashFigures {
  crashed: string;
  successor: string;
  app: App;
  crashedAt: number;
  /** ms from the kill to the successor's `Master: <itself>` line. */
  electedMs: number | null;
  /** ms from the kill to the later of that line and the last process's RUNNING line on a survivor. */
  failoverMs: number | null;
  /** ms until the observer saw it all (an upper bound, with the observer's own delays). */
  seenMs: number;
}

/** Starts the application placed first on the Master, then kills the Master's node. */
export async function crashMaster(cluster: ChaosCluster, master: string, deadlineMs: number): Promise<CrashFigures> {
  const nicks = cluster.nodes.map((n) => n.nick);
  const app: App | null = master === nicks[0] ? "ha_first" : master === nicks.at(-1) ? "ha_last" : null;
  if (app === null) throw new Error(`the Master is ${master}: no application of the workload is placed on it first`);
  await startApplication(cluster, master, app);
  if (!runningOnceOn(cluster, app, [master])) throw new Error(`${app} does not run on the Master ${master} alone`);
  const survivors = nicks.filter((n) => n !== master);
  const crashedAt = Date.now();
  crash(cluster, master);
  const successor = await cluster.observer.until(
    "a new Master agreed by the survivors and the application running on them",
    () => {
      const agreed = agreedMaster(cluster, survivors);
      return agreed && agreed !== master && runningOnceOn(cluster, app, survivors) ? agreed : null;
    },
    deadlineMs,
  );
  const seenMs = Date.now() - crashedAt;
  const log = clusterLog(cluster);
  const elected = firstLogged(log, crashedAt, [successor], new RegExp(`^Master: ${quoteRegExp(cluster.node(successor).identifier)}$`));
  const running = processKeys(app).map((key) => firstLogged(log, crashedAt, survivors, new RegExp(`^success: ${quoteRegExp(key.split(":")[1]!)} entered RUNNING`)));
  const failoverMs = elected && running.every((r) => r) ? Math.max(elected.t, ...running.map((r) => r!.t)) - crashedAt : null;
  return { crashed: master, successor, app, crashedAt, electedMs: elected ? elected.t - crashedAt : null, failoverMs, seenMs };
}

export interface PauseFigures {
  paused: string;
  pausedAt: number;
  resumedAt: number;
  /** ms from the SIGSTOP to the Master's `instance <paused> is FAILED` line. */
  lostMs: number | null;
  /** Whether `ha_last` ran again on another instance before the SIGCONT. */
  moved: boolean;
  /** ms from the SIGCONT to the last `stopped:` line of a conflicting copy (null: none logged). */
  resolvedMs: number | null;
  /** ms from the SIGCONT until the observer saw the cluster whole and each process once. */
  settledMs: number;
}

export async function pauseAndContinue(cluster: ChaosCluster, master: string, pauseMs: number): Promise<PauseFigures> {
  const nicks = cluster.nodes.map((n) => n.nick);
  const victim = nicks.at(-1)!;
  if (victim === master) throw new Error(`the Master is ${victim}, the instance to pause`);
  const others = nicks.filter((n) => n !== victim);
  await startApplication(cluster, master, "ha_last");
  if (!runningOnceOn(cluster, "ha_last", [victim])) throw new Error(`ha_last does not run on ${victim} alone`);
  const pausedAt = Date.now();
  pause(cluster, victim);
  let moved = false;
  try {
    await cluster.observer.until("ha_last RUNNING on another instance", () => runningOnceOn(cluster, "ha_last", others), pauseMs);
    moved = true;
  } catch {
    // Not moved within the pause: reported as such.
  }
  await hold(Math.max(0, pausedAt + pauseMs - Date.now()));
  const resumedAt = Date.now();
  resume(cluster, victim);
  await cluster.formed(REJOIN_MS);
  await cluster.observer.until("ha_last on one instance only", () => noConflict(cluster, "ha_last") && runningOnceOn(cluster, "ha_last", nicks), REJOIN_MS);
  const settledMs = Date.now() - resumedAt;
  const log = clusterLog(cluster);
  const lost = firstLogged(log, pausedAt, [master], new RegExp(`^instance ${quoteRegExp(cluster.node(victim).identifier)} is (FAILED|SILENT)`));
  const stops = processKeys("ha_last").map((key) => firstLogged(log, resumedAt, nicks, new RegExp(`^stopped: ${quoteRegExp(key.split(":")[1]!)} `)));
  const resolvedMs = stops.every((s) => s !== undefined) ? Math.max(...stops.map((s) => s!.t)) - resumedAt : null;
  return { paused: victim, pausedAt, resumedAt, lostMs: lost ? lost.t - pausedAt : null, moved, resolvedMs, settledMs };
}
