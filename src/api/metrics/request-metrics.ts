// Request counters and latency histograms of the APIs: XML-RPC (per method and outcome), REST (per
// route and status) and the dashboard (per kind of path and status). Each door reports its own
// requests through observe(); a scrape reads the totals.

import { Families } from "./catalogue.ts";
import { histogramFamily, scalarFamily } from "./family.ts";
import { LabelledCounter, LabelledHistogram } from "./series.ts";
import type { MetricFamily } from "./text-format.ts";

export type ApiName = "xmlrpc" | "rest" | "web";

/**
 * Seconds. A local XML-RPC read answers in well under a millisecond, a start with `wait` lasts
 * startsecs (seconds to a minute): the bounds cover both ends, a few per decade.
 */
export const LATENCY_BUCKETS: readonly number[] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export class RequestMetrics {
  readonly #counts = new LabelledCounter();
  readonly #latency: LabelledHistogram;

  constructor(bounds: readonly number[] = LATENCY_BUCKETS) {
    this.#latency = new LabelledHistogram(bounds);
  }

  /**
   * One answered request. A negative or non-finite duration (a clock step) counts the request
   * with 0 s rather than corrupting the sum.
   * @example metrics.observe("xmlrpc", "supervisor.getState", 0.0004, "ok")
   */
  observe(api: ApiName, route: string, seconds: number, outcome: string): void {
    const duration = Number.isFinite(seconds) && seconds > 0 ? seconds : 0;
    this.#counts.add([api, route, outcome]);
    this.#latency.observe([api, route], duration);
  }

  /** How many requests ended so (tests, diagnostics). */
  count(api: ApiName, route: string, outcome: string): number {
    return this.#counts.get([api, route, outcome]);
  }

  families(): MetricFamily[] {
    return [scalarFamily(Families.requests, this.#counts.rows()), histogramFamily(Families.requestDuration, this.#latency.rows())];
  }
}
