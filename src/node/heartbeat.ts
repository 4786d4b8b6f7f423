// The two clocks of a cluster node: the local tick every tick_period, and the failure detector's
// check about ten times per tick. Each is a chain of one-shot timers anchored on its due times, so
// that how late each one fires is known: that lateness is how the core learns that this node was
// stalled (SIGSTOP, CPU starvation, a long piece of work) and must not blame its peers for it.
// The scheduler is injected: real timers in the daemon, the virtual clock in the simulator.

export interface HeartbeatScheduler {
  /** Monotonic seconds. */
  now(): number;
  /** Runs `fn` after `delay` seconds; may return a cancel function. */
  schedule(delay: number, fn: () => void): (() => void) | void;
}

/** Real timers. Unref'd: a heartbeat alone never keeps a process alive. */
export const realScheduler: HeartbeatScheduler = {
  now: () => performance.now() / 1000,
  schedule(delay, fn) {
    const timer = setTimeout(fn, delay * 1000);
    timer.unref?.();
    return () => clearTimeout(timer);
  },
};

/**
 * Seconds between two liveness checks: a tenth of a tick so that a silent peer is judged within a
 * tenth of a tick of its deadline, at most 0.1 s so that views changed between slow ticks spread
 * quickly (the check also sends them), at least 10 ms so fast ticks do not spin the loop.
 * @example livenessPeriod(5) // 0.1
 */
export function livenessPeriod(tickPeriod: number): number {
  return Math.max(0.01, Math.min(tickPeriod / 10, 0.1));
}

export interface HeartbeatHandlers {
  tick(): void;
  /** `late`: seconds after its due time this check ran. */
  check(late: number): void;
}

export class Heartbeat {
  readonly #scheduler: HeartbeatScheduler;
  readonly #tickPeriod: number;
  readonly #handlers: HeartbeatHandlers;
  #cancels: (() => void)[] = [];
  #running = false;

  constructor(scheduler: HeartbeatScheduler, tickPeriod: number, handlers: HeartbeatHandlers) {
    this.#scheduler = scheduler;
    this.#tickPeriod = tickPeriod;
    this.#handlers = handlers;
  }

  /** The first tick now, then every tick_period; checks from one check period on. */
  start(firstTickDelay = 0): void {
    if (this.#running) return;
    this.#running = true;
    const now = this.#scheduler.now();
    this.#chain("tick", now + firstTickDelay, this.#tickPeriod, () => this.#handlers.tick());
    const period = livenessPeriod(this.#tickPeriod);
    this.#chain("check", now + period, period, (late) => this.#handlers.check(late));
  }

  stop(): void {
    this.#running = false;
    for (const cancel of this.#cancels.splice(0)) cancel();
  }

  /**
   * One timer chain. A beat that fires late runs once (with its lateness), and the next is due one
   * period after it rather than at the missed slots: a stalled node does not replay the beats it
   * slept through in a burst.
   */
  #chain(which: "tick" | "check", due: number, period: number, run: (late: number) => void): void {
    const slot = which === "tick" ? 0 : 1;
    const arm = (at: number) => {
      const cancel = this.#scheduler.schedule(Math.max(0, at - this.#scheduler.now()), () => {
        if (!this.#running) return;
        const now = this.#scheduler.now();
        const late = Math.max(0, now - at);
        const next = late > period ? now + period : at + period;
        arm(next);
        run(late);
      });
      this.#cancels[slot] = cancel ?? (() => {});
    };
    arm(due);
  }
}
