// The statistics widget of the dashboard (UI-12), shared by the Supervisor, host and application
// pages: for one series, the latest value with its trend (↗ green increase, ↘ red decrease,
// ↝ blue stable), the mean, the regression slope × period ("Slope/P") and the standard deviation,
// then a chart container whose data (the series, mean, regression line and stddev) is JSON that
// static/charts.js draws with uPlot — again each time an SSE or htmx swap brings a new widget.

import { linearRegression, summary, type Trend } from "../src/stats/summary.ts";
import { widgetFigures } from "../src/web/figures.ts";
import { classes, h, type Html } from "./html.ts";

export interface StatsWidgetInput {
  /** Element id of the widget (unique in the page; the chart is `<id>-chart`). */
  id: string;
  title: string;
  /** Unit shown after the values ("%", "kbits/s"). */
  unit: string;
  /** Integration period of the series, seconds. */
  period: number;
  /** End of each window, seconds. */
  times: number[];
  values: number[];
  /** Name of the series in the chart legend; the title by default. */
  legend?: string;
  /** Whether the figures table comes with the chart (true by default; the host page's rows have them). */
  figures?: boolean;
}

export { widgetFigures, type WidgetFigures } from "../src/web/figures.ts";

/** The trend signs Supvisors shows beside the latest value. */
export const TREND_SIGNS: Readonly<Record<Trend, string>> = { increase: "\u2197", decrease: "\u2198", stable: "\u219D" };

/** What charts.js reads from `data-chart`. */
export interface ChartData {
  title: string;
  unit: string;
  legend: string;
  times: number[];
  values: number[];
  mean: number | null;
  /** [slope per second, intercept] of the least-squares line, null when it cannot be drawn. */
  regression: [number, number] | null;
  stddev: number | null;
}

/** The chart data of a series. */
export function chartData(input: StatsWidgetInput): ChartData {
  const s = summary(input.times, input.values, input.period);
  return {
    title: input.title,
    unit: input.unit,
    legend: input.legend ?? input.title,
    times: input.times,
    values: input.values,
    mean: s?.mean ?? null,
    regression: linearRegression(input.times, input.values),
    stddev: s?.stddev ?? null,
  };
}

/**
 * The widget of one series: the figures table (unless `figures` is false) and the chart container.
 * @example statsWidget({ id: "cpu", title: "CPU", unit: "%", period: 10, times: [10, 20], values: [1, 2] })
 */
export function statsWidget(input: StatsWidgetInput): Html {
  const f = widgetFigures(input.times, input.values, input.period);
  const sign = f.trend === null ? "" : ` ${TREND_SIGNS[f.trend]}`;
  const unit = input.unit === "" ? "" : ` ${input.unit}`;
  const latest = f.latest === "" ? "" : `${f.latest}${unit}${sign}`;
  const data = JSON.stringify(chartData(input));
  const chart =
    input.values.length === 0
      ? h`<div class="chart empty" id="${input.id}-chart">No statistics yet</div>`
      : h`<div class="chart" id="${input.id}-chart" data-chart="${data}"></div>`;
  if (input.figures === false) return h`<div class="stats-widget" id="${input.id}">${chart}</div>`;
  return h`<div class="stats-widget" id="${input.id}"><table class="stats-figures"><thead><tr><th class="title">${input.title}</th><th>Val.</th><th>Mean</th><th>Slope/P</th><th>StdDev</th></tr></thead><tbody><tr><td class="legend">${input.legend ?? input.title}</td><td class="${classes("latest", f.trend)}">${latest}</td><td class="mean">${f.mean}</td><td class="slope">${f.slope}</td><td class="stddev">${f.stddev}</td></tr></tbody></table>${chart}</div>`;
}

/** URLs of the chart scripts and styles (uPlot and charts.js), for a page head. */
export interface ChartAssetUrls {
  uplotJs: string;
  uplotCss: string;
  chartsJs: string;
}

/** The head tags a page with widgets needs; charts.js draws on load and after every swap. */
export function chartHead(urls: ChartAssetUrls): Html {
  return h`<link rel="stylesheet" href="${urls.uplotCss}"><script src="${urls.uplotJs}"></script><script src="${urls.chartsJs}" defer></script>`;
}
