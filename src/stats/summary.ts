// The figures the statistics widgets show for one series (UI-12), as Supvisors computes them:
// latest value, mean, linear-regression slope multiplied by the period ("Slope/P"), population
// standard deviation, and the trend class from the instant rate between the last two values.

/** Trend class of the latest value; null when it cannot be told (under two values, or from 0). */
export type Trend = "increase" | "decrease" | "stable";

/** Below this |instant rate| (in %) the latest value is called stable. */
export const STABLE_RATE = 0.005;

export interface SeriesSummary {
  latest: number;
  mean: number;
  /** Instant rate in % between the last two values; null with under two values or a previous 0. */
  rate: number | null;
  /** Regression slope (per second) × period; null with under two values or identical times. */
  slopePerPeriod: number | null;
  /** Population standard deviation; null with under two values. */
  stddev: number | null;
  trend: Trend | null;
}

/**
 * Least-squares line through the points: [slope, intercept], or null when x does not vary.
 * @example linearRegression([0, 1, 2], [1, 3, 5]) // [2, 1]
 */
export function linearRegression(xs: readonly number[], ys: readonly number[]): [number, number] | null {
  const n = Math.min(xs.length, ys.length);
  if (n < 2) return null;
  let sx = 0, sy = 0;
  for (let i = 0; i < n; i++) { sx += xs[i]!; sy += ys[i]!; }
  const mx = sx / n, my = sy / n;
  let sxx = 0, sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    sxx += dx * dx;
    sxy += dx * (ys[i]! - my);
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  return [slope, my - slope * mx];
}

/** Trend class of an instant rate (UI-12 colours: increase ↗ green, decrease ↘ red, stable ↝ blue). */
export function trendOf(rate: number | null): Trend | null {
  if (rate === null || !Number.isFinite(rate)) return null;
  if (Math.abs(rate) < STABLE_RATE) return "stable";
  return rate > 0 ? "increase" : "decrease";
}

/**
 * Summary of a series sampled at `times` (seconds), for the widget of a `period`-second series;
 * null for an empty series.
 * @example summary([10, 20, 30], [1, 2, 2], 10) // latest 2, mean 5/3, slopePerPeriod 0.5, trend "stable"
 */
export function summary(times: readonly number[], values: readonly number[], period: number): SeriesSummary | null {
  const n = values.length;
  if (n === 0) return null;
  let total = 0;
  for (const v of values) total += v;
  const mean = total / n;
  const latest = values[n - 1]!;
  if (n < 2) return { latest, mean, rate: null, slopePerPeriod: null, stddev: null, trend: null };
  const previous = values[n - 2]!;
  // Supvisors' rate is 100 * last / previous - 100, infinite from 0: no trend shown then.
  const rate = previous !== 0 ? (100 * latest) / previous - 100 : null;
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  const line = linearRegression(times, values);
  return {
    latest,
    mean,
    rate,
    slopePerPeriod: line === null ? null : line[0] * period,
    stddev: Math.sqrt(squares / n),
    trend: trendOf(rate),
  };
}
