// Conditions over the observer's latest answers that the chaos tests wait on (each with a
// deadline, through observer.until), and the few commands they send.

import type { ChaosCluster } from "./cluster.ts";
import { RUNNING_STATES } from "./timeline.ts";
import { processKeys } from "./workload.ts";

export type App = "ha_first" | "ha_last" | "load";

/** The Master every instance of `nicks` names while in OPERATION, when they all name the same one. */
export function agreedMaster(cluster: ChaosCluster, nicks: readonly string[]): string | null {
  const masters = new Set<string | null | undefined>();
  for (const nick of nicks) {
    const s = cluster.observer.latestOk(nick);
    if (!s || s.fsm !== "OPERATION") return null;
    masters.add(s.master);
  }
  const [only] = [...masters];
  return masters.size === 1 && only ? only : null;
}

/** Whether every instance of `viewers` currently reports `target` in one of `states`. */
export function allSee(cluster: ChaosCluster, viewers: readonly string[], target: string, states: readonly string[]): boolean {
  return viewers.every((v) => states.includes(cluster.observer.latestOk(v)?.instances?.[target] ?? "(none)"));
}

/** Process key → instances of `nicks` where it runs, as last answered. */
export function placement(cluster: ChaosCluster, app: App, nicks: readonly string[]): Map<string, string[]> {
  const where = new Map<string, string[]>(processKeys(app).map((k) => [k, []]));
  for (const nick of nicks) {
    const local = cluster.observer.latestOk(nick)?.local ?? {};
    for (const key of where.keys()) if (RUNNING_STATES.has(local[key] ?? "")) where.get(key)!.push(nick);
  }
  return where;
}

/** Every process of `app` RUNNING exactly once among `nicks`, none on `not`. */
export function runningOnceOn(cluster: ChaosCluster, app: App, nicks: readonly string[], not: readonly string[] = []): boolean {
  const keys = processKeys(app);
  const where = placement(cluster, app, nicks);
  const elsewhere = placement(cluster, app, not);
  return keys.every((k) => where.get(k)!.length === 1 && elsewhere.get(k)!.length === 0 && cluster.observer.latestOk(where.get(k)![0]!)?.local?.[k] === "RUNNING");
}

/** Every process of `app` runs on one instance only (as far as the live ones answered). */
export function noConflict(cluster: ChaosCluster, app: App): boolean {
  return [...placement(cluster, app, cluster.nodes.map((n) => n.nick)).values()].every((where) => where.length === 1);
}

/** start_application(CONFIG, app, wait) through instance `via`; then every process seen RUNNING once. */
export async function startApplication(cluster: ChaosCluster, via: string, app: App, timeoutMs = 15_000): Promise<void> {
  const done = await cluster.observer.call(via, "supvisors.start_application", ["CONFIG", app, true], timeoutMs);
  if (done !== true) throw new Error(`start_application ${app} through ${via} answered ${JSON.stringify(done)}`);
  const all = cluster.nodes.map((n) => n.nick);
  await cluster.observer.until(`${app} RUNNING once`, () => runningOnceOn(cluster, app, all), timeoutMs);
}

/** Lets a fault act for `ms`: the length of an experiment, not a wait for something to happen. */
export function hold(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
