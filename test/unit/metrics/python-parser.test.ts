// The writer's output read back by Prometheus' official Python parser: escaped HELP text and
// label values come back as they were, counters and histograms are understood as such.
// Skipped, with the reason, where python3-prometheus-client is missing.

import { describe, expect, test } from "bun:test";
import { writeTextFormat, type MetricFamily } from "../../../src/api/metrics/text-format.ts";
import { parserMissing, parseWithPython } from "./python-parser.ts";

const missing = parserMissing();
if (missing) console.warn(`metrics python parser: skipped — ${missing}`);

const TRICKY = ['plain', 'with "quotes"', "back\\slash", "new\nline", "ends with \\", '\\"', "é ✓ {} = , }"];

describe.skipIf(missing !== null)("the official parser reads the writer's text", () => {
  test("label values and HELP text survive escaping, values included", () => {
    const families: MetricFamily[] = [
      {
        name: "flotilla_test_value",
        help: 'Help with a \\ backslash,\na newline and "quotes".',
        type: "gauge",
        samples: TRICKY.map((value, i) => ({ labels: { name: value, index: String(i) }, value: i + 0.5 })),
      },
      { name: "flotilla_test_special", help: "Specials.", type: "gauge", samples: [{ labels: { k: "inf" }, value: Infinity }, { labels: { k: "small" }, value: 5e-7 }] },
    ];
    const parsed = parseWithPython(writeTextFormat(families));
    expect(parsed.map((f) => [f.name, f.type])).toEqual([
      ["flotilla_test_value", "gauge"],
      ["flotilla_test_special", "gauge"],
    ]);
    expect(parsed[0]!.help).toBe(families[0]!.help);
    expect(parsed[0]!.samples.map((s) => s.labels.name)).toEqual(TRICKY);
    expect(parsed[0]!.samples.map((s) => s.value)).toEqual(TRICKY.map((_, i) => i + 0.5));
    expect(parsed[1]!.samples.map((s) => s.value)).toEqual(["inf", 5e-7]);
  });

  test("a counter and a histogram are read with their sample names and cumulative buckets", () => {
    const text = writeTextFormat([
      { name: "flotilla_test_total", help: "C.", type: "counter", samples: [{ labels: { a: "x" }, value: 3 }] },
      { name: "flotilla_test_seconds", help: "H.", type: "histogram", samples: [{ labels: { a: "x" }, bounds: [0.5, 1], counts: [1, 2, 3], sum: 9 }] },
    ]);
    const [counter, histogram] = parseWithPython(text);
    // The parser names a counter family without _total (OpenMetrics style); its sample keeps it.
    expect(counter).toMatchObject({ name: "flotilla_test", type: "counter", samples: [{ name: "flotilla_test_total", labels: { a: "x" }, value: 3 }] });
    expect(histogram!.type).toBe("histogram");
    expect(histogram!.samples.map((s) => [s.name, s.labels.le ?? "", s.value])).toEqual([
      ["flotilla_test_seconds_bucket", "0.5", 1],
      ["flotilla_test_seconds_bucket", "1", 3],
      ["flotilla_test_seconds_bucket", "+Inf", 6],
      ["flotilla_test_seconds_sum", "", 9],
      ["flotilla_test_seconds_count", "", 6],
    ]);
  });
});
