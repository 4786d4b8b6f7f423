// The routes of the host statistics page (UI-50..55): GET `host_instance.html` (a plain action
// link runs the action and redirects with its message), POST from htmx (message and live regions
// in place) and its event stream, refreshed on every change and once per collecting period, when
// new figures may have arrived. The page is about the serving instance's host.

import { onChangeOrFigures } from "../stats-changes.ts";
import type { Context, Hono } from "hono";
import { footer, messageBox } from "../../../views/footer.ts";
import { HOST_PAGE, hostActions, hostContentsInner, hostOptions, type HostView } from "../../../views/host-page.ts";
import { instanceStatusInner } from "../../../views/instance-page.ts";
import { trusted } from "../../../views/html.ts";
import { instanceLayout } from "../../../views/instance-layout.ts";
import { liveBox, oobBox } from "../../../views/live.ts";
import { applicationsInner, instancesInner, logoInner } from "../../../views/menu.ts";
import type { AppSetup } from "../app.ts";
import { softwareOf } from "../pages.ts";
import { INSTANCE_ACTIONS, runInstanceAction } from "../instance/actions.ts";
import { chartUrls, loadChartAsset } from "../instance/chart-asset.ts";
import { InstanceLive } from "../instance/live.ts";
import { buildModel, timeOfDay } from "../model.ts";
import { instanceAddress } from "../process-stats.ts";
import { headerStatus } from "../instance/page-data.ts";
import { pageMessage, runsAction, type Gravity } from "../params.ts";
import { knownValues } from "../known.ts";
import { hostOf, queryString, UrlMaker } from "../urls.ts";
import { buildHostModel } from "./model.ts";
import { hostViewParams, parseHostParams, type HostParams } from "./params.ts";

const HTML = "text/html; charset=utf-8";
export const HOST_EVENTS = "/host_instance.events";
/** The header actions of the page: the Supervisor page's (UI-50). */
export const HOST_ACTIONS: readonly string[] = ["stopall", "restartsup", "shutdownsup"];

function paramsOf(s: AppSetup, query: URLSearchParams): HostParams {
  const deps = s.deps;
  return parseHostParams(query, knownValues(deps), (period) => deps.stats.host(deps.localId, period));
}

function viewOf(s: AppSetup, p: HostParams): HostView {
  return { params: hostViewParams(p), period: p.period, periods: s.deps.stats.periods, auto: p.auto };
}

function hostName(s: AppSetup): string {
  return s.deps.cluster().instances.get(s.deps.localId)?.identity.host ?? s.deps.localId;
}

/** Every live region of the page, event name → inner HTML. */
export function hostRegions(s: AppSetup, p: HostParams, browserHost: string): Map<string, string> {
  const deps = s.deps;
  const cluster = deps.cluster();
  const menu = buildModel({ cluster, control: deps.control.state(), now: deps.now(), discoveryMode: deps.supvisors.discoveryMode });
  const urls = new UrlMaker(cluster, browserHost);
  const facts = deps.stats.hostFacts(deps.localId);
  const model = buildHostModel(deps.stats.host(deps.localId, p.period), facts, instanceAddress(cluster, deps.localId, facts), p);
  const contents = deps.stats.status().hostStats ? hostContentsInner(model, viewOf(s, p)) : trusted('<p class="no-stats">Host statistics are disabled on this instance</p>');
  return new Map([
    ["logo", logoInner(menu, s.version).toString()],
    ["instances", instancesInner(menu, urls, deps.localId).toString()],
    ["applications", applicationsInner(menu, urls).toString()],
    // UI-50: the same status card as the Supervisor page (Master mark, nick, state, discovery, modes).
    ["instance-status", instanceStatusInner({ header: headerStatus(deps) }).toString()],
    ["host-contents", contents.toString()],
  ]);
}

async function act(s: AppSetup, p: HostParams): Promise<{ gravity: Gravity; message: string }> {
  if (!HOST_ACTIONS.includes(p.action) || !INSTANCE_ACTIONS.includes(p.action)) return { gravity: "erro", message: `Unknown action: ${p.action}` };
  try {
    return (await runInstanceAction(s.deps, { action: p.action, namespec: "", auto: p.auto })) ?? { gravity: "erro", message: `Unknown action: ${p.action}` };
  } catch (error) {
    return { gravity: "erro", message: `${p.action}: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function back(c: Context, p: HostParams, result: { gravity: Gravity; message: string }): Response {
  return c.redirect(`${HOST_PAGE}${queryString({ ...hostViewParams(p), message: result.message, gravity: result.gravity })}`, 303);
}

async function showPage(s: AppSetup, c: Context, charts: ReturnType<typeof chartUrls>): Promise<Response> {
  const p = paramsOf(s, new URL(c.req.url).searchParams);
  if (runsAction(c.req.method, p.action)) return back(c, p, await act(s, p));
  const { gravity, message } = pageMessage(p);
  const regions = hostRegions(s, p, hostOf(c.req.header("host")));
  const region = (name: string) => trusted(regions.get(name) ?? "");
  const wallMs = s.deps.wallMs?.() ?? Date.now();
  const view = viewOf(s, p);
  const page = instanceLayout({
    title: "Flotilla host",
    assets: { css: s.assets.url("dashboard.css"), htmx: s.assets.url("htmx.min.js"), sse: s.assets.url("sse.min.js"), icon: s.assets.url("flotilla.svg"), charts },
    userCss: s.userCss,
    auto: p.auto,
    events: `${HOST_EVENTS}${queryString(hostViewParams(p))}`,
    menu: { logo: region("logo"), instances: region("instances"), applications: region("applications") },
    software: softwareOf(s),
    status: region("instance-status"),
    options: hostOptions(view, hostName(s)),
    actions: hostActions(view),
    contents: liveBox("host-contents", "host-contents", region("host-contents")),
    footer: footer(gravity, message, wallMs / 1000, s.deps.cluster().instances.get(s.deps.localId)?.identity.nick ?? s.deps.localId),
  });
  return c.body(page, 200, { "Content-Type": HTML, "Cache-Control": "no-store" });
}

async function postAction(s: AppSetup, c: Context): Promise<Response> {
  const body = await c.req.parseBody();
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(body)) if (typeof v === "string") query.set(k, v);
  const p = paramsOf(s, query);
  const result = await act(s, p);
  if (c.req.header("hx-request") !== "true") return back(c, p, result);
  const wallMs = s.deps.wallMs?.() ?? Date.now();
  let out = messageBox(result.gravity, result.message, timeOfDay(wallMs / 1000)).toString();
  for (const [name, html] of hostRegions(s, p, hostOf(c.req.header("host")))) {
    out += oobBox(name === "instances" ? "menu-instances" : name === "applications" ? "menu-applications" : name, html).toString();
  }
  return c.body(out, 200, { "Content-Type": HTML, "Cache-Control": "no-store" });
}

/**
 * Adds `host_instance.html` (GET, POST) and its event stream to the dashboard app; close() on the
 * hub returned ends the open streams.
 * @example const live = registerHostRoutes(app, setup); // GET /host_instance.html?period=10&cpuid=1
 */
export function registerHostRoutes(app: Hono, s: AppSetup): InstanceLive {
  const charts = chartUrls(s.assets, loadChartAsset());
  // Figures arrive once per collecting period without a change notification: while a page is
  // open, the stream also looks once per period (only regions that differ are sent).
  const live = new InstanceLive({ onChange: (listener) => onChangeOrFigures(s.deps, listener), intervalMs: s.liveIntervalMs });
  app.get(`/${HOST_PAGE}`, (c) => showPage(s, c, charts));
  app.post(`/${HOST_PAGE}`, (c) => postAction(s, c));
  app.get(HOST_EVENTS, (c) => {
    const query = new URL(c.req.url).searchParams;
    const host = hostOf(c.req.header("host"));
    const view = queryString(hostViewParams(paramsOf(s, query)));
    const stream = live.connect(`${host}\n${view}`, async () => hostRegions(s, paramsOf(s, new URLSearchParams(view)), host));
    return new Response(stream, { headers: { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-store", "X-Accel-Buffering": "no" } });
  });
  return live;
}
