// The counters and histograms Flotilla counts itself, and the request metrics built on them.

import { describe, expect, test } from "bun:test";
import { RequestMetrics } from "../../../src/api/metrics/request-metrics.ts";
import { LabelledCounter, LabelledHistogram } from "../../../src/api/metrics/series.ts";
import { writeTextFormat } from "../../../src/api/metrics/text-format.ts";

describe("LabelledCounter", () => {
  test("counts per label values, label values with any character kept apart", () => {
    const c = new LabelledCounter();
    c.add(["a,b", "c"]);
    c.add(["a", "b,c"]);
    c.add(["a,b", "c"], 2);
    expect(c.get(["a,b", "c"])).toBe(3);
    expect(c.get(["a", "b,c"])).toBe(1);
    expect(c.get(["never"])).toBe(0);
    expect(c.rows()).toEqual([
      [["a,b", "c"], 3],
      [["a", "b,c"], 1],
    ]);
  });

  test("a counter never goes down", () => {
    expect(() => new LabelledCounter().add(["x"], -1)).toThrow("a counter only grows: cannot add -1");
  });
});

describe("LabelledHistogram", () => {
  test("a value equal to a bound falls in that bucket (le is inclusive), above the last in the overflow", () => {
    const h = new LabelledHistogram([0.1, 1]);
    for (const v of [0, 0.1, 0.10001, 1, 1.5, 99]) h.observe(["x"], v);
    const [[values, data]] = h.rows();
    expect(values).toEqual(["x"]);
    expect(data.counts).toEqual([2, 2, 2]);
    expect(data.sum).toBeCloseTo(101.70001, 10);
  });

  test("NaN is ignored; series are kept per label values", () => {
    const h = new LabelledHistogram([1]);
    h.observe(["a"], NaN);
    h.observe(["b"], 0.5);
    expect(h.rows()).toEqual([[["b"], { bounds: [1], counts: [1, 0], sum: 0.5 }]]);
  });

  test("rows are copies: a later observation does not change an earlier scrape", () => {
    const h = new LabelledHistogram([1]);
    h.observe(["a"], 0.5);
    const before = h.rows();
    h.observe(["a"], 0.5);
    expect(before[0][1].counts).toEqual([1, 0]);
  });

  test.each([
    [[], "a histogram needs at least one bucket bound"],
    [[1, 1], "histogram bounds must increase: 1, 1"],
    [[2, 1], "histogram bounds must increase: 2, 1"],
    [[1, Infinity], "histogram bound Infinity is not finite (+Inf is implied)"],
  ])("bounds %p are refused", (bounds, message) => {
    expect(() => new LabelledHistogram(bounds)).toThrow(message);
  });
});

describe("RequestMetrics", () => {
  test("counts per api, route and outcome; times per api and route", () => {
    const m = new RequestMetrics([0.01, 0.1]);
    m.observe("xmlrpc", "supervisor.getState", 0.002, "ok");
    m.observe("xmlrpc", "supervisor.getState", 0.05, "ok");
    m.observe("xmlrpc", "supervisor.getState", 0.2, "fault");
    m.observe("web", "page", 0.003, "200");
    expect(m.count("xmlrpc", "supervisor.getState", "ok")).toBe(2);
    expect(m.count("xmlrpc", "supervisor.getState", "fault")).toBe(1);
    const text = writeTextFormat(m.families());
    expect(text).toContain('flotilla_requests_total{api="xmlrpc",route="supervisor.getState",outcome="ok"} 2\n');
    expect(text).toContain('flotilla_requests_total{api="web",route="page",outcome="200"} 1\n');
    expect(text).toContain('flotilla_request_duration_seconds_bucket{api="xmlrpc",route="supervisor.getState",le="0.01"} 1\n');
    expect(text).toContain('flotilla_request_duration_seconds_bucket{api="xmlrpc",route="supervisor.getState",le="0.1"} 2\n');
    expect(text).toContain('flotilla_request_duration_seconds_count{api="xmlrpc",route="supervisor.getState"} 3\n');
  });

  test("a negative or non-finite duration counts the request with 0 s", () => {
    const m = new RequestMetrics([1]);
    m.observe("rest", "/x", -0.5, "200");
    m.observe("rest", "/x", Infinity, "200");
    const text = writeTextFormat(m.families());
    expect(text).toContain('flotilla_request_duration_seconds_sum{api="rest",route="/x"} 0\n');
    expect(text).toContain('flotilla_request_duration_seconds_bucket{api="rest",route="/x",le="1"} 2\n');
  });
});
