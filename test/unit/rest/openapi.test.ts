// The OpenAPI 3.1 document: structurally valid (every route present under its template and
// method, every path placeholder declared as a required path parameter and nothing else, query
// parameters where the route reads them, unique operation ids, every $ref resolvable), built from
// the registry's real help texts, and limited to the methods the instance has.

import { describe, expect, test } from "bun:test";
import { buildOpenApi, createRestApi, REST_ROUTES } from "../../../src/api/rest/index.ts";
import { fakeRegistry, restRequest } from "./fakes.ts";

type Json = { [key: string]: unknown };

interface Operation {
  tags: string[];
  operationId: string;
  summary: string;
  description: string;
  parameters: { name: string; in: string; required: boolean; description: string; schema: Json }[];
  responses: Record<string, Json>;
}

async function servedDocument(supvisors = true): Promise<Json> {
  const { registry } = fakeRegistry({ supvisors });
  const res = (await createRestApi({ registry }).handle(restRequest("GET", "/openapi.json")))!;
  expect(res.status).toBe(200);
  expect(res.headers.get("Content-Type")).toBe("application/json");
  return (await res.json()) as Json;
}

function operations(doc: Json): [string, string, Operation][] {
  const paths = doc.paths as Record<string, Record<string, Operation>>;
  return Object.entries(paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => [path, method, op] as [string, string, Operation]));
}

/** Follows a local "#/a/b" reference. */
function resolve(doc: Json, ref: string): unknown {
  expect(ref.startsWith("#/")).toBe(true);
  return ref
    .slice(2)
    .split("/")
    .reduce<unknown>((node, key) => (node as Json | undefined)?.[key], doc);
}

function collectRefs(node: unknown, into: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => collectRefs(n, into));
  else if (node !== null && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string") into.push(value);
      else collectRefs(value, into);
    }
  }
  return into;
}

describe("the served document", () => {
  test("OpenAPI 3.1 with info, the three namespace tags and Basic auth", async () => {
    const doc = await servedDocument();
    expect(doc.openapi).toBe("3.1.0");
    expect((doc.info as Json).title).toBe("Flotilla REST API");
    expect(typeof (doc.info as Json).version).toBe("string");
    expect((doc.tags as Json[]).map((t) => t.name)).toEqual(["system", "supervisor", "supvisors"]);
    expect(((doc.components as Json).securitySchemes as Json).basicAuth).toEqual({ type: "http", scheme: "basic" });
  });

  test("every route is there, under its template and HTTP method, tagged with its namespace", async () => {
    const doc = await servedDocument();
    const ops = operations(doc);
    expect(ops.length).toBe(REST_ROUTES.length);
    for (const route of REST_ROUTES) {
      const op = ops.find(([path, method]) => path === route.template && method === route.method.toLowerCase());
      expect({ id: route.id, found: op !== undefined }).toEqual({ id: route.id, found: true });
      expect(op![2].tags).toEqual([route.namespace]);
      expect(op![2].description).toContain(`Calls \`${route.rpc}(`);
    }
  });

  test("every path placeholder is a declared, required path parameter, and no other path parameter exists", async () => {
    for (const [path, method, op] of operations(await servedDocument())) {
      const placeholders = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const declared = op.parameters.filter((p) => p.in === "path");
      expect({ path, method, names: declared.map((p) => p.name) }).toEqual({ path, method, names: placeholders });
      for (const p of declared) expect({ path, name: p.name, required: p.required }).toEqual({ path, name: p.name, required: true });
    }
  });

  test("query parameters exactly where the route reads them, with their defaults", async () => {
    const ops = operations(await servedDocument());
    for (const route of REST_ROUTES) {
      const [, , op] = ops.find(([path, method]) => path === route.template && method === route.method.toLowerCase())!;
      const expected = route.args.flatMap((a) => (a.from === "query" ? [a.name] : []));
      const query = op.parameters.filter((p) => p.in === "query");
      expect({ id: route.id, query: query.map((p) => p.name) }).toEqual({ id: route.id, query: expected });
      for (const p of query) {
        expect(p.required).toBe(false);
        expect(p.schema).toEqual(p.name === "wait" ? { type: "boolean", default: true } : { type: "string", default: "" });
      }
    }
  });

  test("converters are in the schemas: integer ranges, the float's decimal point, the name lists", async () => {
    const ops = operations(await servedDocument());
    const param = (path: string, name: string) => ops.find(([p]) => p === path)![2].parameters.find((x) => x.name === name)!;
    expect(param("/supervisor/readLog/{offset}/{length}", "offset").schema).toEqual({ type: "integer", minimum: -2147483648, maximum: 2147483647 });
    expect(param("/supervisor/readLog/{offset}/{length}", "length").schema).toEqual({ type: "integer", minimum: 0, maximum: 2147483647 });
    const period = param("/supvisors/update_collecting_period/{period}", "period");
    expect(period.schema.pattern).toBe("^[0-9]+\\.[0-9]+$");
    expect(period.description).toContain("decimal point");
    expect(param("/supvisors/conciliate/{strategy}", "strategy").schema.enum).toEqual(["SENICIDE", "INFANTICIDE", "USER", "STOP", "RESTART", "RUNNING_FAILURE"]);
    expect(param("/supvisors/start_application/{strategy}/{application_name}", "strategy").schema.enum).toEqual([
      "CONFIG", "LESS_LOADED", "MOST_LOADED", "LOCAL", "LESS_LOADED_NODE", "MOST_LOADED_NODE",
    ]);
  });

  test("responses 200/400/404 on every operation, every $ref resolves, the fault body is described", async () => {
    const doc = await servedDocument();
    for (const [path, method, op] of operations(doc)) {
      for (const code of ["200", "400", "404"]) expect({ path, method, code, has: code in op.responses }).toEqual({ path, method, code, has: true });
    }
    for (const ref of collectRefs(doc)) expect({ ref, resolved: resolve(doc, ref) !== undefined }).toEqual({ ref, resolved: true });
    const fault = resolve(doc, "#/components/schemas/Fault") as Json;
    expect(fault.required).toEqual(["message", "code"]);
  });

  test("operation ids are unique", async () => {
    const ids = operations(await servedDocument()).map(([, , op]) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain("supvisors_end_sync");
    expect(ids).toContain("supvisors_end_sync_identifier");
  });

  test("descriptions and parameter texts come from the registry's help", async () => {
    const { registry } = fakeRegistry();
    const doc = buildOpenApi(REST_ROUTES, registry) as Json;
    const op = (doc.paths as Record<string, Record<string, Operation>>)["/supervisor/startProcess/{name}"]!.post!;
    expect(op.summary).toBe("Start a process.");
    expect(op.parameters[0]!.description).toContain("process name");
    expect(op.description).toContain("Calls `supervisor.startProcess(name, wait)`.");
    const lazy = (doc.paths as Record<string, Record<string, Operation>>)["/supvisors/lazy_update_numprocs/{program_name}/{numprocs}"]!.post!;
    expect(lazy.description).toContain("supvisors.update_numprocs(program_name, numprocs, wait, lazy=true)");
  });

  test("a plain supervisord documents no supvisors route and no supvisors tag", async () => {
    const doc = await servedDocument(false);
    expect((doc.tags as Json[]).map((t) => t.name)).toEqual(["system", "supervisor"]);
    expect(operations(doc).some(([path]) => path.startsWith("/supvisors/"))).toBe(false);
    expect(operations(doc).length).toBe(REST_ROUTES.filter((r) => r.namespace !== "supvisors").length);
  });
});
