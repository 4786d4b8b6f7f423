// TICK_5 / TICK_60 / TICK_3600 (EVT-SUP-09). supervisord remembers, for each period, the slice of
// time (epoch seconds rounded down to a multiple of the period) it last saw, starting with the
// slice it starts in, and sends a tick whenever the slice changes, carrying the new slice as
// `when`. Flotilla does the same from one timer armed at the next multiple of 5 s, instead of
// checking on every turn of a polling loop; after a long pause (suspended host) one tick per
// period is sent, with the latest slice, as supervisord does.
//
// For tests only: FLOTILLA_TEST_TICK_SPEEDUP=N in the daemon's environment makes its tick clock
// run N times faster than the wall clock from the moment the daemon starts (TICK_5 every 5/N s,
// `when` values counted on that faster clock). It changes nothing else; no configuration option
// reaches it.
//
// Example: const timer = new TickTimer(systemClock, (period, when) => hub.notify(tickEvent(period, when)));
//          timer.start(); ... timer.stop();

import type { Clock } from "../../process/clock.ts";
import type { TickPeriod } from "./payloads.ts";

export const TICK_PERIODS: readonly TickPeriod[] = [5, 60, 3600];

/** The environment variable of the test-only tick speed-up. */
export const TICK_SPEEDUP_ENV = "FLOTILLA_TEST_TICK_SPEEDUP";

/**
 * supervisord's timeslice(): `when` rounded down to a multiple of `period` (seconds).
 * @example timeslice(5, 1795574593.7) // 1795574590
 */
export function timeslice(period: number, when: number): number {
  return Math.floor(when / period) * period;
}

/**
 * The ticks due at `nowSeconds` given the slices last seen, which are updated. A period seen for
 * the first time records its slice without a tick (start-up).
 * @example const last = new Map(); dueTicks(last, 9.9); dueTicks(last, 10.1) // [{ period: 5, when: 10 }]
 */
export function dueTicks(last: Map<TickPeriod, number>, nowSeconds: number): { period: TickPeriod; when: number }[] {
  const due: { period: TickPeriod; when: number }[] = [];
  for (const period of TICK_PERIODS) {
    const slice = timeslice(period, nowSeconds);
    const seen = last.get(period);
    if (seen === undefined) {
      last.set(period, slice);
    } else if (slice !== seen) {
      last.set(period, slice);
      due.push({ period, when: slice });
    }
  }
  return due;
}

/** Sends the ticks on time from a clock: one timer at the next multiple of the shortest period. */
export class TickTimer {
  readonly #clock: Clock;
  readonly #emit: (period: TickPeriod, when: number) => void;
  readonly #last = new Map<TickPeriod, number>();
  #cancel: (() => void) | null = null;

  constructor(clock: Clock, emit: (period: TickPeriod, when: number) => void) {
    this.#clock = clock;
    this.#emit = emit;
  }

  start(): void {
    if (this.#cancel !== null) return;
    dueTicks(this.#last, this.#clock.now() / 1000);
    this.#arm();
  }

  stop(): void {
    this.#cancel?.();
    this.#cancel = null;
  }

  #arm(): void {
    const shortest = TICK_PERIODS[0]! * 1000;
    // Always the next boundary after now: a timer firing a little early simply re-arms for it.
    const at = (Math.floor(this.#clock.now() / shortest) + 1) * shortest;
    this.#cancel = this.#clock.setTimer(at, () => {
      for (const { period, when } of dueTicks(this.#last, this.#clock.now() / 1000)) this.#emit(period, when);
      if (this.#cancel !== null) this.#arm();
    });
  }
}

/**
 * A clock running `factor` times faster than `base` from the moment it is made, with timers
 * mapped back onto the base clock.
 * @example acceleratedClock(systemClock, 20).now() // grows 20 ms per real ms
 */
export function acceleratedClock(base: Clock, factor: number): Clock {
  const origin = base.now();
  return {
    now: () => origin + (base.now() - origin) * factor,
    setTimer: (at, fn) => base.setTimer(origin + Math.max(0, at - origin) / factor, fn),
  };
}

/** The tick clock: `base`, or the test speed-up when FLOTILLA_TEST_TICK_SPEEDUP is a number > 1. */
export function tickClock(base: Clock, env: Readonly<Record<string, string | undefined>>): Clock {
  const factor = Number(env[TICK_SPEEDUP_ENV]);
  return Number.isFinite(factor) && factor > 1 ? acceleratedClock(base, factor) : base;
}
