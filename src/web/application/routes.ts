// The routes of the application page (UI-60..64): the page itself (plain links: act, then 303
// back with the message), its htmx actions (message box and live regions in place), and its
// event stream, which also looks for new statistics once per collecting period while a page is
// open (figures arrive without a change notification). An unknown application sends the browser
// to index.html with the error message.

import { onChangeOrFigures } from "../stats-changes.ts";
import type { Context, Hono } from "hono";
import { messageBox } from "../../../views/footer.ts";
import { oobBox } from "../../../views/live.ts";
import type { AppSetup } from "../app.ts";
import { regionId } from "../fragments.ts";
import { chartUrls, loadChartAsset } from "../instance/chart-asset.ts";
import { InstanceLive } from "../instance/live.ts";
import type { ChartAssetUrls } from "../../../views/stats-widget.ts";
import { timeOfDay } from "../model.ts";
import { pageMessage, runsAction, type Gravity } from "../params.ts";
import { knownValues } from "../known.ts";
import { hostOf, queryString, UrlMaker } from "../urls.ts";
import { runApplicationAction } from "./actions.ts";
import { applicationProcesses, findApplication } from "./model.ts";
import { applicationPageChunks, applicationRegions } from "./page.ts";
import { chunkedBody } from "../chunked-body.ts";

/** Process-table rows per slice of a streamed page: about 60 KB of HTML, a few ms to render. */
const PAGE_ROWS_PER_SLICE = 50;
import { parseApplicationParams, viewParams, type ApplicationParams } from "./params.ts";

const HTML = "text/html; charset=utf-8";
export const APPLICATION_EVENTS = "/events/application";

/** The parameters of a request for a known application, or null when `appname` is unknown. */
function paramsOf(s: AppSetup, query: URLSearchParams): ApplicationParams | null {
  const deps = s.deps;
  const appname = query.get("appname") ?? "";
  const control = deps.control.state();
  const cluster = deps.cluster();
  if (findApplication(control, cluster, appname) === null) return null;
  const facts = { strategy: control.book.application(appname).starting_strategy, processCount: applicationProcesses(control, cluster, appname).length };
  return parseApplicationParams(query, knownValues(deps), facts);
}

function unknownApplication(c: Context, query: URLSearchParams): Response {
  const appname = query.get("appname") ?? "";
  return c.redirect(`index.html${queryString({ auto: query.get("auto") || null, message: `Unknown application: ${appname}`, gravity: "erro" })}`, 303);
}

/** What the view shows, as the stream key and the event URL's query (action and message left out). */
function viewQuery(p: ApplicationParams): string {
  return queryString(viewParams(p));
}

function fieldsOf(body: Record<string, unknown>): URLSearchParams {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(body)) if (typeof value === "string") query.set(name, value);
  return query;
}

async function act(s: AppSetup, p: ApplicationParams): Promise<{ gravity: Gravity; message: string }> {
  return runApplicationAction(s.deps, { action: p.action, appname: p.appname, namespec: p.namespec, strategy: p.strategy, auto: p.auto });
}

async function showPage(s: AppSetup, c: Context, charts: ChartAssetUrls): Promise<Response> {
  const query = new URL(c.req.url).searchParams;
  const p = paramsOf(s, query);
  if (p === null) return unknownApplication(c, query);
  if (runsAction(c.req.method, p.action)) {
    const result = await act(s, p);
    return c.redirect(`application.html${queryString({ ...viewParams(p), message: result.message, gravity: result.gravity })}`, 303);
  }
  const { gravity, message } = pageMessage(p);
  const urls = new UrlMaker(s.deps.cluster(), hostOf(c.req.header("host")));
  const wallMs = s.deps.wallMs?.() ?? Date.now();
  const request = { params: p, urls, gravity, message, wallMs, events: `${APPLICATION_EVENTS}${viewQuery(p)}`, charts };
  // Rows of the process table a slice at a time: a thousand processes make a megabyte of HTML.
  const body = chunkedBody(applicationPageChunks(s, s.deps, request, PAGE_ROWS_PER_SLICE));
  return new Response(body, { status: 200, headers: { "Content-Type": HTML, "Cache-Control": "no-store" } });
}

async function postAction(s: AppSetup, c: Context): Promise<Response> {
  const query = fieldsOf(await c.req.parseBody());
  const p = paramsOf(s, query);
  if (p === null && c.req.header("hx-request") !== "true") return unknownApplication(c, query);
  const wallMs = s.deps.wallMs?.() ?? Date.now();
  if (p === null) {
    const box = messageBox("erro", `Unknown application: ${query.get("appname") ?? ""}`, timeOfDay(wallMs / 1000));
    return c.body(box.toString(), 200, { "Content-Type": HTML, "Cache-Control": "no-store" });
  }
  const result = await act(s, p);
  if (c.req.header("hx-request") !== "true") {
    return c.redirect(`application.html${queryString({ ...viewParams(p), message: result.message, gravity: result.gravity })}`, 303);
  }
  const urls = new UrlMaker(s.deps.cluster(), hostOf(c.req.header("host")));
  let out = messageBox(result.gravity, result.message, timeOfDay(wallMs / 1000)).toString();
  for (const [name, html] of applicationRegions(s.deps, urls, s.version, p)) out += oobBox(regionId(name), html.toString()).toString();
  return c.body(out, 200, { "Content-Type": HTML, "Cache-Control": "no-store" });
}

/** The live regions of one view as the stream sends them (none when the application is gone). */
function streamRegions(s: AppSetup, query: URLSearchParams, host: string): Map<string, string> {
  const p = paramsOf(s, query);
  const regions = new Map<string, string>();
  if (p !== null) for (const [name, html] of applicationRegions(s.deps, new UrlMaker(s.deps.cluster(), host), s.version, p)) regions.set(name, html.toString());
  return regions;
}

/**
 * Adds `application.html` (GET, POST) and its event stream to the dashboard app; close() on the
 * hub returned ends the open streams.
 * @example const live = registerApplicationRoutes(app, setup); // GET /application.html?appname=web&strategy=CONFIG
 */
export function registerApplicationRoutes(app: Hono, s: AppSetup): InstanceLive {
  // charts.js itself is served by the Supervisor page's routes, on the same digest path.
  const charts = chartUrls(s.assets, loadChartAsset());
  // Listens to changes only while an application page is open; each distinct view (browser host,
  // application, strategy, period, expanded rows, selected process) renders once per change, and
  // once per collecting period for the statistics (only regions that differ are sent).
  const live = new InstanceLive({ onChange: (listener) => onChangeOrFigures(s.deps, listener), intervalMs: s.liveIntervalMs });
  app.get("/application.html", (c) => showPage(s, c, charts));
  app.post("/application.html", (c) => postAction(s, c));
  app.get(APPLICATION_EVENTS, (c) => {
    const query = new URL(c.req.url).searchParams;
    const p = paramsOf(s, query);
    const host = hostOf(c.req.header("host"));
    const view = p === null ? queryString({ appname: query.get("appname") }) : viewQuery(p);
    const stream = live.connect(`${host}\n${view}`, async () => streamRegions(s, new URLSearchParams(view), host));
    return new Response(stream, { headers: { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-store", "X-Accel-Buffering": "no" } });
  });
  return live;
}
