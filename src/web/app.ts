// The dashboard's Hono app (UI-01, UI-03, UI-07): the main and conciliation pages with their
// actions, the event streams, the embedded assets and the user's icon. Authentication is the HTTP
// layer's (it calls us only for authorised requests, after /RPC2 and the log tails).

import { Hono, type Context } from "hono";
import { messageBox } from "../../views/footer.ts";
import { oobBox } from "../../views/live.ts";
import { ACTIONS, runAction, type ActionResult } from "./actions.ts";
import { ASSET_CACHE_CONTROL, type AssetTable } from "./assets.ts";
import type { DashboardDeps } from "./deps.ts";
import { cardsSignature, regionId, renderCards, renderRegions, type PageName } from "./fragments.ts";
import { LiveHub } from "./live.ts";
import { buildModel, timeOfDay, type PageModel } from "./model.ts";
import { renderPage, PAGE_FILES, type PageSetup } from "./pages.ts";
import { knownValues } from "./known.ts";
import { pageMessage, parsePageParams, runsAction } from "./params.ts";
import { hostOf, queryString, UrlMaker } from "./urls.ts";
import { registerApplicationRoutes } from "./application/index.ts";
import { registerHostRoutes } from "./host/index.ts";
import { registerInstanceRoutes, registerTailRoutes } from "./instance/index.ts";

export interface AppSetup extends PageSetup {
  deps: DashboardDeps;
  assets: AssetTable;
  icon: { body: Uint8Array<ArrayBuffer>; contentType: string } | null;
  hub: LiveHub;
  /** Shortest time between two pushes of the Supervisor, host and application pages' streams (ms); 100 by default. */
  liveIntervalMs?: number;
  /** Time between two looks at a log the tail pages follow (ms); 100 by default. */
  tailPollMs?: number;
}

/** The app and what ends the event streams of its pages (the main hub is closed by its owner). */
export interface DashboardApp {
  app: Hono;
  /** Ends the streams of the Supervisor, host, application and tail pages and their listeners. */
  close(): void;
}

const HTML = "text/html; charset=utf-8";

export function modelOf(deps: DashboardDeps): PageModel {
  return buildModel({ cluster: deps.cluster(), control: deps.control.state(), now: deps.now(), discoveryMode: deps.supvisors.discoveryMode });
}

function pageOf(path: string): PageName {
  return path === "/conciliation.html" ? "conciliation" : "index";
}

/** Rendered regions of a page for the SSE hub. */
export function liveRenderer(deps: DashboardDeps, version: string) {
  return (page: PageName, host: string) => {
    const model = modelOf(deps);
    const urls = new UrlMaker(deps.cluster(), host);
    return { regions: renderRegions(model, urls, page, version), cardsSignature: cardsSignature(model), cards: () => renderCards(model, urls) };
  };
}

async function act(s: AppSetup, action: string, namespec: string, ident: string): Promise<ActionResult> {
  if (!ACTIONS.includes(action)) return { gravity: "erro", message: `Unknown action: ${action}` };
  try {
    return (await runAction(s.deps, { action, namespec, ident })) ?? { gravity: "erro", message: `Unknown action: ${action}` };
  } catch (error) {
    return { gravity: "erro", message: `${action}: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function showPage(s: AppSetup, c: Context, page: PageName): Response | Promise<Response> {
  const query = new URL(c.req.url).searchParams;
  const params = parsePageParams(query, knownValues(s.deps));
  if (runsAction(c.req.method, params.action)) {
    // UI-07: act, then send the browser back to the page without the action, with the result.
    return act(s, params.action, params.namespec, params.ident).then((result) => {
      const location = `${PAGE_FILES[page]}${queryString({ auto: params.auto || null, message: result.message, gravity: result.gravity })}`;
      return c.redirect(location, 303);
    });
  }
  const { gravity, message } = pageMessage(params);
  const model = modelOf(s.deps);
  const urls = new UrlMaker(s.deps.cluster(), hostOf(c.req.header("host")));
  const wallMs = s.deps.wallMs?.() ?? Date.now();
  return c.body(renderPage(s, { page, model, urls, auto: params.auto, gravity, message, wallMs }), 200, { "Content-Type": HTML, "Cache-Control": "no-store" });
}

/** htmx action: the message box, then every live region of the page as out-of-band swaps. */
async function postAction(s: AppSetup, c: Context, page: PageName): Promise<Response> {
  const body = await c.req.parseBody();
  const field = (name: string) => (typeof body[name] === "string" ? (body[name] as string) : "");
  const result = await act(s, field("action"), field("namespec"), field("ident"));
  if (c.req.header("hx-request") !== "true") {
    return c.redirect(`${PAGE_FILES[page]}${queryString({ message: result.message, gravity: result.gravity })}`, 303);
  }
  const model = modelOf(s.deps);
  const urls = new UrlMaker(s.deps.cluster(), hostOf(c.req.header("host")));
  const wallMs = s.deps.wallMs?.() ?? Date.now();
  let out = messageBox(result.gravity, result.message, timeOfDay(wallMs / 1000)).toString();
  if (page === "index") out += oobBox("cards", renderCards(model, urls)).toString();
  for (const [name, html] of renderRegions(model, urls, page, s.version)) {
    if (!name.startsWith("card-")) out += oobBox(regionId(name), html).toString();
  }
  return c.body(out, 200, { "Content-Type": HTML, "Cache-Control": "no-store" });
}

export function createApp(s: AppSetup): DashboardApp {
  const app = new Hono();
  for (const path of ["/", "/index.html", "/conciliation.html"]) {
    app.get(path, (c) => showPage(s, c, pageOf(path)));
    app.post(path, (c) => postAction(s, c, pageOf(path)));
  }
  app.get("/events", (c) => {
    const page: PageName = c.req.query("page") === "conciliation" ? "conciliation" : "index";
    const stream = s.hub.connect(page, hostOf(c.req.header("host")));
    return new Response(stream, {
      headers: { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-store", "X-Accel-Buffering": "no" },
    });
  });
  app.get(`${s.assets.prefix}:name`, (c) => {
    const asset = s.assets.get(c.req.param("name") ?? "");
    if (asset === undefined) return c.notFound();
    return c.body(asset.body, 200, { "Content-Type": asset.contentType, "Cache-Control": ASSET_CACHE_CONTROL });
  });
  if (s.icon !== null) {
    const icon = s.icon;
    app.get("/software_icon.png", (c) => c.body(icon.body, 200, { "Content-Type": icon.contentType, "Cache-Control": "public, max-age=3600" }));
  }
  const streams = [
    registerApplicationRoutes(app, s),
    registerHostRoutes(app, s),
    registerInstanceRoutes(app, s, { liveIntervalMs: s.liveIntervalMs }),
    registerTailRoutes(app, s, { pollMs: s.tailPollMs }),
  ];
  app.notFound((c) => c.body(null, 404, { "X-Flotilla-Unrouted": "1" }));
  return { app, close: () => streams.forEach((live) => live.close()) };
}
