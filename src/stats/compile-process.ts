// Process period compiler (pure): turns cumulative process samples (CPU seconds of the process and
// its descendants, memory %) into per-period figures as Supvisors does. CPU is published in % of
// one core (IRIX); Solaris mode (CPU divided by the core count) applies only when a history is
// read. A new pid for a namespec starts fresh series (the process was restarted); a stop drops them.

import { pushBounded } from "./bounded.ts";
import { PeriodWindow } from "./period-window.ts";
import type { ProcessHistory, ProcessSample, ProcessStatsEvent } from "./types.ts";

/**
 * CPU % of one core between two cumulative work values over `duration` seconds. Never negative:
 * a descendant that exited takes its CPU time with it, which must not read as negative load.
 * @example processCpuPercent(2.5, 0.5, 10) // 20
 */
export function processCpuPercent(latestWork: number, refWork: number, duration: number): number {
  if (!(duration > 0)) return 0;
  return Math.max(0, (100 * (latestWork - refWork)) / duration);
}

/** One process on one period. */
class ProcessPeriodSeries {
  readonly #window: PeriodWindow<ProcessSample>;
  readonly times: number[] = [];
  readonly cpu: number[] = [];
  readonly mem: number[] = [];

  constructor(
    readonly period: number,
    readonly depth: number,
  ) {
    this.#window = new PeriodWindow(period);
  }

  push(sample: ProcessSample): { period: [number, number]; cpu: number; mem: number } | null {
    const window = this.#window.close(sample);
    if (window === null) return null;
    const cpu = processCpuPercent(sample.work, window.ref.work, window.duration);
    pushBounded(this.times, window.period[1], this.depth);
    pushBounded(this.cpu, cpu, this.depth);
    pushBounded(this.mem, sample.mem, this.depth);
    return { period: window.period, cpu, mem: sample.mem };
  }
}

/** Every process of one instance across every configured period. */
export class ProcessCompiler {
  readonly #processes = new Map<string, { pid: number; series: Map<number, ProcessPeriodSeries> }>();

  constructor(
    readonly identifier: string,
    readonly periods: readonly number[],
    readonly depth: number,
  ) {}

  /**
   * Feeds one sample of `namespec`; returns the EVT-19 payloads of the windows it closed.
   * @example compiler.push("web:app", { now: 10, pid: 42, work: 1.5, mem: 0.3 })
   */
  push(namespec: string, sample: ProcessSample, nowMonotonic: number = sample.now): ProcessStatsEvent[] {
    let entry = this.#processes.get(namespec);
    if (entry === undefined || entry.pid !== sample.pid) {
      entry = { pid: sample.pid, series: new Map(this.periods.map((p) => [p, new ProcessPeriodSeries(p, this.depth)])) };
      this.#processes.set(namespec, entry);
    }
    const out: ProcessStatsEvent[] = [];
    for (const series of entry.series.values()) {
      const r = series.push(sample);
      if (r === null) continue;
      out.push({
        namespec,
        identifier: this.identifier,
        pid: sample.pid,
        now_monotonic: nowMonotonic,
        target_period: series.period,
        period: r.period,
        cpu: r.cpu,
        mem: r.mem,
      });
    }
    return out;
  }

  /** The process stopped (or vanished): its series are dropped. */
  remove(namespec: string): void {
    this.#processes.delete(namespec);
  }

  /** The namespecs that currently have series. */
  namespecs(): string[] {
    return [...this.#processes.keys()];
  }

  /**
   * A copy of one process history, CPU divided by `cpuDivisor` (1 in IRIX mode, the core count
   * in Solaris mode); null when the process or the period is unknown.
   */
  history(namespec: string, period: number, cpuDivisor = 1): ProcessHistory | null {
    const entry = this.#processes.get(namespec);
    const series = entry?.series.get(period);
    if (entry === undefined || series === undefined) return null;
    const divisor = cpuDivisor > 0 ? cpuDivisor : 1;
    return {
      namespec,
      pid: entry.pid,
      period,
      times: [...series.times],
      cpu: series.cpu.map((v) => v / divisor),
      mem: [...series.mem],
    };
  }
}
