// StatsCollector driven by a hand-made clock, timer and sampler: ticks fire only when the test
// says so, so every figure is exact.

import { describe, expect, test } from "bun:test";
import { StatsCollector, type CollectedProcess, type CompiledStats, type StatsCollectorOptions } from "../../../src/stats/collector.ts";
import type { ProcessRequest, StatsSampler } from "../../../src/stats/sampler.ts";
import type { ProcessFigures } from "../../../src/stats/sample-process.ts";

/** A timer holding at most the pending callbacks, fired by hand. */
function manualTimer() {
  const pending: Array<{ ms: number; fn: () => void; cancelled: boolean }> = [];
  return {
    pending,
    after(ms: number, fn: () => void) {
      const entry = { ms, fn, cancelled: false };
      pending.push(entry);
      return () => { entry.cancelled = true; };
    },
    live() { return pending.filter((p) => !p.cancelled); },
    fire() {
      const next = pending.find((p) => !p.cancelled);
      if (next === undefined) throw new Error("no pending tick");
      next.cancelled = true;
      next.fn();
    },
  };
}

function setup(over: Partial<StatsCollectorOptions> = {}, procs: CollectedProcess[] = [{ namespec: "g:a", pid: 10 }]) {
  const clock = { t: 0, monotonic() { return this.t; } };
  const timer = manualTimer();
  const work = new Map<number, number>([[10, 0], [1, 0]]);
  const requests: ProcessRequest[][] = [];
  let hostCalls = 0;
  const sampler: StatsSampler = {
    host(now) {
      hostCalls++;
      return { now, cpu: [{ work: now, idle: now }], mem: 10, netIo: {}, diskIo: {}, diskUsage: {} };
    },
    processes(rs) {
      requests.push([...rs]);
      return rs.map((r): ProcessFigures | null => (work.has(r.pid) ? { work: work.get(r.pid)!, rssBytes: 500 } : null));
    },
    memoryBytes: () => 1000,
    cores: () => 4,
  };
  const events: CompiledStats[] = [];
  const collector = new StatsCollector({
    identifier: "n1", hostEnabled: true, processEnabled: true, collectingPeriod: 5, periods: [5, 10], histo: 10,
    irixMode: false, processes: () => procs, sampler, clock, timer, selfPid: 1, ...over,
  });
  collector.onCompiled((e) => events.push(e));
  return { clock, timer, work, requests, collector, events, procs, hostCalls: () => hostCalls };
}

describe("StatsCollector", () => {
  test("samples at start then every collecting period, and publishes each closed window", () => {
    const s = setup();
    s.collector.start();
    expect(s.timer.live().map((p) => p.ms)).toEqual([0]);
    s.timer.fire();
    expect(s.events).toEqual([]);
    expect(s.requests[0]).toEqual([{ pid: 1, withChildren: false }, { pid: 10, withChildren: true }]);
    expect(s.timer.live().map((p) => p.ms)).toEqual([5000]);
    s.clock.t = 5;
    s.work.set(10, 2.5);
    s.timer.fire();
    const kinds = s.events.map((e) => (e.kind === "host" ? `host ${e.stats.target_period}` : `${e.stats.namespec} ${e.stats.target_period}`));
    expect(kinds).toEqual(["host 5", "supervisord 5", "g:a 5"]);
    const proc = s.events.find((e) => e.kind === "process" && e.stats.namespec === "g:a")!;
    expect(proc.stats).toMatchObject({ cpu: 50, mem: 50, pid: 10, period: [0, 5], now_monotonic: 5 });
    // Solaris mode: divided by the 4 cores when read.
    expect(s.collector.process("g:a", 5)!.cpu).toEqual([12.5]);
    expect(s.collector.host(5)!.cpu[0]).toEqual([50]);
    expect(s.collector.host(10)!.times).toEqual([]);
  });
  test("IRIX mode reads CPU as published", () => {
    const s = setup({ irixMode: true });
    s.collector.sample();
    s.clock.t = 5;
    s.work.set(10, 2.5);
    s.collector.sample();
    expect(s.collector.process("g:a", 5)!.cpu).toEqual([50]);
  });
  test("stopped and vanished processes lose their series", () => {
    const s = setup({}, [{ namespec: "g:a", pid: 10 }, { namespec: "g:b", pid: 0 }, { namespec: "g:c", pid: 77 }]);
    s.collector.sample();
    expect(s.requests[0]!.map((r) => r.pid)).toEqual([1, 10, 77]);
    expect(s.collector.namespecs().sort()).toEqual(["g:a", "supervisord"]);
    s.procs.splice(0, 1);
    s.collector.sample();
    expect(s.collector.namespecs()).toEqual(["supervisord"]);
    expect(s.collector.process("g:a", 5)).toBeNull();
  });
  test("enable switches, period change and status", () => {
    const s = setup();
    s.collector.start();
    s.timer.fire();
    expect(s.collector.status()).toEqual({ hostStats: true, processStats: true, collectingPeriod: 5 });
    s.collector.enableHost(false);
    s.timer.fire();
    expect(s.hostCalls()).toBe(1);
    expect(s.requests.length).toBe(2);
    s.collector.enableProcess(false);
    // Nothing enabled: no tick left pending.
    expect(s.timer.live()).toEqual([]);
    s.collector.enableHost(true);
    expect(s.timer.live().map((p) => p.ms)).toEqual([0]);
    s.collector.setPeriod(2.5);
    expect(s.timer.live().map((p) => p.ms)).toEqual([2500]);
    expect(s.collector.status()).toEqual({ hostStats: true, processStats: false, collectingPeriod: 2.5 });
    expect(() => s.collector.setPeriod(0)).toThrow(RangeError);
    expect(() => s.collector.setPeriod(Number.NaN)).toThrow(RangeError);
    s.collector.stop();
    expect(s.timer.live()).toEqual([]);
  });
  test("a failing listener or process list does not stop sampling", () => {
    const s = setup();
    s.collector.onCompiled(() => { throw new Error("boom"); });
    const broken = new StatsCollector({
      identifier: "n1", hostEnabled: false, processEnabled: true, collectingPeriod: 1, periods: [1], histo: 3, irixMode: true,
      processes: () => { throw new Error("list"); }, sampler: { host: () => { throw new Error("unused"); }, processes: (rs) => rs.map(() => ({ work: 0, rssBytes: 0 })), memoryBytes: () => 0, cores: () => 1 },
      clock: s.clock, timer: s.timer, selfPid: 1,
    });
    broken.sample();
    expect(broken.namespecs()).toEqual(["supervisord"]);
    s.collector.sample();
    s.clock.t = 5;
    s.collector.sample();
    expect(s.events.length).toBe(3);
  });
});
