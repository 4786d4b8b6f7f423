// Host period compiler (pure): turns cumulative host samples into per-period figures as Supvisors
// integrates them. Each configured period keeps its own reference sample; a window closes when a
// sample arrives at least `period` seconds after the reference, and that sample becomes the next
// reference. CPU is work / (work + idle) over the window, IO counters become kbit/s (bytes / 128 per
// second), memory and disk usage are taken as sampled.

import { pushBounded } from "./bounded.ts";
import { PeriodWindow } from "./period-window.ts";
import type { HostHistory, HostSample, HostStatsEvent, Jiffies, TimedSeries } from "./types.ts";

/**
 * CPU % per entry between two samples; 0 where no time elapsed.
 * @example cpuPercents([{ work: 30, idle: 70 }], [{ work: 10, idle: 10 }]) // [25]
 */
export function cpuPercents(latest: readonly Jiffies[], ref: readonly Jiffies[]): number[] {
  const n = Math.min(latest.length, ref.length);
  const result: number[] = [];
  for (let i = 0; i < n; i++) {
    const work = latest[i]!.work - ref[i]!.work;
    const idle = latest[i]!.idle - ref[i]!.idle;
    const total = work + idle;
    result.push(total > 0 ? (100 * work) / total : 0);
  }
  return result;
}

/**
 * kbit/s per key present in both samples. A key whose counter went backwards (wrapped, or the
 * device was replaced) is left out of this window, as Supvisors does.
 * @example ioRates({ eth0: [1280, 0] }, { eth0: [0, 0] }, 10) // { eth0: [1, 0] }
 */
export function ioRates(
  latest: Readonly<Record<string, [number, number]>>,
  ref: Readonly<Record<string, [number, number]>>,
  duration: number,
): Record<string, [number, number]> {
  const rates: Record<string, [number, number]> = {};
  if (!(duration > 0)) return rates;
  for (const [key, [inNow, outNow]] of Object.entries(latest)) {
    const before = ref[key];
    if (before === undefined) continue;
    const [inRef, outRef] = before;
    if (inRef > inNow || outRef > outNow) continue;
    // bytes * 8 / 1024 = kilobits
    rates[key] = [(inNow - inRef) / duration / 128, (outNow - outRef) / duration / 128];
  }
  return rates;
}

/**
 * Adds one window's values to keyed series: known keys grow, keys absent from the window are
 * dropped (the interface or mount went away), new keys start a fresh series.
 */
function pushKeyed(series: Record<string, TimedSeries>, values: Record<string, number[]>, time: number, depth: number): void {
  for (const key of Object.keys(series)) {
    if (!(key in values)) delete series[key];
  }
  for (const [key, row] of Object.entries(values)) {
    const entry = (series[key] ??= { times: [], values: row.map(() => []) });
    pushBounded(entry.times, time, depth);
    row.forEach((v, i) => pushBounded((entry.values[i] ??= []), v, depth));
  }
}

/** The history and integration state of one host for one period. */
export class HostPeriodCompiler {
  readonly #window: PeriodWindow<HostSample>;
  readonly #history: HostHistory;

  constructor(
    readonly identifier: string,
    readonly period: number,
    readonly depth: number,
  ) {
    this.#window = new PeriodWindow(period);
    this.#history = { period, times: [], cpu: [], mem: [], netIo: {}, diskIo: {}, diskUsage: {} };
  }

  /**
   * Takes one sample; returns the EVT-18 payload when it closes a window, else null.
   * `nowMonotonic` is the value published as now_monotonic (the caller's clock).
   */
  push(sample: HostSample, nowMonotonic: number = sample.now): HostStatsEvent | null {
    const window = this.#window.close(sample);
    if (window === null) return null;
    const { ref, duration } = window;
    const cpu = cpuPercents(sample.cpu, ref.cpu);
    const netIo = ioRates(sample.netIo, ref.netIo, duration);
    const diskIo = ioRates(sample.diskIo, ref.diskIo, duration);
    const end = window.period[1];
    const h = this.#history;
    pushBounded(h.times, end, this.depth);
    cpu.forEach((v, i) => pushBounded((h.cpu[i] ??= []), v, this.depth));
    pushBounded(h.mem, sample.mem, this.depth);
    pushKeyed(h.netIo, netIo, end, this.depth);
    pushKeyed(h.diskIo, diskIo, end, this.depth);
    pushKeyed(h.diskUsage, Object.fromEntries(Object.entries(sample.diskUsage).map(([k, v]) => [k, [v]])), end, this.depth);
    return {
      identifier: this.identifier,
      now_monotonic: nowMonotonic,
      target_period: this.period,
      period: window.period,
      cpu,
      mem: sample.mem,
      net_io: netIo,
      disk_io: diskIo,
      disk_usage: { ...sample.diskUsage },
    };
  }

  /** A copy of the history, safe to keep. */
  history(): HostHistory {
    const h = this.#history;
    const copyKeyed = (s: Record<string, TimedSeries>) =>
      Object.fromEntries(Object.entries(s).map(([k, v]) => [k, { times: [...v.times], values: v.values.map((l) => [...l]) }]));
    return {
      period: h.period,
      times: [...h.times],
      cpu: h.cpu.map((l) => [...l]),
      mem: [...h.mem],
      netIo: copyKeyed(h.netIo),
      diskIo: copyKeyed(h.diskIo),
      diskUsage: copyKeyed(h.diskUsage),
    };
  }
}

/** One host across every configured period (stats_periods). */
export class HostCompiler {
  readonly #byPeriod: Map<number, HostPeriodCompiler>;

  constructor(identifier: string, periods: readonly number[], depth: number) {
    this.#byPeriod = new Map(periods.map((p) => [p, new HostPeriodCompiler(identifier, p, depth)]));
  }

  /** Feeds every period; returns the payloads of the windows this sample closed, shortest period first. */
  push(sample: HostSample, nowMonotonic: number = sample.now): HostStatsEvent[] {
    const out: HostStatsEvent[] = [];
    for (const compiler of this.#byPeriod.values()) {
      const event = compiler.push(sample, nowMonotonic);
      if (event !== null) out.push(event);
    }
    return out;
  }

  /** The history of one period, or null for a period not configured. */
  history(period: number): HostHistory | null {
    return this.#byPeriod.get(period)?.history() ?? null;
  }

  get periods(): number[] {
    return [...this.#byPeriod.keys()];
  }
}
