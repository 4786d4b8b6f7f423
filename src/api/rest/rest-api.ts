// The REST door of an instance's HTTP port: answers /system/…, /supervisor/…, /supvisors/… by
// calling the XML-RPC method of the route through `registry.dispatch` — the very path /RPC2
// takes, guard and argument checks included, so both doors behave the same — plus the OpenAPI
// document (/openapi.json) and the browsable page (/api/). Every other path is null: not ours.
// Authentication is not done here: the HTTP layer checks Basic auth before any door is asked.

import { RpcFault } from "../faults.ts";
import type { RpcRegistry } from "../registry.ts";
import { renderApiPage, API_PAGE_PATH } from "./api-page.ts";
import { buildArgs, RestInputError } from "./args.ts";
import { matchRequest } from "./match.ts";
import { buildOpenApi, OPENAPI_PATH } from "./openapi.ts";
import {
  faultResponse,
  inputErrorResponse,
  jsonResponse,
  messageResponse,
  methodNotAllowedResponse,
  notFoundResponse,
  optionsResponse,
  unavailableMessage,
} from "./responses.ts";
import { documentRoutes } from "./route-doc.ts";
import type { RestRoute } from "./route-model.ts";
import { REST_ROUTES } from "./routes.ts";

export interface RestApi {
  /** The answer for a REST, OpenAPI or /api path; null for any other path. */
  handle(req: Request): Promise<Response | null>;
}

export interface RestApiOptions {
  registry: RpcRegistry;
  /**
   * Told once per answered request: the route template ("/supvisors/process_info/{namespec}",
   * "/openapi.json", "/api/"; "(unmatched)" for a path under a namespace that no route fits), the
   * seconds spent, the HTTP status.
   */
  observe?(route: string, seconds: number, status: number): void;
  /** Milliseconds from an arbitrary origin, for the timings; performance.now by default. */
  now?: () => number;
  /** The route table; the full REST_ROUTES by default (tests pass smaller ones). */
  routes?: readonly RestRoute[];
}

export const UNMATCHED_ROUTE = "(unmatched)";
const API_REDIRECT_PATH = "/api";
const DOC_ALLOW = ["GET", "HEAD", "OPTIONS"];

/** Calls the route's method; faults and bad input become their JSON answers. */
async function callRoute(
  registry: RpcRegistry,
  route: RestRoute,
  values: Map<string, string>,
  query: URLSearchParams,
  head: boolean,
): Promise<Response> {
  if (registry.get(route.rpc) === undefined) return messageResponse(404, unavailableMessage(route.rpc), head);
  try {
    const args = buildArgs(route.args, values, query);
    return jsonResponse(200, await registry.dispatch(route.rpc, args), head);
  } catch (err) {
    if (err instanceof RpcFault) return faultResponse(err, head);
    if (err instanceof RestInputError) return inputErrorResponse(err, head);
    // As supvisorsflask's default handler: the error's text, status 500.
    return messageResponse(500, err instanceof Error ? err.message : String(err), head);
  }
}

/** The page's CSP: only its own nonce-marked style and script, requests to this origin only. */
function pageHeaders(nonce: string): Record<string, string> {
  return {
    "Content-Type": "text/html; charset=utf-8",
    "Cache-Control": "no-store",
    "Content-Security-Policy": `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    "X-Content-Type-Options": "nosniff",
  };
}

/**
 * @example
 *   const rest = createRestApi({ registry });
 *   await startHttpServers({ ..., extra: chainRoutes([rest.handle, dashboard.handle]) });
 *   // POST /supervisor/startProcess/web?wait=false → supervisor.startProcess("web", false)
 */
export function createRestApi(o: RestApiOptions): RestApi {
  const routes = o.routes ?? REST_ROUTES;
  const now = o.now ?? (() => performance.now());

  /** The answer for one request, with the route label the observer is told. */
  const answer = async (req: Request): Promise<{ route: string; res: Response } | null> => {
    const url = new URL(req.url);
    const path = url.pathname;
    const head = req.method === "HEAD";
    const readOnly = req.method === "GET" || head;
    if (path === OPENAPI_PATH || path === API_PAGE_PATH) {
      if (req.method === "OPTIONS") return { route: path, res: optionsResponse(DOC_ALLOW) };
      if (!readOnly) return { route: path, res: methodNotAllowedResponse(DOC_ALLOW, head) };
      if (path === OPENAPI_PATH) return { route: path, res: jsonResponse(200, buildOpenApi(routes, o.registry), head) };
      const nonce = crypto.randomUUID().replaceAll("-", "");
      const html = renderApiPage(documentRoutes(routes, o.registry), nonce);
      return { route: path, res: new Response(head ? null : html, { status: 200, headers: pageHeaders(nonce) }) };
    }
    if (path === API_REDIRECT_PATH) {
      return { route: path, res: new Response(null, { status: 308, headers: { Location: `${API_PAGE_PATH}${url.search}` } }) };
    }
    const match = matchRequest(routes, req.method, path);
    switch (match.kind) {
      case "not-rest":
        return null;
      case "bad-path":
        return { route: UNMATCHED_ROUTE, res: messageResponse(400, match.message, head) };
      case "not-found":
        return { route: UNMATCHED_ROUTE, res: notFoundResponse(head) };
      case "options":
        return { route: match.template, res: optionsResponse(match.allow) };
      case "method-not-allowed":
        return { route: match.template, res: methodNotAllowedResponse(match.allow, head) };
      case "found":
        return { route: match.route.template, res: await callRoute(o.registry, match.route, match.values, url.searchParams, head) };
    }
  };

  return {
    handle: async (req) => {
      const start = now();
      const result = await answer(req);
      if (result === null) return null;
      o.observe?.(result.route, (now() - start) / 1000, result.res.status);
      return result.res;
    },
  };
}
