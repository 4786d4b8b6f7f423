// The XML-RPC argument list of a matched REST route: path values converted (int, float, names),
// the query parameters `wait` and `extra_args` read with supvisorsflask's defaults (true and ''),
// fixed values added. Like supvisorsflask, every optional argument is passed explicitly, so the
// registry sees exactly what a Python client of the gateway would have sent. Pure.

import type { XmlRpcValue } from "../xmlrpc/value.ts";
import type { ArgSource, Converter, QueryName } from "./route-model.ts";

/** A request value the API cannot use; answered 400 naming the parameter. */
export class RestInputError extends Error {
  constructor(
    readonly param: string,
    readonly detail: string,
  ) {
    super(`${param}: ${detail}`);
    this.name = "RestInputError";
  }
}

/** XML-RPC <int> is 32 bits; Python's client refuses more (OverflowError), so do we, with a 400. */
const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

/**
 * A query boolean as flask-restx's `inputs.boolean` reads it: true, 1 (and `on`, what an HTML
 * checkbox sends) or false, 0, in any case; an empty value is false. Anything else is refused.
 * @example parseBooleanParam("wait", "False") // false
 */
export function parseBooleanParam(name: string, text: string): boolean {
  if (text === "") return false;
  const lower = text.toLowerCase();
  if (lower === "true" || lower === "1" || lower === "on") return true;
  if (lower === "false" || lower === "0") return false;
  throw new RestInputError(name, `invalid boolean ${JSON.stringify(text)}: use true, false, 1 or 0`);
}

/** A path value, already known to fit its converter, as the XML-RPC argument. */
export function convertPathValue(name: string, converter: Converter, text: string): XmlRpcValue {
  switch (converter.kind) {
    case "string":
    case "enum":
      return text;
    case "int": {
      const n = Number(text);
      if (n < INT_MIN || n > INT_MAX) {
        throw new RestInputError(name, `${text} is outside the XML-RPC int range (${INT_MIN} to ${INT_MAX})`);
      }
      return n;
    }
    case "float": {
      const n = Number(text);
      if (!Number.isFinite(n)) throw new RestInputError(name, `${text} is too large for a double`);
      return n;
    }
  }
}

const QUERY_DEFAULTS: Readonly<Record<QueryName, XmlRpcValue>> = { wait: true, extra_args: "" };

/** One query parameter: the first value given, else supvisorsflask's default. */
function queryValue(name: QueryName, query: URLSearchParams): XmlRpcValue {
  const text = query.get(name);
  if (text === null) return QUERY_DEFAULTS[name];
  return name === "wait" ? parseBooleanParam(name, text) : text;
}

/**
 * The arguments of the XML-RPC call, in the method's parameter order.
 * @example buildArgs(route, new Map([["name", "web"]]), new URLSearchParams("wait=false")) // ["web", false]
 */
export function buildArgs(sources: readonly ArgSource[], pathValues: ReadonlyMap<string, string>, query: URLSearchParams): XmlRpcValue[] {
  return sources.map((source) => {
    switch (source.from) {
      case "path": {
        const text = pathValues.get(source.name);
        if (text === undefined) throw new Error(`REST route has no path value for ${source.name}`);
        return convertPathValue(source.name, source.converter, text);
      }
      case "query":
        return queryValue(source.name, query);
      case "fixed":
        return source.value;
    }
  });
}
