// The latest CPU and memory of a local process, from the statistics collector (CFG-SV-23..27): the
// last closed window of the shortest period. The collector keeps CPU in % of one core (IRIX mode)
// or of the whole host (Solaris mode) and memory in % of the host's; the metrics want cores and
// bytes whatever the mode, so both are converted back here.

import type { ProcessFigures, ProcessFiguresSource } from "./local-collector.ts";

/** The parts of the statistics collector read here (StatsCollector has them). */
export interface StatsReader {
  status(): { processStats: boolean };
  /** History of one process over one period, CPU as the collector's mode gives it; null when none. */
  process(namespec: string, period: number): { cpu: readonly number[]; mem: readonly number[] } | null;
  /** Logical processors: Solaris mode divides CPU by this. */
  cores(): number;
}

export interface LatestFiguresOptions {
  stats: StatsReader;
  /** stats_periods (seconds); the shortest gives the most recent figures. */
  periods: readonly number[];
  /** stats_irix_mode: true when the collector's CPU is already in % of one core. */
  irixMode: boolean;
  /** Physical memory, the base of the collector's memory %. */
  totalMemoryBytes: number;
}

/**
 * @example
 *   const figures = latestFigures({ stats: collector, periods: [5, 60], irixMode: false, totalMemoryBytes: os.totalmem() });
 *   figures.figures("web:app") // { cpuCores: 0.25, memoryBytes: 52428800 } or null
 */
export function latestFigures(o: LatestFiguresOptions): ProcessFiguresSource {
  const period = o.periods.length === 0 ? null : Math.min(...o.periods);
  return {
    figures(namespec: string): ProcessFigures | null {
      if (period === null || !o.stats.status().processStats) return null;
      const history = o.stats.process(namespec, period);
      if (history === null || history.cpu.length === 0 || history.mem.length === 0) return null;
      const cpuPercent = history.cpu[history.cpu.length - 1]! * (o.irixMode ? 1 : o.stats.cores());
      const memPercent = history.mem[history.mem.length - 1]!;
      return { cpuCores: cpuPercent / 100, memoryBytes: Math.round((memPercent / 100) * o.totalMemoryBytes) };
    },
  };
}
