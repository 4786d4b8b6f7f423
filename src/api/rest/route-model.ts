// The shape of one REST route (rest.md REST-10..106) and the small pattern language the route table
// is written in, close to the Flask rules of supvisorsflask so the table reads like the spec:
//
//   "/supervisor/readLog/<signed:offset>/<int:length>"
//
// `<name>` is a string segment; `<int:x>` digits only (Werkzeug's int converter); `<signed:x>` an
// optional minus then digits (`int(signed=True)`); `<float:x>` digits, a decimal point, digits
// (Werkzeug's float converter: `5` does not match, `5.0` does); `<starting:x>`, `<conciliation:x>`,
// `<loglevel:x>` one of a fixed list of names, case-sensitive (Werkzeug's `any(...)` converter).

import { LogLevels } from "../../config/model.ts";
import { CONCILIATION_STRATEGIES, STARTING_STRATEGIES } from "../../config/supvisors-model.ts";
import type { XmlRpcValue } from "../xmlrpc/value.ts";

export type HttpMethod = "GET" | "POST";

/** How a path segment is matched and turned into an XML-RPC argument. */
export type Converter =
  | { kind: "string" }
  | { kind: "int"; signed: boolean }
  | { kind: "float" }
  | { kind: "enum"; values: readonly string[] };

/** The optional arguments supvisorsflask reads from the query string (REST-05). */
export type QueryName = "wait" | "extra_args";

/** Where one XML-RPC argument comes from, in the order of the method's parameters. */
export type ArgSource =
  | { from: "path"; name: string; converter: Converter }
  | { from: "query"; name: QueryName }
  | { from: "fixed"; value: XmlRpcValue };

/** One segment of a route path: a literal, or a parameter. */
export type Segment = { literal: string } | { param: string; converter: Converter };

export interface RestRoute {
  /** The spec row, e.g. "REST-25". */
  readonly id: string;
  readonly method: HttpMethod;
  /** The namespace: the first path segment, also the OpenAPI tag. */
  readonly namespace: Namespace;
  /** OpenAPI-style template, e.g. "/supervisor/readLog/{offset}/{length}"; also the metrics label. */
  readonly template: string;
  readonly segments: readonly Segment[];
  /** The XML-RPC method called, e.g. "supervisor.readLog". */
  readonly rpc: string;
  readonly args: readonly ArgSource[];
}

export const LOG_LEVEL_NAMES: readonly string[] = Object.keys(LogLevels);

const CONVERTERS: Readonly<Record<string, Converter>> = {
  string: { kind: "string" },
  int: { kind: "int", signed: false },
  signed: { kind: "int", signed: true },
  float: { kind: "float" },
  starting: { kind: "enum", values: STARTING_STRATEGIES },
  conciliation: { kind: "enum", values: CONCILIATION_STRATEGIES },
  loglevel: { kind: "enum", values: LOG_LEVEL_NAMES },
};

/** The three namespaces of the API, in the order the documentation shows them. */
export const NAMESPACES = ["system", "supervisor", "supvisors"] as const;
export type Namespace = (typeof NAMESPACES)[number];

function parseSegment(text: string, pattern: string): Segment {
  const m = /^<(?:([a-z]+):)?([A-Za-z_]+)>$/.exec(text);
  if (m === null) {
    if (text.includes("<") || text === "") throw new Error(`REST route "${pattern}": bad segment "${text}"`);
    return { literal: text };
  }
  const converter = CONVERTERS[m[1] ?? "string"];
  if (converter === undefined) throw new Error(`REST route "${pattern}": unknown converter "${m[1]}"`);
  return { param: m[2]!, converter };
}

/**
 * Builds a route from its pattern; extra sources (query parameters, fixed values) follow the path
 * parameters, in the order of the XML-RPC method's parameters.
 * @example defineRoute("REST-32", "POST", "/supervisor/startProcess/<name>", "supervisor.startProcess", [{ from: "query", name: "wait" }])
 */
export function defineRoute(id: string, method: HttpMethod, pattern: string, rpc: string, extra: ArgSource[] = []): RestRoute {
  const parts = pattern.split("/");
  if (parts[0] !== "") throw new Error(`REST route "${pattern}" must start with /`);
  const segments = parts.slice(1).map((p) => parseSegment(p, pattern));
  const first = segments[0];
  const namespace = first && "literal" in first ? NAMESPACES.find((n) => n === first.literal) : undefined;
  if (namespace === undefined) throw new Error(`REST route "${pattern}": first segment must be one of ${NAMESPACES.join(", ")}`);
  const template = "/" + segments.map((s) => ("literal" in s ? s.literal : `{${s.param}}`)).join("/");
  const pathArgs: ArgSource[] = segments.flatMap((s) => ("param" in s ? [{ from: "path" as const, name: s.param, converter: s.converter }] : []));
  return { id, method, namespace, template, segments, rpc, args: [...pathArgs, ...extra] };
}

/** The query parameter `wait` as an argument source. */
export const WAIT: ArgSource = { from: "query", name: "wait" };
/** The query parameter `extra_args` as an argument source. */
export const EXTRA_ARGS: ArgSource = { from: "query", name: "extra_args" };
/** A value the route always passes (e.g. `lazy=True`, `enable_host=False`). */
export const fixed = (value: XmlRpcValue): ArgSource => ({ from: "fixed", value });
