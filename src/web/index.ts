// The dashboard's public face: createDashboard builds the web UI of one instance over the same
// command/query interface as the XML-RPC API, for the HTTP layer's `extra` hook.
//
//   const dashboard = createDashboard(deps);
//   await startHttpServers({ ..., extra: dashboard.handle });
//   ... dashboard.close() when the daemon stops.

import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { FLOTILLA_VERSION } from "../version.ts";
import { createApp, liveRenderer } from "./app.ts";
import { loadAssets } from "./assets.ts";
import type { DashboardDeps } from "./deps.ts";
import { LiveHub } from "./live.ts";

export type { DashboardDeps } from "./deps.ts";

export interface Dashboard {
  /** Answers the dashboard's routes; null for any other path (the HTTP layer then answers 404). */
  handle(req: Request): Promise<Response | null>;
  /** Ends the open event streams of every page (and the tail pages' log follows) and stops listening to changes. */
  close(): void;
  /** Problems with `css_files` / `software_icon`, one line each, for the daemon's log. */
  warnings: string[];
}

const ICON_TYPES: Readonly<Record<string, string>> = {
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".ico": "image/x-icon",
};

export interface DashboardOptions {
  /** Shortest time between two SSE pushes (ms); default 100. */
  liveIntervalMs?: number;
  /** Time between two looks at a log the tail pages follow (ms); default 100. */
  tailPollMs?: number;
}

/**
 * @example
 *   const dashboard = createDashboard({ control, cluster: () => node.core.state, request, stopOn, supvisors, localId, now, onChange });
 *   const res = await dashboard.handle(new Request("http://h/index.html")); // 200 text/html
 */
export function createDashboard(deps: DashboardDeps, options: DashboardOptions = {}): Dashboard {
  const read = deps.readFile ?? ((path: string) => new Uint8Array(readFileSync(path)));
  const warnings: string[] = [];
  let userCss = "";
  for (const file of deps.supvisors.cssFiles) {
    try {
      userCss += `${new TextDecoder().decode(read(file))}\n`;
    } catch (error) {
      warnings.push(`css_files: cannot read ${file}: ${(error as Error).message}`);
    }
  }
  let icon: { body: Uint8Array<ArrayBuffer>; contentType: string } | null = null;
  const iconPath = deps.supvisors.softwareIcon;
  if (iconPath !== null && iconPath !== "") {
    try {
      icon = { body: new Uint8Array(read(iconPath)), contentType: ICON_TYPES[extname(iconPath).toLowerCase()] ?? "application/octet-stream" };
    } catch (error) {
      warnings.push(`software_icon: cannot read ${iconPath}: ${(error as Error).message}`);
    }
  }
  const version = FLOTILLA_VERSION;
  const hub = new LiveHub({ render: liveRenderer(deps, version), intervalMs: options.liveIntervalMs });
  const unsubscribe = deps.onChange(() => hub.notify());
  const { app, close } = createApp({
    deps,
    assets: loadAssets(),
    icon,
    hub,
    userCss,
    softwareName: deps.supvisors.softwareName,
    hasIcon: icon !== null,
    version,
    liveIntervalMs: options.liveIntervalMs,
    tailPollMs: options.tailPollMs,
  });
  return {
    handle: async (req) => {
      const res = await app.fetch(req);
      return res.status === 404 && res.headers.get("X-Flotilla-Unrouted") === "1" ? null : res;
    },
    close: () => {
      unsubscribe();
      hub.close();
      close();
    },
    warnings,
  };
}
