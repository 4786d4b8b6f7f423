// Request counts and timings of the dashboard, taken where the HTTP layer chains its doors: the
// dashboard's handler is wrapped, and each request it answers is reported with the kind of path
// it was (page, action, event stream, asset) — a bounded label, where raw paths and query strings
// would make a new series per process name or asset digest — and its HTTP status.

import type { RouteHandler } from "../http/route-chain.ts";

export type WebRouteKind = "page" | "action" | "event_stream" | "asset";

export type RouteObserver = (route: string, seconds: number, outcome: string) => void;

/**
 * What kind of dashboard path a request was, from the request and its answer: an action is a
 * POST or a page with `?action=` (UI-07); an event stream answers text/event-stream; a page
 * answers HTML; anything else (scripts, styles, icon) is an asset.
 * @example webRouteKind(new Request("http://h/index.html?action=restart"), answer) // "action"
 */
export function webRouteKind(req: Request, res: Response | null): WebRouteKind {
  if (req.method === "POST") return "action";
  if ((new URL(req.url).searchParams.get("action") ?? "") !== "") return "action";
  const type = res?.headers.get("content-type") ?? "";
  if (type.startsWith("text/event-stream")) return "event_stream";
  if (type.startsWith("text/html") || res === null) return "page";
  return "asset";
}

/**
 * `handler` with every request it answers reported to `observe` (kind, seconds, status); requests
 * it declines (null) are not its own and are not reported. A handler that throws is reported as
 * a 500, then the error goes on to the HTTP layer.
 * @example chainRoutes([metrics.handle, timedWebRoutes(dashboard.handle, (r, s, o) => metrics.observeRequest("web", r, s, o))])
 */
export function timedWebRoutes(handler: RouteHandler, observe: RouteObserver, now: () => number = () => performance.now()): RouteHandler {
  return async (req) => {
    const started = now();
    let res: Response | null;
    try {
      res = await handler(req);
    } catch (error) {
      observe(webRouteKind(req, null), (now() - started) / 1000, "500");
      throw error;
    }
    if (res !== null) observe(webRouteKind(req, res), (now() - started) / 1000, String(res.status));
    return res;
  };
}
