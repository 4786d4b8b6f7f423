// GET /metrics over HTTP: the exposition text with its Content-Type for GET, the same headers
// without a body for HEAD, 405 for any other method, null (not mine) for any other path. Basic
// auth is the HTTP layer's: this handler is only asked for requests already authorised.

import { TEXT_FORMAT_CONTENT_TYPE } from "./text-format.ts";

export const METRICS_PATH = "/metrics";

/**
 * The answer to `req`, with `render` called only for a GET or HEAD of /metrics.
 * @example metricsResponse(new Request("http://h/metrics"), () => "flotilla_up 1\n") // 200 text/plain; version=0.0.4
 */
export function metricsResponse(req: Request, render: () => string): Response | null {
  if (new URL(req.url).pathname !== METRICS_PATH) return null;
  if (req.method !== "GET" && req.method !== "HEAD") {
    return new Response("Method Not Allowed: /metrics answers GET and HEAD\n", {
      status: 405,
      headers: { Allow: "GET, HEAD", "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  const body = new TextEncoder().encode(render());
  const headers = {
    "Content-Type": TEXT_FORMAT_CONTENT_TYPE,
    "Content-Length": String(body.byteLength),
    // Every scrape must see the current values, never a cached copy.
    "Cache-Control": "no-store",
  };
  return new Response(req.method === "HEAD" ? null : body, { status: 200, headers });
}
