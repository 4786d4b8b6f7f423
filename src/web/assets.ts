// The files the dashboard serves as they are (htmx 2, its SSE extension, uPlot, our CSS and
// Flotilla's icon: the pages' favicon and the logo's mark), embedded in the binary by
// `bun build --compile` through `with { type: "file" }`. They are served under a prefix that
// carries a digest of their content, so browsers may cache them for a year and a new build is
// fetched at once.

import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import htmxPath from "htmx.org/dist/htmx.min.js" with { type: "file" };
import ssePath from "htmx-ext-sse/dist/sse.min.js" with { type: "file" };
import uplotJsPath from "uplot/dist/uPlot.iife.min.js" with { type: "file" };
import uplotCssPath from "uplot/dist/uPlot.min.css" with { type: "file" };
import dashboardCssPath from "../../static/dashboard.css" with { type: "file" };
import flotillaIconPath from "../../static/flotilla.svg" with { type: "file" };

export interface Asset {
  body: Uint8Array<ArrayBuffer>;
  contentType: string;
}

/** Public names of the embedded files, as they appear after the prefix. */
const FILES: Readonly<Record<string, { path: string; contentType: string }>> = {
  "htmx.min.js": { path: htmxPath, contentType: "text/javascript; charset=utf-8" },
  "sse.min.js": { path: ssePath, contentType: "text/javascript; charset=utf-8" },
  "uPlot.iife.min.js": { path: uplotJsPath, contentType: "text/javascript; charset=utf-8" },
  "uPlot.min.css": { path: uplotCssPath, contentType: "text/css; charset=utf-8" },
  "dashboard.css": { path: dashboardCssPath, contentType: "text/css; charset=utf-8" },
  "flotilla.svg": { path: flotillaIconPath, contentType: "image/svg+xml" },
};

/** A year: the prefix changes with the content, so a cached copy is never stale. */
export const ASSET_CACHE_CONTROL = "public, max-age=31536000, immutable";

export interface AssetTable {
  /** `/_flotilla/<digest>/`: where the files are served. */
  prefix: string;
  url(name: string): string;
  get(name: string): Asset | undefined;
}

/**
 * Reads the embedded files once (a few hundred KiB).
 * @example loadAssets().url("htmx.min.js") // "/_flotilla/3f2a9c1e/htmx.min.js"
 */
export function loadAssets(): AssetTable {
  const assets = new Map<string, Asset>();
  const digest = createHash("sha256");
  for (const [name, file] of Object.entries(FILES)) {
    const body = new Uint8Array(readFileSync(file.path));
    digest.update(name).update(body);
    assets.set(name, { body, contentType: file.contentType });
  }
  const prefix = `/_flotilla/${digest.digest("hex").slice(0, 12)}/`;
  return { prefix, url: (name) => `${prefix}${name}`, get: (name) => assets.get(name) };
}
