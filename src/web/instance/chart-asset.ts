// The chart script of the statistics widgets (static/charts.js), embedded in the binary like the
// other assets and served under a path carrying a digest of its content, so browsers may cache it
// for a year. Pages with widgets put chartHead(chartUrls(assets)) in their head.

import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Hono } from "hono";
import chartsPath from "../../../static/charts.js" with { type: "file" };
import type { ChartAssetUrls } from "../../../views/stats-widget.ts";
import { ASSET_CACHE_CONTROL, type AssetTable } from "../assets.ts";

export interface ChartAsset {
  path: string;
  body: Uint8Array<ArrayBuffer>;
}

/** Reads charts.js once; its URL is `/_flotilla/charts/<digest>/charts.js`. */
export function loadChartAsset(): ChartAsset {
  const body = new Uint8Array(readFileSync(chartsPath));
  const digest = createHash("sha256").update(body).digest("hex").slice(0, 12);
  return { path: `/_flotilla/charts/${digest}/charts.js`, body };
}

/** Serves charts.js on its digest path. */
export function registerChartAsset(app: Hono, asset: ChartAsset): void {
  app.get(asset.path, (c) => c.body(asset.body, 200, { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": ASSET_CACHE_CONTROL }));
}

/** The three URLs chartHead needs: uPlot from the asset table, charts.js from its own path. */
export function chartUrls(assets: AssetTable, asset: ChartAsset): ChartAssetUrls {
  return { uplotJs: assets.url("uPlot.iife.min.js"), uplotCss: assets.url("uPlot.min.css"), chartsJs: asset.path };
}
