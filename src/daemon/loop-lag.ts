// How late the event loop runs: a timer asks to fire every `intervalMs` and measures by how much it
// fired late. Any work that held the loop (a burst of spawns, a big render, a large XML-RPC answer)
// shows up as lateness of the next firing, so the worst lateness bounds the longest turn of the loop
// seen by every timer, heartbeats included. The figures go to /metrics; a turn longer than
// `warnAboveMs` is logged (at most once per `warnEveryMs`, with the count of the ones not logged),
// so a user sees a stall in the log without scraping.

export interface LagClock {
  /** Milliseconds, monotonic. */
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
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
};

/** Seconds. From below the timer's own jitter to well above the 50 ms budget of one turn. */
export const LAG_BUCKETS: readonly number[] = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

export interface LoopLagOptions {
  intervalMs?: number;
  warnAboveMs?: number;
  warnEveryMs?: number;
  clock?: LagClock;
  /** Called for a turn over warnAboveMs when a warning is due; `unreported` counts the skipped ones since. */
  warn?: (lagMs: number, unreported: number) => void;
  bounds?: readonly number[];
}

export interface LagFigures {
  /** Seconds, the lateness of the latest firing. */
  last: number;
  /** Seconds, the worst lateness since start. */
  max: number;
  bounds: readonly number[];
  /** Per bucket (the last is +Inf), not cumulative. */
  counts: readonly number[];
  sum: number;
}

export class LoopLagMonitor {
  readonly #interval: number;
  readonly #warnAbove: number;
  readonly #warnEvery: number;
  readonly #clock: LagClock;
  readonly #warn: (lagMs: number, unreported: number) => void;
  readonly #bounds: readonly number[];
  readonly #counts: number[];
  #sum = 0;
  #last = 0;
  #max = 0;
  #due = 0;
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
    this.#counts = new Array<number>(this.#bounds.length + 1).fill(0);
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
    this.#handle = this.#clock.setTimeout(() => this.#fired(), this.#interval);
  }

  #fired(): void {
    this.record(Math.max(0, this.#clock.now() - this.#due));
    this.#arm();
  }

  /** Counts one lateness in milliseconds (the timer's own path; public for tests of the figures). */
  record(lagMs: number): void {
    const seconds = lagMs / 1000;
    this.#last = seconds;
    if (seconds > this.#max) this.#max = seconds;
    let i = 0;
    while (i < this.#bounds.length && seconds > this.#bounds[i]!) i += 1;
    this.#counts[i]! += 1;
    this.#sum += seconds;
    if (lagMs > this.#warnAbove) this.#maybeWarn(lagMs);
  }

  #maybeWarn(lagMs: number): void {
    const now = this.#clock.now();
    if (now - this.#lastWarnAt < this.#warnEvery) {
      this.#unreported += 1;
      return;
    }
    this.#lastWarnAt = now;
    const skipped = this.#unreported;
    this.#unreported = 0;
    this.#warn(lagMs, skipped);
  }

  figures(): LagFigures {
    return { last: this.#last, max: this.#max, bounds: this.#bounds, counts: [...this.#counts], sum: this.#sum };
  }
}

/** The warning line for a long turn, e.g. "event loop blocked for 312 ms: … (2 more such turns since the last warning)". */
export function lagWarning(lagMs: number, unreported: number): string {
  const more = unreported > 0 ? ` (${unreported} more such turn${unreported > 1 ? "s" : ""} since the last warning)` : "";
  return `event loop blocked for ${Math.round(lagMs)} ms: timers, heartbeats and requests waited that long${more}`;
}
