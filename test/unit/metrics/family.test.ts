// Family definitions are checked once (names, labels, Flotilla's conventions); the builders put
// label values in the definition's order; one-hot rows cover every state.

import { describe, expect, test } from "bun:test";
import { Families } from "../../../src/api/metrics/catalogue.ts";
import { defineFamily, histogramFamily, labelsOf, oneHot, scalarFamily, type FamilySpec } from "../../../src/api/metrics/family.ts";
import type { MetricType } from "../../../src/api/metrics/text-format.ts";

const spec = (name: string, type: MetricType, labels: string[] = [], help = "Help."): FamilySpec => ({ name, type, labels, help });

describe("defineFamily", () => {
  test.each([
    [spec("flotilla-dash", "gauge"), "metric family flotilla-dash: not a valid metric name"],
    [spec("process_pid", "gauge"), "metric family process_pid: names start with flotilla_"],
    [spec("flotilla_spawns", "counter"), "metric family flotilla_spawns: a counter's name ends with _total"],
    [spec("flotilla_level_total", "gauge"), "metric family flotilla_level_total: only counters end with _total"],
    [spec("flotilla_x", "gauge", [], "  "), "metric family flotilla_x: HELP text is empty"],
    [spec("flotilla_x", "gauge", ["1st"]), 'metric family flotilla_x: invalid label name "1st"'],
    [spec("flotilla_x", "gauge", ["__name"]), 'metric family flotilla_x: invalid label name "__name"'],
    [spec("flotilla_x", "gauge", ["a", "a"]), 'metric family flotilla_x: label "a" listed twice'],
    [spec("flotilla_x_seconds", "histogram", ["le"]), 'metric family flotilla_x_seconds: "le" is reserved for histogram buckets'],
  ])("%o is refused", (bad, message) => {
    expect(() => defineFamily(bad)).toThrow(message);
  });

  test("a valid definition is returned as given", () => {
    const ok = spec("flotilla_x_total", "counter", ["group", "name"]);
    expect(defineFamily(ok)).toBe(ok);
  });

  test("every family of the catalogue has a distinct name", () => {
    const names = Object.values(Families).map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe("builders", () => {
  const pid = Families.processPid;

  test("labels follow the definition's order, whatever the values", () => {
    expect(Object.keys(labelsOf(pid, ["web", "app"]))).toEqual(["group", "name"]);
    expect(labelsOf(pid, ["web", "app"])).toEqual({ group: "web", name: "app" });
  });

  test("a missing or extra label value is refused", () => {
    expect(() => labelsOf(pid, ["web"])).toThrow("metric flotilla_process_pid: 1 label values for labels (group, name)");
    expect(() => scalarFamily(pid, [[["a", "b", "c"], 1]])).toThrow("3 label values");
  });

  test("scalar and histogram families carry the definition's name, type and HELP", () => {
    const family = scalarFamily(pid, [[["web", "app"], 42]]);
    expect(family).toEqual({ name: pid.name, help: pid.help, type: "gauge", samples: [{ labels: { group: "web", name: "app" }, value: 42 }] });
    const h = histogramFamily(Families.requestDuration, [[["rest", "/x"], { bounds: [1], counts: [1, 0], sum: 0.5 }]]);
    expect(h.type).toBe("histogram");
    expect(h.samples).toEqual([{ labels: { api: "rest", route: "/x" }, bounds: [1], counts: [1, 0], sum: 0.5 }]);
  });

  test("one-hot: one row per state, 1 only for the current one", () => {
    expect(oneHot(["web"], ["STOPPED", "RUNNING", "FATAL"], "RUNNING")).toEqual([
      [["web", "STOPPED"], 0],
      [["web", "RUNNING"], 1],
      [["web", "FATAL"], 0],
    ]);
    expect(oneHot([], ["A", "B"], "C").map(([, v]) => v)).toEqual([0, 0]);
  });
});
