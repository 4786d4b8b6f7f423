// The OpenAPI 3.1 document served at /openapi.json: one operation per route this instance answers,
// tagged by namespace (system, supervisor, supvisors), with the registry's help texts, the
// parameters and their converters, and the fault body of every 400. Generated from the route
// table on each request, so it can never drift from what the server does. Pure.

import { FLOTILLA_VERSION } from "../../version.ts";
import type { RpcRegistry } from "../registry.ts";
import type { XmlRpcValue } from "../xmlrpc/value.ts";
import { documentRoutes, returnSchema, type RouteDoc, type Schema } from "./route-doc.ts";
import { NAMESPACES, type RestRoute } from "./route-model.ts";

export const OPENAPI_PATH = "/openapi.json";

const TAG_TEXT: Readonly<Record<(typeof NAMESPACES)[number], string>> = {
  system: "System operations: the introspection methods system.listMethods, methodHelp, methodSignature.",
  supervisor: "Supervisor operations: the supervisor.* XML-RPC methods.",
  supvisors: "Supvisors operations: the supvisors.* XML-RPC methods (only on instances with a Supvisors section).",
};

const INFO_TEXT = [
  "Every XML-RPC method of this instance as a REST route, served on the instance's own HTTP port with the",
  "same Basic authentication as /RPC2. Each route calls the XML-RPC method named in its description, so",
  "results, faults and side effects are the XML-RPC ones; results are JSON. A fault answers 400 with",
  '{"message": faultString, "code": faultCode}. Read-only calls are GET, commands POST; optional',
  "arguments are the query parameters wait and extra_args. Path segments are URL-encoded (':' as %3A).",
  "Routes and behaviour follow Supvisors' supvisorsflask gateway.",
].join(" ");

const ERROR_SCHEMAS: Record<string, XmlRpcValue> = {
  Fault: {
    type: "object",
    description: "An XML-RPC fault of the called method.",
    required: ["message", "code"],
    properties: {
      message: { type: "string", description: "The faultString, e.g. 'BAD_NAME: foo'." },
      code: { type: "integer", description: "The faultCode, e.g. 10 for BAD_NAME." },
    },
  },
  InputError: {
    type: "object",
    description: "A query or path parameter the API cannot use.",
    required: ["message", "errors"],
    properties: {
      message: { type: "string" },
      errors: { type: "object", description: "What is wrong, by parameter name.", additionalProperties: { type: "string" } },
    },
  },
  Message: {
    type: "object",
    required: ["message"],
    properties: { message: { type: "string" } },
  },
};

const ref = (kind: "schemas" | "responses", name: string): XmlRpcValue => ({ $ref: `#/components/${kind}/${name}` });
const jsonContent = (schema: XmlRpcValue): XmlRpcValue => ({ "application/json": { schema } });

const RESPONSES: Record<string, XmlRpcValue> = {
  BadRequest: {
    description: "The XML-RPC method answered a fault, or a parameter is unusable.",
    content: jsonContent({ oneOf: [ref("schemas", "Fault"), ref("schemas", "InputError")] }),
  },
  NotFound: {
    description: "No such route (a converter did not match, e.g. an unknown strategy), or the method is absent from this instance.",
    content: jsonContent(ref("schemas", "Message")),
  },
  Unauthorized: { description: "Credentials missing or wrong, when the HTTP server is configured with a username and password." },
  ServerError: { description: "The method failed unexpectedly.", content: jsonContent(ref("schemas", "Message")) },
};

/** Operation ids: namespace and name (end_sync/<identifier> gets its parameter appended). */
function operationId(route: RestRoute, used: Set<string>): string {
  const literals = route.segments.flatMap((s) => ("literal" in s ? [s.literal] : []));
  let id = literals.join("_");
  if (used.has(id)) {
    const params = route.segments.flatMap((s) => ("param" in s ? [s.param] : []));
    id = [id, ...params].join("_");
  }
  used.add(id);
  return id;
}

function operation(doc: RouteDoc, id: string): XmlRpcValue {
  const description = [doc.description, `Calls \`${doc.call}\`.`].filter(Boolean).join("\n\n");
  const ok: Schema = { ...returnSchema(doc.returns) };
  if (doc.returnsText !== "") ok.description = doc.returnsText;
  return {
    tags: [doc.route.namespace],
    operationId: id,
    summary: doc.summary,
    description,
    parameters: doc.params.map((p) => ({ name: p.name, in: p.in, required: p.required, description: p.description, schema: p.schema })),
    responses: {
      "200": { description: "The XML-RPC result, as JSON.", content: jsonContent(ok) },
      "400": ref("responses", "BadRequest"),
      "401": ref("responses", "Unauthorized"),
      "404": ref("responses", "NotFound"),
      "500": ref("responses", "ServerError"),
    },
  };
}

/**
 * The document for the routes this registry can serve.
 * @example buildOpenApi(REST_ROUTES, registry).paths["/supervisor/getState"].get.operationId // "supervisor_getState"
 */
export function buildOpenApi(routes: readonly RestRoute[], registry: RpcRegistry): { [key: string]: XmlRpcValue } {
  const docs = documentRoutes(routes, registry);
  const paths: { [template: string]: { [method: string]: XmlRpcValue } } = {};
  const used = new Set<string>();
  for (const doc of docs) {
    const entry = (paths[doc.route.template] ??= {});
    entry[doc.route.method.toLowerCase()] = operation(doc, operationId(doc.route, used));
  }
  const tags = NAMESPACES.filter((ns) => docs.some((d) => d.route.namespace === ns)).map((ns) => ({ name: ns, description: TAG_TEXT[ns] }));
  return {
    openapi: "3.1.0",
    info: { title: "Flotilla REST API", version: FLOTILLA_VERSION, description: INFO_TEXT },
    servers: [{ url: "/" }],
    tags,
    paths,
    components: {
      schemas: ERROR_SCHEMAS,
      responses: RESPONSES,
      securitySchemes: { basicAuth: { type: "http", scheme: "basic" } },
    },
    // Open servers need nothing, configured ones Basic auth: both are allowed.
    security: [{}, { basicAuth: [] }],
  };
}
