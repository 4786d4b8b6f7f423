// The event-loop lag monitor on a hand-driven clock: lateness of each firing into the histogram,
// last and max, the rate-limited warning for long turns, stop, and the /metrics families it feeds.

import { describe, expect, test } from "bun:test";
import { lagWarning, LoopLagMonitor, type LagClock } from "../../../src/daemon/loop-lag.ts";
import { loopLagFamilies } from "../../../src/api/metrics/loop-lag-collector.ts";
import { writeTextFormat } from "../../../src/api/metrics/text-format.ts";

/** A clock whose time moves only when the test says, and whose single pending timer fires on demand. */
class FakeClock implements LagClock {
  t = 1000;
  pending: { fn: () => void; at: number } | null = null;
  armed = 0;
  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    this.armed += 1;
    this.pending = { fn, at: this.t + ms };
    return this.pending;
  }
  clearTimeout(h: unknown): void {
    if (this.pending === h) this.pending = null;
  }
  /** The loop was busy until `lateMs` after the timer's due time, then the timer runs. */
  fireLate(lateMs: number): void {
    const p = this.pending;
    if (!p) throw new Error("no timer armed");
    this.pending = null;
    this.t = p.at + lateMs;
    p.fn();
  }
}

/** FakeClock with the process's CPU time, moved by the test along with the wall clock. */
class CpuFakeClock extends FakeClock {
  cpu = 0;
  cpuMs(): number {
    return this.cpu;
  }
  /** The timer runs `lateMs` late, the process having spent `cpuMs` of CPU since it was armed. */
  fireLate(lateMs: number, cpuMs = 0): void {
    this.cpu += cpuMs;
    super.fireLate(lateMs);
  }
}

describe("LoopLagMonitor", () => {
  test("each firing's lateness goes to last, max and the histogram", () => {
    const clock = new FakeClock();
    const m = new LoopLagMonitor({ clock, intervalMs: 20, bounds: [0.01, 0.1] });
    m.start();
    clock.fireLate(3);
    clock.fireLate(120);
    clock.fireLate(40);
    const f = m.figures();
    expect(f.last).toBeCloseTo(0.04, 9);
    expect(f.max).toBeCloseTo(0.12, 9);
    expect(f.counts).toEqual([1, 1, 1]);
    expect(f.sum).toBeCloseTo(0.163, 9);
  });

  test("a turn over the threshold warns once per period, then tells how many it skipped", () => {
    const clock = new FakeClock();
    const warnings: [number, number][] = [];
    const m = new LoopLagMonitor({ clock, intervalMs: 20, warnAboveMs: 250, warnEveryMs: 1_000, warn: (ms, more) => warnings.push([ms, more]) });
    m.start();
    clock.fireLate(249);
    expect(warnings).toEqual([]);
    clock.fireLate(300);
    clock.fireLate(400);
    clock.fireLate(260);
    expect(warnings).toEqual([[300, 0]]);
    // A second of punctual firings: the period has passed.
    for (let i = 0; i < 50; i++) clock.fireLate(0);
    clock.fireLate(500);
    expect(warnings).toEqual([
      [300, 0],
      [500, 2],
    ]);
  });

  test("stop cancels the timer and start arms it once", () => {
    const clock = new FakeClock();
    const m = new LoopLagMonitor({ clock });
    m.start();
    m.start();
    expect(clock.armed).toBe(1);
    m.stop();
    expect(clock.pending).toBeNull();
  });

  test("with a CPU clock, the work part of a lateness is the CPU spent over the interval, at most the lateness", () => {
    const clock = new CpuFakeClock();
    const warnings: [number, number | undefined][] = [];
    const m = new LoopLagMonitor({ clock, intervalMs: 20, bounds: [0.01, 0.1], warnAboveMs: 250, warn: (ms, _more, work) => warnings.push([ms, work]) });
    m.start();
    // Our own turn of 100 ms: 100 ms of CPU; the work part is the whole lateness (80 ms).
    clock.fireLate(80, 100);
    // Starved: 500 ms late with 12 ms of CPU spent.
    clock.fireLate(500, 12);
    // Punctual: no lateness, so no work part whatever the CPU.
    clock.fireLate(0, 15);
    const f = m.figures();
    expect(f.max).toBeCloseTo(0.5, 9);
    expect(f.work!.max).toBeCloseTo(0.08, 9);
    expect(f.work!.last).toBe(0);
    expect(f.work!.counts).toEqual([1, 2, 0]);
    expect(warnings).toEqual([[500, 12]]);
    expect(lagWarning(500, 0, 12)).toContain("12 ms of it on the CPU in this daemon");
  });

  test("without a CPU clock there is no work part", () => {
    const clock = new FakeClock();
    const m = new LoopLagMonitor({ clock });
    m.start();
    clock.fireLate(30);
    expect(m.figures().work).toBeUndefined();
    expect(writeTextFormat(loopLagFamilies(m))).not.toContain("flotilla_event_loop_work");
  });

  test("the warning line names the duration and the skipped turns", () => {
    expect(lagWarning(312.4, 0)).toStartWith("event loop blocked for 312 ms");
    expect(lagWarning(312.4, 2)).toContain("2 more such turns");
    expect(lagWarning(312.4, 1)).toContain("1 more such turn since");
  });
});

describe("loop lag metric families", () => {
  test("histogram, last and max in the exposition text", () => {
    const clock = new FakeClock();
    const m = new LoopLagMonitor({ clock, intervalMs: 20, bounds: [0.01, 0.1] });
    m.start();
    clock.fireLate(5);
    clock.fireLate(60);
    const text = writeTextFormat(loopLagFamilies(m));
    expect(text).toContain('flotilla_event_loop_lag_seconds_bucket{le="0.01"} 1\n');
    expect(text).toContain('flotilla_event_loop_lag_seconds_bucket{le="0.1"} 2\n');
    expect(text).toContain('flotilla_event_loop_lag_seconds_bucket{le="+Inf"} 2\n');
    expect(text).toContain("flotilla_event_loop_lag_seconds_count 2\n");
    expect(text).toContain("flotilla_event_loop_lag_last_seconds 0.06\n");
    expect(text).toContain("flotilla_event_loop_lag_max_seconds 0.06\n");
    expect(text).toContain("# TYPE flotilla_event_loop_lag_seconds histogram");
  });

  test("the work histogram and its max beside them", () => {
    const clock = new CpuFakeClock();
    const m = new LoopLagMonitor({ clock, intervalMs: 20, bounds: [0.01, 0.1] });
    m.start();
    clock.fireLate(60, 4);
    const text = writeTextFormat(loopLagFamilies(m));
    expect(text).toContain('flotilla_event_loop_work_seconds_bucket{le="0.01"} 1\n');
    expect(text).toContain("flotilla_event_loop_work_max_seconds 0.004\n");
  });
});
