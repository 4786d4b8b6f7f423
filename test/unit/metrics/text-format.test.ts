// The text-format writer: escaping of HELP text and label values, value spelling, HELP/TYPE once
// per family, and the histogram layout (cumulative buckets, +Inf, _sum, _count).

import { describe, expect, test } from "bun:test";
import {
  escapeHelp,
  escapeLabelValue,
  formatValue,
  writeTextFormat,
  type MetricFamily,
} from "../../../src/api/metrics/text-format.ts";

describe("escaping", () => {
  test.each([
    ["plain", "plain"],
    ["back\\slash", "back\\\\slash"],
    ["two\nlines", "two\\nlines"],
    ['a "quoted" word', 'a "quoted" word'],
    ["\\n is not a newline", "\\\\n is not a newline"],
  ])("HELP %j → %j (quotes stay as they are)", (raw, escaped) => {
    expect(escapeHelp(raw)).toBe(escaped);
  });

  test.each([
    ["plain", "plain"],
    ['say "hi"', 'say \\"hi\\"'],
    ["C:\\dir", "C:\\\\dir"],
    ["a\nb", "a\\nb"],
    ['\\"', '\\\\\\"'],
    ["unicode é ✓, {braces} = commas", "unicode é ✓, {braces} = commas"],
  ])("label value %j → %j", (raw, escaped) => {
    expect(escapeLabelValue(raw)).toBe(escaped);
  });
});

describe("values", () => {
  test.each([
    [0, "0"],
    [1, "1"],
    [-3, "-3"],
    [0.25, "0.25"],
    [1e21, "1e+21"],
    [5e-7, "5e-7"],
    [Infinity, "+Inf"],
    [-Infinity, "-Inf"],
    [NaN, "NaN"],
  ])("%p is written %p", (value, text) => {
    expect(formatValue(value)).toBe(text);
  });
});

describe("families", () => {
  test("HELP and TYPE once per family, then its samples with escaped labels", () => {
    const families: MetricFamily[] = [
      {
        name: "flotilla_process_pid",
        help: "Process id.\nSecond line with a \\.",
        type: "gauge",
        samples: [
          { labels: { group: "web", name: 'a"b' }, value: 42 },
          { labels: { group: "web", name: "c\\d" }, value: 0 },
        ],
      },
      { name: "flotilla_up_total", help: "Ups.", type: "counter", samples: [{ labels: {}, value: 3 }] },
    ];
    expect(writeTextFormat(families)).toBe(
      [
        "# HELP flotilla_process_pid Process id.\\nSecond line with a \\\\.",
        "# TYPE flotilla_process_pid gauge",
        'flotilla_process_pid{group="web",name="a\\"b"} 42',
        'flotilla_process_pid{group="web",name="c\\\\d"} 0',
        "# HELP flotilla_up_total Ups.",
        "# TYPE flotilla_up_total counter",
        "flotilla_up_total 3",
        "",
      ].join("\n"),
    );
  });

  test("a family without samples is left out entirely", () => {
    const text = writeTextFormat([
      { name: "flotilla_empty", help: "Nothing.", type: "gauge", samples: [] },
      { name: "flotilla_one", help: "One.", type: "gauge", samples: [{ labels: {}, value: 1 }] },
    ]);
    expect(text).toBe("# HELP flotilla_one One.\n# TYPE flotilla_one gauge\nflotilla_one 1\n");
    expect(writeTextFormat([])).toBe("");
  });

  test("a histogram: cumulative buckets in bound order, +Inf equal to _count, then _sum and _count", () => {
    const text = writeTextFormat([
      {
        name: "flotilla_request_duration_seconds",
        help: "Latency.",
        type: "histogram",
        samples: [{ labels: { api: "xmlrpc", route: "x" }, bounds: [0.1, 1, 10], counts: [2, 0, 3, 1], sum: 31.5 }],
      },
    ]);
    expect(text.split("\n")).toEqual([
      "# HELP flotilla_request_duration_seconds Latency.",
      "# TYPE flotilla_request_duration_seconds histogram",
      'flotilla_request_duration_seconds_bucket{api="xmlrpc",route="x",le="0.1"} 2',
      'flotilla_request_duration_seconds_bucket{api="xmlrpc",route="x",le="1"} 2',
      'flotilla_request_duration_seconds_bucket{api="xmlrpc",route="x",le="10"} 5',
      'flotilla_request_duration_seconds_bucket{api="xmlrpc",route="x",le="+Inf"} 6',
      'flotilla_request_duration_seconds_sum{api="xmlrpc",route="x"} 31.5',
      'flotilla_request_duration_seconds_count{api="xmlrpc",route="x"} 6',
      "",
    ]);
  });

  test("a histogram without labels still carries le on its buckets only", () => {
    const text = writeTextFormat([{ name: "flotilla_h", help: "H.", type: "histogram", samples: [{ labels: {}, bounds: [1], counts: [0, 0], sum: 0 }] }]);
    expect(text).toContain('flotilla_h_bucket{le="1"} 0\nflotilla_h_bucket{le="+Inf"} 0\nflotilla_h_sum 0\nflotilla_h_count 0\n');
  });

  test("histogram counts that do not match the bounds are refused", () => {
    expect(() =>
      writeTextFormat([{ name: "flotilla_h", help: "H.", type: "histogram", samples: [{ labels: {}, bounds: [1, 2], counts: [1, 1], sum: 1 }] }]),
    ).toThrow("histogram flotilla_h: 2 counts for 2 bounds (expected one more)");
  });
});
