// TICK_* timing (EVT-SUP-09): slices on epoch multiples, nothing at start-up, one tick per period
// after a long pause, the timer armed on the next 5 s boundary, and the test-only speed-up.

import { describe, expect, test } from "bun:test";
import { acceleratedClock, dueTicks, tickClock, TickTimer, timeslice } from "../../../src/events/listeners/ticks.ts";
import type { TickPeriod } from "../../../src/events/listeners/payloads.ts";
import { FakeClock } from "./helpers.ts";

describe("timeslice and dueTicks", () => {
  test.each([
    [5, 1795574593.7, 1795574590],
    [5, 1795574595, 1795574595],
    [60, 1795574593.7, 1795574580],
    [3600, 1795574593.7, 1795572000],
  ] as const)("timeslice(%p, %p) = %p", (period, when, expected) => {
    expect(timeslice(period, when)).toBe(expected);
  });

  test("start-up records the slices without a tick; crossing a boundary ticks with the new slice", () => {
    const last = new Map<TickPeriod, number>();
    expect(dueTicks(last, 3599.9)).toEqual([]);
    expect(dueTicks(last, 3600.2)).toEqual([
      { period: 5, when: 3600 },
      { period: 60, when: 3600 },
      { period: 3600, when: 3600 },
    ]);
    expect(dueTicks(last, 3604.9)).toEqual([]);
    expect(dueTicks(last, 3605)).toEqual([{ period: 5, when: 3605 }]);
  });

  test("after a pause of many periods, one tick per period with the latest slice", () => {
    const last = new Map<TickPeriod, number>();
    dueTicks(last, 10);
    expect(dueTicks(last, 1000)).toEqual([
      { period: 5, when: 1000 },
      { period: 60, when: 960 },
    ]);
  });
});

describe("TickTimer", () => {
  test("fires on each 5 s boundary of the clock, never before", () => {
    const clock = new FakeClock(1_795_574_588_000);
    const ticks: string[] = [];
    const timer = new TickTimer(clock, (period, when) => ticks.push(`TICK_${period} when:${when}`));
    timer.start();
    expect(clock.nextTimer).toBe(1_795_574_590_000);
    clock.advance(1_999);
    expect(ticks).toEqual([]);
    clock.advance(1);
    expect(ticks).toEqual(["TICK_5 when:1795574590"]);
    // The minute started at ...580, before the start: the next TICK_60 is at ...640.
    clock.advance(50_000);
    expect(ticks).toEqual([
      "TICK_5 when:1795574590",
      "TICK_5 when:1795574595",
      "TICK_5 when:1795574600",
      "TICK_5 when:1795574605",
      "TICK_5 when:1795574610",
      "TICK_5 when:1795574615",
      "TICK_5 when:1795574620",
      "TICK_5 when:1795574625",
      "TICK_5 when:1795574630",
      "TICK_5 when:1795574635",
      "TICK_5 when:1795574640",
      "TICK_60 when:1795574640",
    ]);
    timer.stop();
    expect(clock.pendingTimers).toBe(0);
    clock.advance(60_000);
    expect(ticks.length).toBe(12);
  });

  test("a timer that fires early re-arms for the same boundary", () => {
    const ticks: number[] = [];
    let pending: { at: number; fn: () => void } | null = null;
    let now = 12_000;
    const clock = { now: () => now, setTimer: (at: number, fn: () => void) => ((pending = { at, fn }), () => (pending = null)) };
    const timer = new TickTimer(clock, (_p, when) => ticks.push(when));
    timer.start();
    expect(pending!.at).toBe(15_000);
    now = 14_999;
    pending!.fn();
    expect(ticks).toEqual([]);
    expect(pending!.at).toBe(15_000);
    now = 15_001;
    pending!.fn();
    expect(ticks).toEqual([15]);
    expect(pending!.at).toBe(20_000);
  });
});

describe("the test-only speed-up", () => {
  test("FLOTILLA_TEST_TICK_SPEEDUP runs the tick clock N times faster, timers mapped back", () => {
    const base = new FakeClock(1_000_000);
    const fast = tickClock(base, { FLOTILLA_TEST_TICK_SPEEDUP: "20" });
    base.advance(250);
    expect(fast.now()).toBe(1_005_000);
    let fired = false;
    fast.setTimer(1_010_000, () => (fired = true));
    base.advance(249);
    expect(fired).toBe(false);
    base.advance(1);
    expect(fired).toBe(true);
  });

  test("absent, invalid or ≤ 1: the base clock itself", () => {
    const base = new FakeClock();
    for (const env of [{}, { FLOTILLA_TEST_TICK_SPEEDUP: "x" }, { FLOTILLA_TEST_TICK_SPEEDUP: "1" }, { FLOTILLA_TEST_TICK_SPEEDUP: "-3" }]) {
      expect(tickClock(base, env)).toBe(base);
    }
    expect(acceleratedClock(base, 2)).not.toBe(base);
  });
});
