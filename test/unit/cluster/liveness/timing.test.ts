// The failure detector's formulas, table-tested (liveness/timing.ts).
import { describe, expect, test } from "bun:test";
import { addGap, healthMultiplier, NO_GAPS, stallThreshold, suspectAfter, suspicionBounds, suspicionTimeout, type GapStats } from "../../../../src/cluster/liveness/timing.ts";

const steady = (gap: number, count = 50): GapStats => Array.from({ length: count }).reduce<GapStats>((s) => addGap(s, gap), NO_GAPS);

describe("gap statistics", () => {
  test("the first gap sets the mean; steady gaps keep the variance at zero", () => {
    expect(addGap(NO_GAPS, 0.2)).toEqual({ count: 1, mean: 0.2, variance: 0 });
    const s = steady(0.2);
    expect(s.mean).toBeCloseTo(0.2, 9);
    expect(s.variance).toBeCloseTo(0, 9);
  });

  test("alternating gaps give their spread; a slower rhythm moves the mean within tens of samples", () => {
    let s = NO_GAPS;
    for (let i = 0; i < 200; i += 1) s = addGap(s, i % 2 === 0 ? 0.1 : 0.3);
    expect(s.mean).toBeCloseTo(0.2, 1);
    expect(Math.sqrt(s.variance)).toBeGreaterThan(0.08);
    expect(Math.sqrt(s.variance)).toBeLessThan(0.12);
    let slow = steady(0.2);
    for (let i = 0; i < 30; i += 1) slow = addGap(slow, 0.5);
    expect(slow.mean).toBeGreaterThan(0.45);
  });

  test("nonsense gaps are ignored", () => {
    for (const gap of [-1, Number.NaN, Number.POSITIVE_INFINITY]) expect(addGap(steady(0.2), gap)).toEqual(steady(0.2));
  });
});

describe("deadlines", () => {
  const rows: [string, number, number, GapStats, number, number][] = [
    ["no rhythm known yet: the user's bound", 0.4, 0.2, NO_GAPS, 0, 0.4],
    ["a steady peer: the user's bound", 0.4, 0.2, steady(0.2), 0, 0.4],
    ["a peer ticking 0.1 s late on average", 0.4, 0.2, steady(0.3), 0, 0.5],
    ["a very late peer: capped at twice the bound", 0.4, 0.2, steady(2), 0, 0.8],
    ["local health 2: twice as long", 0.4, 0.2, NO_GAPS, 2, 0.8],
    ["local health at the ceiling: five times", 10, 5, NO_GAPS, 8, 50],
    ["local health past the ceiling counts as the ceiling", 10, 5, NO_GAPS, 99, 50],
  ];
  for (const [name, base, period, gaps, health, expected] of rows) {
    test(name, () => expect(suspectAfter(base, period, gaps, health)).toBeCloseTo(expected, 6));
  }

  test("health multiplier", () => {
    expect([0, 1, 2, 8, -3].map(healthMultiplier)).toEqual([1, 1.5, 2, 5, 1]);
  });

  test("suspicion shrinks from its maximum to its minimum as confirmations come (memberlist's curve)", () => {
    const { min, max } = suspicionBounds(0.4);
    expect([min, max]).toEqual([0.2, 0.8]);
    expect(suspicionTimeout(0, 3, min, max)).toBeCloseTo(0.8, 9);
    expect(suspicionTimeout(1, 3, min, max)).toBeCloseTo(0.8 - 0.5 * 0.6, 9);
    expect(suspicionTimeout(3, 3, min, max)).toBeCloseTo(0.2, 9);
    expect(suspicionTimeout(5, 3, min, max)).toBeCloseTo(0.2, 9);
    expect(suspicionTimeout(0, 0, min, max)).toBe(0.8);
  });

  test("stall threshold: a quarter of a tick, never under 50 ms", () => {
    expect([0.05, 0.2, 1, 5].map(stallThreshold)).toEqual([0.05, 0.05, 0.25, 1.25]);
  });
});
