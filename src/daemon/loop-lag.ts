// How late the event loop runs: a timer asks to fire every `intervalMs` and measures by how much it
// fired late. Any work that held the loop (a burst of spawns, a big render, a large XML-RPC answer)
// shows up as lateness of the next firing, so the worst lateness bounds the longest turn of the loop
// seen by every timer, heartbeats included. The figures go to /metrics; a turn longer than
// `warnAboveMs` is logged (at most once per `warnEveryMs`, with the count of the ones not logged),
// so a user sees a stall in the log without scraping.
//
// Lateness has two causes: work of this daemon that held the loop, and time in which the OS did
// not run the daemon at all (ten instances on two cores, a CPU hog, a SIGSTOP). Only the first is
// ours to cut, so each firing also records its "work": the process's CPU time over the interval,
// capped by the lateness. A turn that held the loop for 100 ms spent 100 ms of CPU; a daemon that
// waited 500 ms for a core spent little.

import type { LoopLagFigures } from "../api/metrics/loop-lag-collector.ts";

export interface LagClock {
  /** Milliseconds, monotonic. */
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** CPU time of the process in milliseconds, user + system (absent: work is not measured). */
  cpuMs?(): number;
}

export const systemLagClock: LagClock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    // The monitor must never be what keeps a daemon alive.
    (t as { unref?: () => void }).unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  // About 4 µs a call, 50 calls a second.
  cpuMs: () => {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1000;
  },
};

/** Seconds. From below the timer's own jitter to well above the 50 ms budget of one turn. */
export const LAG_BUCKETS: readonly number[] = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

export interface LoopLagOptions {
  intervalMs?: number;
  warnAboveMs?: number;
  warnEveryMs?: number;
  clock?: LagClock;
  /**
   * Called for a turn over warnAboveMs when a warning is due; `workMs`: the daemon's CPU time
   * within it; `unreported` counts the skipped ones since.
   */
  warn?: (lagMs: number, unreported: number, workMs: number | undefined) => void;
  bounds?: readonly number[];
}

/** The figures /metrics reads (the type lives with the collector that exports them). */
export type LagFigures = LoopLagFigures;

/** A histogram with its latest and worst observation, in seconds. */
class Observed {
  readonly counts: number[];
  sum = 0;
  last = 0;
  max = 0;

  constructor(readonly bounds: readonly number[]) {
    this.counts = new Array<number>(bounds.length + 1).fill(0);
  }

  add(seconds: number): void {
    this.last = seconds;
    if (seconds > this.max) this.max = seconds;
    let i = 0;
    while (i < this.bounds.length && seconds > this.bounds[i]!) i += 1;
    this.counts[i]! += 1;
    this.sum += seconds;
  }

  figures(): { last: number; max: number; counts: readonly number[]; sum: number } {
    return { last: this.last, max: this.max, counts: [...this.counts], sum: this.sum };
  }
}

export class LoopLagMonitor {
  readonly #interval: number;
  readonly #warnAbove: number;
  readonly #warnEvery: number;
  readonly #clock: LagClock;
  readonly #warn: (lagMs: number, unreported: number, workMs: number | undefined) => void;
  readonly #bounds: readonly number[];
  readonly #lag: Observed;
  readonly #work: Observed | null;
  #due = 0;
  #cpuAtArm = 0;
  #handle: unknown = null;
  #lastWarnAt = -Infinity;
  #unreported = 0;

  constructor(opts: LoopLagOptions = {}) {
    this.#interval = opts.intervalMs ?? 20;
    this.#warnAbove = opts.warnAboveMs ?? 250;
    this.#warnEvery = opts.warnEveryMs ?? 60_000;
    this.#clock = opts.clock ?? systemLagClock;
    this.#warn = opts.warn ?? (() => {});
    this.#bounds = [...(opts.bounds ?? LAG_BUCKETS)];
    this.#lag = new Observed(this.#bounds);
    this.#work = this.#clock.cpuMs ? new Observed(this.#bounds) : null;
  }

  start(): void {
    if (this.#handle !== null) return;
    this.#arm();
  }

  stop(): void {
    if (this.#handle === null) return;
    this.#clock.clearTimeout(this.#handle);
    this.#handle = null;
  }

  #arm(): void {
    this.#due = this.#clock.now() + this.#interval;
    if (this.#clock.cpuMs) this.#cpuAtArm = this.#clock.cpuMs();
    this.#handle = this.#clock.setTimeout(() => this.#fired(), this.#interval);
  }

  #fired(): void {
    const lagMs = Math.max(0, this.#clock.now() - this.#due);
    const cpuMs = this.#clock.cpuMs ? this.#clock.cpuMs() - this.#cpuAtArm : undefined;
    this.record(lagMs, cpuMs === undefined ? undefined : Math.min(lagMs, Math.max(0, cpuMs)));
    this.#arm();
  }

  /**
   * Counts one lateness in milliseconds and the daemon's work within it (the timer's own path;
   * public for tests of the figures).
   */
  record(lagMs: number, workMs?: number): void {
    this.#lag.add(lagMs / 1000);
    if (workMs !== undefined) this.#work?.add(workMs / 1000);
    if (lagMs > this.#warnAbove) this.#maybeWarn(lagMs, workMs);
  }

  #maybeWarn(lagMs: number, workMs: number | undefined): void {
    const now = this.#clock.now();
    if (now - this.#lastWarnAt < this.#warnEvery) {
      this.#unreported += 1;
      return;
    }
    this.#lastWarnAt = now;
    const skipped = this.#unreported;
    this.#unreported = 0;
    this.#warn(lagMs, skipped, workMs);
  }

  figures(): LagFigures {
    const lag = this.#lag.figures();
    return this.#work === null ? { ...lag, bounds: this.#bounds } : { ...lag, bounds: this.#bounds, work: this.#work.figures() };
  }
}

/** The warning line for a long turn, e.g. "event loop blocked for 312 ms: … (2 more such turns since the last warning)". */
export function lagWarning(lagMs: number, unreported: number, workMs?: number): string {
  const more = unreported > 0 ? ` (${unreported} more such turn${unreported > 1 ? "s" : ""} since the last warning)` : "";
  const work = workMs === undefined ? "" : ` (${Math.round(workMs)} ms of it on the CPU in this daemon, the rest waiting for a CPU)`;
  return `event loop blocked for ${Math.round(lagMs)} ms${work}: timers, heartbeats and requests waited that long${more}`;
}
