// The statistics widget (UI-12): figures, trend classes and signs, chart data, escaping, empty series.

import { expect, test } from "bun:test";
import { chartData, statsWidget, TREND_SIGNS, widgetFigures } from "../../../views/stats-widget.ts";

test("figures: latest, mean, slope × period, population stddev, two decimals", () => {
  expect(widgetFigures([10, 20, 30], [1, 2, 4], 10)).toEqual({ latest: "4.00", mean: "2.33", slope: "1.50", stddev: "1.25", trend: "increase" });
});

const trends: [number[], string | null][] = [
  [[2, 1], "decrease"],
  [[1, 2], "increase"],
  [[100, 100.004], "stable"],
  [[100, 100.01], "increase"],
  [[0, 5], null],
  [[5], null],
];
for (const [values, trend] of trends) {
  test(`trend of ${values.join(" → ")} is ${trend}`, () => {
    const times = values.map((_, i) => (i + 1) * 5);
    expect(widgetFigures(times, values, 5).trend).toBe(trend as never);
  });
}

test("a single value has no slope nor stddev", () => {
  expect(widgetFigures([5], [3], 5)).toEqual({ latest: "3.00", mean: "3.00", slope: "", stddev: "", trend: null });
});

test("widget html: trend class and sign, figures, chart JSON", () => {
  const html = statsWidget({ id: "cpu", title: "CPU", unit: "%", period: 10, times: [10, 20], values: [4, 2] }).toString();
  expect(html).toContain(`<td class="latest decrease">2.00 % ${TREND_SIGNS.decrease}</td>`);
  expect(html).toContain(`<td class="mean">3.00</td>`);
  expect(html).toContain(`<td class="slope">-2.00</td>`);
  expect(html).toContain(`<td class="stddev">1.00</td>`);
  const json = /data-chart="([^"]*)"/.exec(html)![1]!.replaceAll("&quot;", '"');
  const data = JSON.parse(json);
  expect(data).toEqual(chartData({ id: "cpu", title: "CPU", unit: "%", period: 10, times: [10, 20], values: [4, 2] }) as never);
  expect(data.regression).toEqual([-0.2, 6]);
  expect(data.mean).toBe(3);
  expect(data.stddev).toBe(1);
});

test("increase and stable classes and signs", () => {
  expect(statsWidget({ id: "a", title: "A", unit: "", period: 5, times: [5, 10], values: [1, 3] }).toString()).toContain(`latest increase">3.00 \u2197<`);
  expect(statsWidget({ id: "b", title: "B", unit: "", period: 5, times: [5, 10], values: [3, 3] }).toString()).toContain(`latest stable">3.00 \u219D<`);
});

test("empty series: no figures, no chart data", () => {
  const html = statsWidget({ id: "m", title: "MEM", unit: "%", period: 10, times: [], values: [] }).toString();
  expect(html).not.toContain("data-chart");
  expect(html).toContain("No statistics yet");
});

test("legend and title are escaped", () => {
  const html = statsWidget({ id: "x", title: "<b>", unit: "%", period: 10, times: [1], values: [1], legend: "a&b" }).toString();
  expect(html).toContain("&lt;b&gt;");
  expect(html).toContain("a&amp;b");
  expect(html).not.toContain("<b>");
});
