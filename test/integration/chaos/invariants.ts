// The invariants of a chaos run, checked over everything the observer saw (every sample time is a
// step) and what the daemons logged. Each returns the violations it found: which invariant, when
// it started, which instances, what was seen. An empty list means it held for the whole window.
//
//   singleMaster         at most one Master per connected partition, once stable (graceMs);
//   noDuplicates         no process RUNNING on two instances of one partition beyond graceMs
//                        (the conciliation time); the clock starts when their partition is whole
//                        again: every member sees every other RUNNING (a slow rejoin shows in
//                        singleMaster and in the rejoin time, not here);
//   copiesAtMost         never more than `limit` copies of a process anywhere (the "third copy");
//   applicationsKept     applications RUNNING at `before` are RUNNING at `after`;
//   requiredRunning      every required process has a copy on a live instance, but for graceMs;
//   noFalseLoss          no instance that no fault touched (then) is seen FAILED/SILENT/ISOLATED/
//                        STOPPED by another such instance (samples and logs both).

import { RUNNING_STATES, type Timeline } from "./timeline.ts";

export interface Violation {
  invariant: string;
  /** When it started (epoch ms). */
  at: number;
  /** The instances involved (their samples go in the report). */
  nicks: string[];
  detail: string;
}

export interface Window {
  from?: number;
  to?: number;
}

/** A sample older than this at time t says nothing about t (a frozen or cut instance). */
const FRESH_MS = 1_000;

function within(tl: Timeline, w: Window): number[] {
  return tl.times.filter((t) => t >= (w.from ?? -Infinity) && t <= (w.to ?? Infinity));
}

/**
 * Tracks conditions keyed by a string over successive times; a condition true for longer than
 * graceMs becomes one violation (reported once, with the duration it lasted).
 */
class Episodes {
  readonly #open = new Map<string, { since: number; nicks: string[]; detail: string; reported: boolean }>();
  readonly violations: Violation[] = [];

  constructor(
    readonly invariant: string,
    readonly graceMs: number,
  ) {}

  step(t: number, current: Map<string, { nicks: string[]; detail: string }>): void {
    for (const [key, c] of current) {
      const open = this.#open.get(key);
      if (!open) this.#open.set(key, { since: t, nicks: c.nicks, detail: c.detail, reported: false });
      else if (!open.reported && t - open.since > this.graceMs) {
        open.reported = true;
        this.violations.push({ invariant: this.invariant, at: open.since, nicks: c.nicks, detail: `${c.detail} for more than ${this.graceMs} ms` });
      }
    }
    for (const key of [...this.#open.keys()]) if (!current.has(key)) this.#open.delete(key);
  }
}

export function singleMaster(tl: Timeline, graceMs: number, w: Window = {}): Violation[] {
  const episodes = new Episodes("one Master per connected partition", graceMs);
  for (const t of within(tl, w)) {
    const current = new Map<string, { nicks: string[]; detail: string }>();
    for (const component of tl.components(t)) {
      const named = new Map<string, string[]>();
      for (const nick of component) {
        const s = tl.sampleAt(nick, t);
        if (!s || t - s.t > FRESH_MS || !s.master || (s.fsm !== "OPERATION" && s.fsm !== "CONCILIATION")) continue;
        named.set(s.master, [...(named.get(s.master) ?? []), nick]);
      }
      const masters = [...named.keys()].sort();
      const outside = masters.filter((m) => !component.includes(m));
      const key = component.join("+");
      if (masters.length > 1) {
        current.set(`${key} several`, { nicks: component, detail: `${masters.map((m) => `${named.get(m)!.join(",")} name ${m}`).join("; ")}` });
      } else if (outside.length > 0) {
        current.set(`${key} outside`, { nicks: component, detail: `${component.join(",")} name ${outside[0]}, not in their partition` });
      }
    }
    episodes.step(t, current);
  }
  return episodes.violations;
}

/** Process key → instances where it runs, among `nicks`, as last seen (STOPPED ones are absent). */
function copies(tl: Timeline, t: number, nicks: readonly string[]): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const nick of nicks) {
    const s = tl.sampleAt(nick, t);
    // A restarted instance whose first answer has not come yet runs nothing.
    if (!s || tl.record.faults.some((f) => f.kind === "start" && f.nicks.includes(nick) && f.t > s.t && f.t <= t)) continue;
    for (const [key, state] of Object.entries(s.local ?? {})) {
      if (RUNNING_STATES.has(state)) found.set(key, [...(found.get(key) ?? []), nick]);
    }
  }
  return found;
}

/** Whether each of `nicks` last reported every other one RUNNING: they are one cluster again (and the Master sees them all). */
function mutuallyRunning(tl: Timeline, t: number, nicks: readonly string[]): boolean {
  return nicks.every((a) => nicks.every((b) => a === b || tl.sampleAt(a, t)?.instances?.[b] === "RUNNING"));
}

export function noDuplicates(tl: Timeline, graceMs: number, w: Window = {}): Violation[] {
  const episodes = new Episodes("no process running twice beyond the conciliation time", graceMs);
  for (const t of within(tl, w)) {
    const current = new Map<string, { nicks: string[]; detail: string }>();
    for (const component of tl.components(t)) {
      for (const [key, where] of copies(tl, t, component)) {
        if (where.length > 1 && mutuallyRunning(tl, t, component)) {
          current.set(`${key}@${where.join("+")}`, { nicks: where, detail: `${key} RUNNING on ${where.join(" and ")}` });
        }
      }
    }
    episodes.step(t, current);
  }
  return episodes.violations;
}

export function copiesAtMost(tl: Timeline, limit: number, w: Window = {}): Violation[] {
  const episodes = new Episodes(`never more than ${limit} copies of a process`, 0);
  for (const t of within(tl, w)) {
    const current = new Map<string, { nicks: string[]; detail: string }>();
    const everywhere = tl.record.nicks.filter((nick) => !tl.crashed(nick, t));
    for (const [key, where] of copies(tl, t, everywhere)) {
      if (where.length > limit) current.set(key, { nicks: where, detail: `${key} RUNNING on ${where.join(", ")}` });
    }
    episodes.step(t, current);
  }
  // A third copy is wrong at once: report it when first seen, whatever its duration.
  return episodes.violations.map((v) => ({ ...v, detail: v.detail.replace(/ for more than 0 ms$/, "") }));
}

/** Application → statename as the Master (or any live instance in OPERATION) saw it last before t. */
export function applicationsAt(tl: Timeline, t: number): { by: string; apps: Record<string, string> } | null {
  const live = tl.record.nicks.map((nick) => tl.sampleAt(nick, t)).filter((s) => s && t - s.t <= FRESH_MS && s.fsm === "OPERATION" && s.apps);
  const master = live.find((s) => s!.master === s!.nick) ?? live[0];
  return master ? { by: master.nick, apps: master.apps! } : null;
}

export function applicationsKept(tl: Timeline, before: number, after: number): Violation[] {
  const was = applicationsAt(tl, before);
  const is = applicationsAt(tl, after);
  const invariant = "applications RUNNING before the rejoin still RUNNING after it";
  if (!was) return [{ invariant, at: before, nicks: [...tl.record.nicks], detail: "no instance in OPERATION gave the applications before" }];
  if (!is) return [{ invariant, at: after, nicks: [...tl.record.nicks], detail: "no instance in OPERATION gave the applications after" }];
  return Object.entries(was.apps)
    .filter(([app, state]) => state === "RUNNING" && is.apps[app] !== "RUNNING")
    .map(([app]) => ({ invariant, at: after, nicks: [was.by, is.by], detail: `${app} was RUNNING (${was.by}), is ${is.apps[app] ?? "unknown"} (${is.by})` }));
}

export function requiredRunning(tl: Timeline, required: readonly string[], graceMs: number, w: Window = {}): Violation[] {
  const episodes = new Episodes("required processes running", graceMs);
  for (const t of within(tl, w)) {
    const live = tl.record.nicks.filter((nick) => tl.alive(nick, t));
    const running = copies(tl, t, live);
    const current = new Map<string, { nicks: string[]; detail: string }>();
    for (const key of required) if (!running.has(key)) current.set(key, { nicks: live, detail: `${key} runs on no live instance` });
    episodes.step(t, current);
  }
  return episodes.violations;
}

/** Instance states that mean "lost"; the log's STOPPED always follows a FAILED, so only the sample's counts. */
const LOST_SAMPLED: ReadonlySet<string> = new Set(["FAILED", "SILENT", "ISOLATED", "STOPPED"]);
const LOST_LOGGED: ReadonlySet<string> = new Set(["FAILED", "SILENT", "ISOLATED"]);

/**
 * Losses of instances no fault touched, seen by instances no fault touched, at that time or
 * within `afterMs` before (the fault's own aftermath).
 */
export function noFalseLoss(tl: Timeline, afterMs: number, w: Window = {}): Violation[] {
  const invariant = "no false loss";
  const sound = (nick: string, t: number) => !tl.faultedAt(nick, t, afterMs);
  const inWindow = (t: number) => t >= (w.from ?? -Infinity) && t <= (w.to ?? Infinity);
  const found: Violation[] = [];
  for (const x of tl.record.transitions) {
    if (x.viewer === x.target || !inWindow(x.t) || !LOST_LOGGED.has(x.state)) continue;
    if (!tl.record.nicks.includes(x.target) || !sound(x.viewer, x.t) || !sound(x.target, x.t)) continue;
    found.push({ invariant, at: x.t, nicks: [x.viewer, x.target], detail: `${x.viewer} logged ${x.target} ${x.state} (${x.why})` });
  }
  for (const viewer of tl.record.nicks) {
    let previous: Record<string, string> = {};
    let previousAt = -Infinity;
    for (const s of tl.answers(viewer)) {
      // A relaunched daemon starts knowing nobody: its first view is no loss.
      if (tl.record.faults.some((f) => f.kind === "start" && f.nicks.includes(viewer) && f.t > previousAt && f.t <= s.t)) previous = {};
      previousAt = s.t;
      for (const target of tl.record.nicks) {
        const now = s.instances?.[target];
        if (target === viewer || !inWindow(s.t) || previous[target] !== "RUNNING" || now === undefined || !LOST_SAMPLED.has(now)) continue;
        if (!sound(viewer, s.t) || !sound(target, s.t)) continue;
        // Already in the log within a second: the same loss.
        if (found.some((v) => v.nicks[0] === viewer && v.nicks[1] === target && Math.abs(v.at - s.t) < 1_000)) continue;
        found.push({ invariant, at: s.t, nicks: [viewer, target], detail: `${viewer} reports ${target} ${now} (sample)` });
      }
      previous = s.instances ?? previous;
    }
  }
  return found.sort((a, b) => a.at - b.at);
}
