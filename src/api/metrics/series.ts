// Counters and histograms that Flotilla counts itself (request counts and latencies), kept per set
// of label values. Observing is O(buckets); a scrape reads the current values without touching them.

import type { HistogramRow, ScalarRow } from "./family.ts";

/** Keys a set of label values unambiguously (values may contain any character). */
function keyOf(values: readonly string[]): string {
  return JSON.stringify(values);
}

/**
 * Monotonic counters per label values.
 * @example const c = new LabelledCounter(); c.add(["xmlrpc", "supervisor.getState", "ok"]); c.rows() // [[[…], 1]]
 */
export class LabelledCounter {
  readonly #series = new Map<string, { values: readonly string[]; value: number }>();

  add(values: readonly string[], amount = 1): void {
    if (!(amount >= 0)) throw new RangeError(`a counter only grows: cannot add ${amount}`);
    const key = keyOf(values);
    const series = this.#series.get(key);
    if (series) series.value += amount;
    else this.#series.set(key, { values: [...values], value: amount });
  }

  /** The value of one series, 0 when never counted. */
  get(values: readonly string[]): number {
    return this.#series.get(keyOf(values))?.value ?? 0;
  }

  rows(): ScalarRow[] {
    return [...this.#series.values()].map((s) => [s.values, s.value] as const);
  }
}

/**
 * Histograms with fixed bucket bounds, per label values.
 * @example const h = new LabelledHistogram([0.1, 1]); h.observe(["rest", "/x"], 0.05); h.rows()[0][1].counts // [1, 0, 0]
 */
export class LabelledHistogram {
  readonly bounds: readonly number[];
  readonly #series = new Map<string, { values: readonly string[]; counts: number[]; sum: number }>();

  constructor(bounds: readonly number[]) {
    if (bounds.length === 0) throw new RangeError("a histogram needs at least one bucket bound");
    bounds.forEach((bound, i) => {
      if (!Number.isFinite(bound)) throw new RangeError(`histogram bound ${bound} is not finite (+Inf is implied)`);
      if (i > 0 && bound <= bounds[i - 1]!) throw new RangeError(`histogram bounds must increase: ${bounds.join(", ")}`);
    });
    this.bounds = [...bounds];
  }

  /** Counts `value` in the first bucket whose bound is ≥ it (bounds are inclusive, as `le` says). */
  observe(values: readonly string[], value: number): void {
    if (Number.isNaN(value)) return;
    const key = keyOf(values);
    let series = this.#series.get(key);
    if (series === undefined) {
      series = { values: [...values], counts: new Array<number>(this.bounds.length + 1).fill(0), sum: 0 };
      this.#series.set(key, series);
    }
    let i = 0;
    while (i < this.bounds.length && value > this.bounds[i]!) i += 1;
    series.counts[i]! += 1;
    series.sum += value;
  }

  rows(): HistogramRow[] {
    return [...this.#series.values()].map((s) => [s.values, { bounds: this.bounds, counts: [...s.counts], sum: s.sum }] as const);
  }
}
