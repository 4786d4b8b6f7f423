// Finding the REST route of a request: the path is cut at "/", each segment URL-decoded (so
// "grp%3Aproc" is "grp:proc" and "a%2Fb" is one segment "a/b"), then compared with the route
// table, converters included: a strategy outside its list or `5` for a float does not match, so
// the answer is 404 as Werkzeug gives. A path that matches with another HTTP method is 405.
// Pure: no I/O, no registry.

import type { Converter, HttpMethod, RestRoute } from "./route-model.ts";
import { NAMESPACES } from "./route-model.ts";

export type RouteMatch =
  /** Not a REST path at all: another door of the HTTP server may own it. */
  | { kind: "not-rest" }
  | { kind: "bad-path"; message: string }
  | { kind: "not-found" }
  /** `template` is the first fitting route's, for the metrics label. */
  | { kind: "method-not-allowed"; allow: string[]; template: string }
  | { kind: "options"; allow: string[]; template: string }
  | { kind: "found"; route: RestRoute; values: Map<string, string> };

const INT = /^[0-9]+$/;
const SIGNED_INT = /^-?[0-9]+$/;
const FLOAT = /^[0-9]+\.[0-9]+$/;

/** Whether a decoded segment fits a converter (the regular expressions of Werkzeug's converters). */
export function fitsConverter(converter: Converter, text: string): boolean {
  switch (converter.kind) {
    case "string":
      return text !== "";
    case "int":
      return (converter.signed ? SIGNED_INT : INT).test(text);
    case "float":
      return FLOAT.test(text);
    case "enum":
      return converter.values.includes(text);
  }
}

/** The decoded segments of a path that starts with "/", or an error naming the bad segment. */
export function splitPath(pathname: string): string[] | { error: string } {
  const raw = pathname.split("/").slice(1);
  const decoded: string[] = [];
  for (const segment of raw) {
    try {
      decoded.push(decodeURIComponent(segment));
    } catch {
      return { error: `malformed percent-encoding in path segment "${segment}"` };
    }
  }
  return decoded;
}

/** The parameter values when `segments` fit the route's path, else null. */
function matchRoute(route: RestRoute, segments: string[]): Map<string, string> | null {
  if (segments.length !== route.segments.length) return null;
  const values = new Map<string, string>();
  for (const [i, seg] of route.segments.entries()) {
    const text = segments[i]!;
    if ("literal" in seg) {
      if (seg.literal !== text) return null;
    } else {
      if (!fitsConverter(seg.converter, text)) return null;
      values.set(seg.param, text);
    }
  }
  return values;
}

/** The methods a path answers, as an Allow header lists them (GET brings HEAD; OPTIONS always). */
export function allowedMethods(methods: Iterable<HttpMethod>): string[] {
  const allow = new Set<string>(["OPTIONS"]);
  for (const m of methods) {
    allow.add(m);
    if (m === "GET") allow.add("HEAD");
  }
  return [...allow].sort();
}

/**
 * The route a request designates.
 * @example matchRequest(REST_ROUTES, "GET", "/supervisor/getProcessInfo/web%3Aweb_00") // found, values name → "web:web_00"
 */
export function matchRequest(routes: readonly RestRoute[], method: string, pathname: string): RouteMatch {
  const first = pathname.split("/")[1] ?? "";
  if (!(NAMESPACES as readonly string[]).includes(first)) return { kind: "not-rest" };
  const segments = splitPath(pathname);
  if (!Array.isArray(segments)) return { kind: "bad-path", message: segments.error };
  const fitting: { route: RestRoute; values: Map<string, string> }[] = [];
  for (const route of routes) {
    const values = matchRoute(route, segments);
    if (values !== null) fitting.push({ route, values });
  }
  if (fitting.length === 0) return { kind: "not-found" };
  const allow = allowedMethods(fitting.map((f) => f.route.method));
  const template = fitting[0]!.route.template;
  if (method === "OPTIONS") return { kind: "options", allow, template };
  const wanted = method === "HEAD" ? "GET" : method;
  const chosen = fitting.find((f) => f.route.method === wanted);
  if (chosen === undefined) return { kind: "method-not-allowed", allow, template };
  return { kind: "found", route: chosen.route, values: chosen.values };
}
