// The four figures of a statistics series as the pages print them (UI-12): latest value, mean,
// regression slope × period ("Slope/P") and standard deviation, in Supvisors' get_small_value form
// (two decimals, "+0.00" for a tiny positive value), with the trend class of the latest value.
// Shared by the widgets (views/stats-widget.ts) and the rows of the host page's tables.

import { summary, type Trend } from "../stats/summary.ts";
import { smallValue } from "./py-text.ts";

/** The figures as text; "" where the series cannot tell (no value, or a single one). */
export interface WidgetFigures {
  latest: string;
  mean: string;
  slope: string;
  stddev: string;
  trend: Trend | null;
}

const text = (value: number | null | undefined): string => (value === null || value === undefined || !Number.isFinite(value) ? "" : smallValue(value));

/**
 * @example widgetFigures([10, 20, 30], [1, 2, 4], 10) // { latest: "4.00", mean: "2.33", slope: "1.50", stddev: "1.25", trend: "increase" }
 */
export function widgetFigures(times: readonly number[], values: readonly number[], period: number): WidgetFigures {
  const s = summary(times, values, period);
  if (s === null) return { latest: "", mean: "", slope: "", stddev: "", trend: null };
  return { latest: text(s.latest), mean: text(s.mean), slope: text(s.slopePerPeriod), stddev: text(s.stddev), trend: s.trend };
}
