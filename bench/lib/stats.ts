// Summaries of repeated measurements: median, min, max and percentiles (nearest-rank), and the
// formatting used in the result tables ("median (min–max)").

export interface Summary {
  median: number;
  min: number;
  max: number;
  n: number;
}

function sorted(values: readonly number[]): number[] {
  if (values.length === 0) throw new Error("no values to summarise");
  return [...values].sort((a, b) => a - b);
}

/** Median (mean of the two middle values for an even count). @example median([3, 1, 2]) // 2 */
export function median(values: readonly number[]): number {
  const s = sorted(values);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Nearest-rank percentile: the smallest value with at least p% of values at or below it. */
export function percentile(values: readonly number[], p: number): number {
  const s = sorted(values);
  const rank = Math.max(1, Math.ceil((p / 100) * s.length));
  return s[Math.min(rank, s.length) - 1]!;
}

export function summarise(values: readonly number[]): Summary {
  const s = sorted(values);
  return { median: median(s), min: s[0]!, max: s[s.length - 1]!, n: s.length };
}

/** A number with `digits` decimals, or fewer significant ones for large values. */
export function fmt(value: number, digits = 1): string {
  if (Math.abs(value) >= 1000) return value.toFixed(0);
  return value.toFixed(digits);
}

/** "12.3 (11.9–13.0)". */
export function fmtSummary(s: Summary, digits = 1): string {
  return `${fmt(s.median, digits)} (${fmt(s.min, digits)}–${fmt(s.max, digits)})`;
}

/** How many times faster/smaller `ours` is than `theirs`, as "3.4×". */
export function ratio(theirs: number, ours: number): string {
  if (ours <= 0) return "n/a";
  return `${(theirs / ours).toFixed(1)}×`;
}
