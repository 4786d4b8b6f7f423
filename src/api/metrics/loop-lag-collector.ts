// The event loop's lateness as metric families: the histogram of every firing of the lag timer,
// and gauges of the latest and the worst one. The monitor itself lives with the daemon; this only
// reads its figures at scrape time.

import { Families } from "./catalogue.ts";
import { histogramFamily, scalarFamily } from "./family.ts";
import type { MetricFamily } from "./text-format.ts";

/** What the daemon's lag monitor (src/daemon/loop-lag.ts) tells at each scrape. */
export interface LoopLagFigures {
  /** Seconds, the lateness of the latest firing. */
  last: number;
  /** Seconds, the worst lateness since start. */
  max: number;
  bounds: readonly number[];
  /** Per bucket (the last is +Inf), not cumulative. */
  counts: readonly number[];
  sum: number;
  /** The same figures for the work part of each lateness (the daemon's own CPU); absent without a CPU clock. */
  work?: { last: number; max: number; counts: readonly number[]; sum: number };
}

export interface LoopLagSource {
  figures(): LoopLagFigures;
}

/** @example loopLagFamilies(monitor).map((f) => f.name) // ["flotilla_event_loop_lag_seconds", "…_last_seconds", "…_max_seconds"] */
export function loopLagFamilies(source: LoopLagSource): MetricFamily[] {
  const f = source.figures();
  const families = [
    histogramFamily(Families.loopLag, [[[], { bounds: f.bounds, counts: [...f.counts], sum: f.sum }]]),
    scalarFamily(Families.loopLagLast, [[[], f.last]]),
    scalarFamily(Families.loopLagMax, [[[], f.max]]),
  ];
  if (f.work !== undefined) {
    families.push(
      histogramFamily(Families.loopWork, [[[], { bounds: f.bounds, counts: [...f.work.counts], sum: f.work.sum }]]),
      scalarFamily(Families.loopWorkMax, [[[], f.work.max]]),
    );
  }
  return families;
}
