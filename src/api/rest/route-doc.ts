// What the documentation says about each route, built from the route table and the registry's
// declared parameters and help texts: one source for the OpenAPI document and the /api/ page, so
// both always describe the methods this instance really has (a plain supervisord, without a
// Supvisors section, documents no supvisors route). Pure.

import type { RpcRegistry } from "../registry.ts";
import type { XmlRpcValue } from "../xmlrpc/value.ts";
import { parseHelp, summaryOf } from "./help-text.ts";
import type { Converter, RestRoute } from "./route-model.ts";

/** A JSON Schema (OpenAPI 3.1 dialect), as plain data. */
export type Schema = { [key: string]: XmlRpcValue };

export interface ParamDoc {
  name: string;
  in: "path" | "query";
  required: boolean;
  description: string;
  schema: Schema;
}

export interface RouteDoc {
  route: RestRoute;
  summary: string;
  description: string;
  /** How the route calls the XML-RPC method, e.g. "supvisors.update_numprocs(program_name, numprocs, wait, lazy=true)". */
  call: string;
  params: ParamDoc[];
  /** XML-RPC return type name as the registry declares it ("boolean", "array", "struct"…). */
  returns: string;
  returnsText: string;
}

const INT32_MAX = 2 ** 31 - 1;

const WAIT_TEXT =
  "true (default): answer when the request is complete; false: answer at once. Written true, false, 1 or 0 in any case (also on for true, empty for false, as flask-restx reads them).";
const EXTRA_ARGS_TEXT = "arguments added to the program's command line for this start (default: none)";

/** The schema of a path parameter and what its converter adds to its description. */
function pathSchema(converter: Converter): { schema: Schema; note: string } {
  switch (converter.kind) {
    case "string":
      return { schema: { type: "string" }, note: "URL-encoded (':' as %3A)." };
    case "int":
      return converter.signed
        ? { schema: { type: "integer", minimum: -(INT32_MAX + 1), maximum: INT32_MAX }, note: "An integer, possibly negative." }
        : { schema: { type: "integer", minimum: 0, maximum: INT32_MAX }, note: "Digits only." };
    case "float":
      // Kept from supvisorsflask (REST-106): Werkzeug's float converter wants a decimal point.
      return {
        schema: { type: "string", pattern: "^[0-9]+\\.[0-9]+$", examples: ["5.0"] },
        note: "A number written with a decimal point, e.g. 5.0: a bare 5 matches no route (404).",
      };
    case "enum":
      return { schema: { type: "string", enum: [...converter.values] }, note: `One of ${converter.values.join(", ")}; any other value matches no route (404).` };
  }
}

/** JSON Schema of the JSON form of an XML-RPC return type. */
export function returnSchema(xmlRpcType: string): Schema {
  const types: Record<string, string> = {
    boolean: "boolean",
    int: "integer",
    double: "number",
    string: "string",
    array: "array",
    struct: "object",
  };
  const type = types[xmlRpcType];
  return type === undefined ? {} : { type };
}

/** Sentences joined, each ending with one period. */
function sentences(...parts: string[]): string {
  return parts
    .map((p) => p.trim().replace(/\.+$/, ""))
    .filter((p) => p !== "")
    .map((p) => `${p}.`)
    .join(" ");
}

function describeValue(v: XmlRpcValue): string {
  return typeof v === "string" ? JSON.stringify(v) : String(v);
}

/** The documentation of one route, or null when this instance has no such XML-RPC method. */
export function documentRoute(route: RestRoute, registry: RpcRegistry): RouteDoc | null {
  const method = registry.get(route.rpc);
  if (method === undefined) return null;
  const help = parseHelp(method.help);
  const params: ParamDoc[] = [];
  const callArgs: string[] = [];
  route.args.forEach((source, i) => {
    const rpcName = method.params[i]?.name ?? (source.from === "fixed" ? `arg${i + 1}` : source.name);
    const helpText = help.params.get(rpcName) ?? "";
    if (source.from === "fixed") {
      callArgs.push(`${rpcName}=${describeValue(source.value)}`);
      return;
    }
    callArgs.push(source.name);
    if (source.from === "path") {
      const { schema, note } = pathSchema(source.converter);
      params.push({ name: source.name, in: "path", required: true, description: sentences(helpText, note), schema });
    } else if (source.name === "wait") {
      params.push({ name: "wait", in: "query", required: false, description: WAIT_TEXT, schema: { type: "boolean", default: true } });
    } else {
      params.push({ name: source.name, in: "query", required: false, description: helpText || EXTRA_ARGS_TEXT, schema: { type: "string", default: "" } });
    }
  });
  return {
    route,
    summary: summaryOf(help.description) || route.rpc,
    description: help.description,
    call: `${route.rpc}(${callArgs.join(", ")})`,
    params,
    returns: method.returns,
    returnsText: help.returns,
  };
}

/** The documentation of every route this instance answers, in table order. */
export function documentRoutes(routes: readonly RestRoute[], registry: RpcRegistry): RouteDoc[] {
  return routes.flatMap((route) => documentRoute(route, registry) ?? []);
}
