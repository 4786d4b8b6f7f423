// The routes of the Supervisor page: GET `proc_instance.html` (a plain action link runs the action
// and redirects with its message, UI-07), POST from htmx (message and live regions answered in
// place) and GET `proc_instance.events` (its event stream). The charts script is served here too.

import type { Context, Hono } from "hono";
import { messageBox, footer } from "../../../views/footer.ts";
import { instanceLayout } from "../../../views/instance-layout.ts";
import {
  INSTANCE_PAGE,
  instanceActions,
  instanceStatusInner,
  processStatsInner,
  processTableInner,
  statsOptions,
  type InstanceContext,
} from "../../../views/instance-page.ts";
import { trusted as trustedHtml } from "../../../views/html.ts";
import { oobBox, liveBox } from "../../../views/live.ts";
import { applicationsInner, instancesInner, logoInner } from "../../../views/menu.ts";
import type { AppSetup } from "../app.ts";
import { softwareOf } from "../pages.ts";
import { buildModel, timeOfDay } from "../model.ts";
import { pageMessage, runsAction, type Gravity } from "../params.ts";
import { hostOf, queryString, UrlMaker } from "../urls.ts";
import { INSTANCE_ACTIONS, runInstanceAction } from "./actions.ts";
import { chartUrls, loadChartAsset, registerChartAsset, type ChartAsset } from "./chart-asset.ts";
import { InstanceLive } from "./live.ts";
import { knownApplications, knownValues } from "../known.ts";
import { ashexView } from "./model.ts";
import { instancePageData, type InstancePageData } from "./page-data.ts";
import { parseInstanceParams, type InstanceParams } from "./params.ts";

export interface InstanceRouteOptions {
  /** Seconds the daemon has been up (supervisord row); process.uptime by default. */
  uptimeSeconds?: () => number;
  /** Shortest time between two pushes of the page's stream (ms); default 100. */
  liveIntervalMs?: number;
}

/** The footer's message when there is no other (UI-40). */
export const DEFAULT_MESSAGE = "The Supvisors rules do NOT apply here";

const HTML = "text/html; charset=utf-8";
const EVENTS_PATH = "/proc_instance.events";

interface Rendered {
  data: InstancePageData;
  ctx: InstanceContext;
  regions: Map<string, string>;
}

/**
 * UI-10 `ashex`: one bit per application the cluster knows (sorted), as Supvisors numbers them,
 * so a mask bookmarked there expands the same rows here; the local table's applications are
 * among them (they are added in case the cluster view lags behind the local listing).
 */
function contextOf(s: AppSetup, params: InstanceParams, data: InstancePageData): InstanceContext {
  const names = [...knownApplications(s.deps.cluster()).keys(), ...data.table.applications.map((a) => a.name)];
  const shex = ashexView(params.ashex, names);
  return {
    auto: params.auto,
    // Links leave the mask out while every application is expanded (Supvisors' default).
    ashex: shex.expandAll === null ? null : shex.mask,
    period: params.period,
    processname: data.processname,
    tailLimit: s.deps.supvisors.tailLimit,
    expanded: shex.expanded,
    toggled: shex.toggled,
    expandAll: shex.expandAll,
    shrinkAll: shex.shrinkAll,
    hostPage: data.stats.hostStats ? `host_instance.html${queryString({ period: params.period })}` : "",
  };
}

async function renderAll(s: AppSetup, params: InstanceParams, host: string, uptime: () => number): Promise<Rendered> {
  const deps = s.deps;
  const data = await instancePageData(deps, { period: params.period, processname: params.processname, uptimeSeconds: uptime() });
  const ctx = contextOf(s, params, data);
  const model = buildModel({ cluster: deps.cluster(), control: deps.control.state(), now: deps.now(), discoveryMode: deps.supvisors.discoveryMode });
  const urls = new UrlMaker(deps.cluster(), host);
  const regions = new Map<string, string>([
    ["logo", logoInner(model, s.version).toString()],
    ["instances", instancesInner(model, urls, deps.localId).toString()],
    ["applications", applicationsInner(model, urls).toString()],
    ["instance-status", instanceStatusInner(data).toString()],
    ["processes", processTableInner(data, ctx).toString()],
    ["process-stats", processStatsInner(data).toString()],
  ]);
  return { data, ctx, regions };
}

/** Where the processname complaint goes among the others (before namespec and period). */
function processnameSlot(errors: readonly string[]): number {
  const after = errors.findIndex((e) => e.startsWith("Incorrect namespec:") || e.startsWith("Incorrect period:") || e.startsWith("period is not a float:"));
  return after < 0 ? errors.length : after;
}

/** Element id of a region (the menu boxes have their own ids). */
function regionElement(name: string): string {
  return name === "instances" ? "menu-instances" : name === "applications" ? "menu-applications" : name;
}

function viewParams(params: InstanceParams): Record<string, string | number | null> {
  return { auto: params.auto ? "true" : null, ashex: params.ashex, period: params.period, processname: params.processname || null };
}

async function act(s: AppSetup, params: InstanceParams): Promise<{ gravity: Gravity; message: string }> {
  if (!INSTANCE_ACTIONS.includes(params.action)) return { gravity: "erro", message: `Unknown action: ${params.action}` };
  try {
    const result = await runInstanceAction(s.deps, { action: params.action, namespec: params.namespec, auto: params.auto });
    return result ?? { gravity: "erro", message: `Unknown action: ${params.action}` };
  } catch (error) {
    return { gravity: "erro", message: `${params.action}: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function paramsOf(s: AppSetup, query: URLSearchParams): InstanceParams {
  // `processname` is checked against the local listing once it is read (page-data.ts).
  return parseInstanceParams(query, knownValues(s.deps, false));
}

async function showPage(s: AppSetup, c: Context, uptime: () => number, chart: ChartAsset): Promise<Response> {
  const query = new URL(c.req.url).searchParams;
  const params = paramsOf(s, query);
  if (runsAction(c.req.method, params.action)) {
    const result = await act(s, params);
    return c.redirect(`${INSTANCE_PAGE}${queryString({ ...viewParams(params), message: result.message, gravity: result.gravity })}`, 303);
  }
  const host = hostOf(c.req.header("host"));
  const r = await renderAll(s, params, host, uptime);
  // The complaint about `processname` comes in Supvisors' order: after appname, before namespec.
  const errors = [...params.errors];
  if (r.data.processnameError !== "") errors.splice(processnameSlot(errors), 0, r.data.processnameError);
  const { gravity, message } = pageMessage({ ...params, errors }, { gravity: "warn", message: DEFAULT_MESSAGE });
  const wallMs = s.deps.wallMs?.() ?? Date.now();
  const region = (name: string) => r.regions.get(name) ?? "";
  const events = `${EVENTS_PATH}${queryString(viewParams(params))}`;
  const page = instanceLayout({
    title: "Flotilla Supervisor",
    assets: { css: s.assets.url("dashboard.css"), htmx: s.assets.url("htmx.min.js"), sse: s.assets.url("sse.min.js"), icon: s.assets.url("flotilla.svg"), charts: chartUrls(s.assets, chart) },
    userCss: s.userCss,
    auto: params.auto,
    events,
    menu: { logo: trustedHtml(region("logo")), instances: trustedHtml(region("instances")), applications: trustedHtml(region("applications")) },
    software: softwareOf(s),
    status: trustedHtml(region("instance-status")),
    options: statsOptions(r.data, r.ctx),
    actions: instanceActions(r.ctx),
    contents: trustedHtml(`${liveBox("processes", "processes", trustedHtml(region("processes")))}${liveBox("process-stats", "process-stats", trustedHtml(region("process-stats")))}`),
    footer: footer(gravity, message, wallMs / 1000, r.data.header.nick),
  });
  return c.body(page, 200, { "Content-Type": HTML, "Cache-Control": "no-store" });
}

async function postAction(s: AppSetup, c: Context, uptime: () => number): Promise<Response> {
  const body = await c.req.parseBody();
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(body)) if (typeof v === "string") query.set(k, v);
  const params = paramsOf(s, query);
  const result = await act(s, params);
  if (c.req.header("hx-request") !== "true") {
    return c.redirect(`${INSTANCE_PAGE}${queryString({ ...viewParams(params), message: result.message, gravity: result.gravity })}`, 303);
  }
  const r = await renderAll(s, params, hostOf(c.req.header("host")), uptime);
  const wallMs = s.deps.wallMs?.() ?? Date.now();
  let out = messageBox(result.gravity, result.message, timeOfDay(wallMs / 1000)).toString();
  for (const [name, html] of r.regions) out += oobBox(regionElement(name), html).toString();
  return c.body(out, 200, { "Content-Type": HTML, "Cache-Control": "no-store" });
}

/**
 * Adds the Supervisor page, its event stream and the charts script to the dashboard's app.
 * @example const live = registerInstanceRoutes(app, setup); ... live.close()
 */
export function registerInstanceRoutes(app: Hono, s: AppSetup, options: InstanceRouteOptions = {}): InstanceLive {
  const uptime = options.uptimeSeconds ?? (() => process.uptime());
  const live = new InstanceLive({ onChange: (listener) => s.deps.onChange(listener), intervalMs: options.liveIntervalMs });
  const chart = loadChartAsset();
  registerChartAsset(app, chart);
  app.get(`/${INSTANCE_PAGE}`, (c) => showPage(s, c, uptime, chart));
  app.post(`/${INSTANCE_PAGE}`, (c) => postAction(s, c, uptime));
  app.get(EVENTS_PATH, (c) => {
    const query = new URL(c.req.url).searchParams;
    const params = paramsOf(s, query);
    const host = hostOf(c.req.header("host"));
    const key = `${queryString(viewParams(params))}\n${host}`;
    const stream = live.connect(key, async () => (await renderAll(s, params, host, uptime)).regions);
    return new Response(stream, { headers: { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-store", "X-Accel-Buffering": "no" } });
  });
  return live;
}
