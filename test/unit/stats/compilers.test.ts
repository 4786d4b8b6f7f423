// The pure period compilers and the series summary, with synthetic samples and injected times.

import { describe, expect, test } from "bun:test";
import { cpuPercents, HostCompiler, HostPeriodCompiler, ioRates } from "../../../src/stats/compile-host.ts";
import { ProcessCompiler, processCpuPercent } from "../../../src/stats/compile-process.ts";
import { linearRegression, summary, trendOf } from "../../../src/stats/summary.ts";
import type { HostSample } from "../../../src/stats/types.ts";

function host(now: number, work: number, idle: number, over: Partial<HostSample> = {}): HostSample {
  return {
    now,
    cpu: [{ work, idle }, { work: work * 2, idle: 0 }],
    mem: 40,
    netIo: { eth0: [now * 1280, now * 128] },
    diskIo: { sda: [0, now * 256] },
    diskUsage: { "/": 50 },
    ...over,
  };
}

describe("cpuPercents / ioRates", () => {
  const cases: Array<[string, number[], number[], number[]]> = [
    // name, latest [work, idle], ref [work, idle], expected %
    ["a quarter busy", [30, 70], [10, 10], [25]],
    ["no time elapsed", [10, 10], [10, 10], [0]],
    ["fully busy", [20, 0], [10, 0], [100]],
  ];
  for (const [name, [lw, li], [rw, ri], expected] of cases) {
    test(name, () => expect(cpuPercents([{ work: lw!, idle: li! }], [{ work: rw!, idle: ri! }])).toEqual(expected));
  }
  test("bytes become kbit/s; wrapped counters and new keys are left out", () => {
    expect(ioRates({ eth0: [12800, 1280], lo: [5, 5], new: [9, 9] }, { eth0: [0, 0], lo: [10, 0] }, 10)).toEqual({ eth0: [10, 1] });
    expect(ioRates({ eth0: [1, 1] }, { eth0: [0, 0] }, 0)).toEqual({});
  });
});

describe("HostPeriodCompiler", () => {
  test("first sample is the reference; a window closes once the period has elapsed", () => {
    const c = new HostPeriodCompiler("n1", 10, 5);
    expect(c.push(host(100, 0, 0))).toBeNull();
    expect(c.push(host(105, 5, 5))).toBeNull();
    const e = c.push(host(110, 10, 30), 999);
    expect(e).toEqual({
      identifier: "n1", now_monotonic: 999, target_period: 10, period: [0, 10],
      cpu: [25, 100], mem: 40, net_io: { eth0: [10, 1] }, disk_io: { sda: [0, 2] }, disk_usage: { "/": 50 },
    });
    // The closing sample is the next reference, not the one at 105.
    expect(c.push(host(119, 10, 30))).toBeNull();
    expect(c.push(host(120, 20, 30))?.period).toEqual([10, 20]);
    expect(c.history().times).toEqual([10, 20]);
    expect(c.history().cpu[0]).toEqual([25, 100]);
  });
  test("history is bounded by stats_histo", () => {
    const c = new HostPeriodCompiler("n1", 1, 3);
    for (let t = 0; t <= 6; t++) c.push(host(t, t, t));
    expect(c.history().times).toEqual([4, 5, 6]);
    expect(c.history().mem).toEqual([40, 40, 40]);
    expect(c.history().netIo["eth0"]!.times).toEqual([4, 5, 6]);
  });
  test("interfaces that vanish are dropped, new ones start their own series", () => {
    const c = new HostPeriodCompiler("n1", 1, 10);
    c.push(host(0, 0, 0));
    c.push(host(1, 1, 1));
    c.push(host(2, 2, 2, { netIo: { eth0: [2560, 256], wlan0: [0, 0] } }));
    c.push(host(3, 3, 3, { netIo: { wlan0: [128, 0] } }));
    const h = c.history();
    expect(Object.keys(h.netIo)).toEqual(["wlan0"]);
    expect(h.netIo["wlan0"]).toEqual({ times: [3], values: [[1 / 1], [0]] });
    h.mem.push(1);
    expect(c.history().mem.length).toBe(3);
  });
  test("HostCompiler feeds every period", () => {
    const c = new HostCompiler("n1", [5, 10], 10);
    const out = [0, 5, 10].map((t) => c.push(host(t, t, t)).map((e) => e.target_period));
    expect(out).toEqual([[], [5], [5, 10]]);
    expect(c.history(7)).toBeNull();
    expect(c.history(10)!.times).toEqual([10]);
  });
});

describe("ProcessCompiler", () => {
  test("CPU % of one core over the window, never negative", () => {
    expect(processCpuPercent(2.5, 0.5, 10)).toBe(20);
    expect(processCpuPercent(1, 2, 10)).toBe(0);
    expect(processCpuPercent(1, 0, 0)).toBe(0);
  });
  test("payloads, pid change restarts the series, Solaris divisor on read", () => {
    const c = new ProcessCompiler("n1", [10], 5);
    expect(c.push("g:p", { now: 0, pid: 7, work: 0, mem: 1 })).toEqual([]);
    expect(c.push("g:p", { now: 10, pid: 7, work: 4, mem: 2 }, 50)).toEqual([
      { namespec: "g:p", identifier: "n1", pid: 7, now_monotonic: 50, target_period: 10, period: [0, 10], cpu: 40, mem: 2 },
    ]);
    expect(c.history("g:p", 10, 4)).toEqual({ namespec: "g:p", pid: 7, period: 10, times: [10], cpu: [10], mem: [2] });
    // restarted with a new pid: a fresh reference, no window
    expect(c.push("g:p", { now: 20, pid: 8, work: 0, mem: 1 })).toEqual([]);
    expect(c.history("g:p", 10)!.times).toEqual([]);
    c.remove("g:p");
    expect(c.history("g:p", 10)).toBeNull();
    expect(c.namespecs()).toEqual([]);
  });
});

describe("summary (UI-12)", () => {
  test("regression", () => {
    expect(linearRegression([0, 1, 2], [1, 3, 5])).toEqual([2, 1]);
    expect(linearRegression([1, 1], [1, 3])).toBeNull();
    expect(linearRegression([1], [1])).toBeNull();
  });
  const cases: Array<[string, number[], ReturnType<typeof trendOf>]> = [
    ["increase", [1, 2], "increase"],
    ["decrease", [2, 1], "decrease"],
    ["stable under 0.005 %", [100000, 100004], "stable"],
    ["from 0: no trend", [0, 5], null],
  ];
  for (const [name, values, trend] of cases) test(name, () => expect(summary([0, 10], values, 10)!.trend).toBe(trend));
  test("figures", () => {
    const s = summary([10, 20, 30], [1, 2, 3], 10)!;
    expect(s.latest).toBe(3);
    expect(s.mean).toBe(2);
    expect(s.slopePerPeriod).toBeCloseTo(1);
    expect(s.stddev).toBeCloseTo(Math.sqrt(2 / 3));
    expect(s.rate).toBeCloseTo(50);
    expect(summary([], [], 10)).toBeNull();
    expect(summary([1], [4], 10)).toEqual({ latest: 4, mean: 4, rate: null, slopePerPeriod: null, stddev: null, trend: null });
  });
});
