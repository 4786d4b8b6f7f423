// The REST door's answers and status codes (REST-04): results 200 JSON, faults 400 with the exact
// faultString and code, bad parameters 400 naming them, unexpected errors 500, unknown routes 404,
// methods this instance lacks 404 saying so, wrong methods 405; the observer told once per
// answered request; paths that are not ours left to the next door.

import { describe, expect, test } from "bun:test";
import { Faults, RpcFault } from "../../../src/api/faults.ts";
import { createRestApi, UNMATCHED_ROUTE } from "../../../src/api/rest/index.ts";
import { NOT_FOUND_MESSAGE, METHOD_NOT_ALLOWED_MESSAGE } from "../../../src/api/rest/responses.ts";
import { Double, type XmlRpcValue } from "../../../src/api/xmlrpc/value.ts";
import { fakeRegistry, restRequest } from "./fakes.ts";

interface Observed {
  route: string;
  seconds: number;
  status: number;
}

/** A REST API over the fake registry, a fake clock advancing 2 ms per reading, and an observer log. */
function setUp(answer?: (method: string, args: XmlRpcValue[]) => XmlRpcValue | Promise<XmlRpcValue>, supvisors = true) {
  const fake = fakeRegistry({ answer, supvisors });
  const observed: Observed[] = [];
  let clock = 1000;
  const rest = createRestApi({
    registry: fake.registry,
    observe: (route, seconds, status) => observed.push({ route, seconds, status }),
    now: () => (clock += 2),
  });
  const send = async (method: string, path: string) => {
    const res = await rest.handle(restRequest(method, path));
    if (res === null) throw new Error(`${method} ${path} was not answered`);
    return res;
  };
  return { ...fake, rest, observed, send };
}

describe("results", () => {
  test("200 with the XML-RPC value as JSON, newline-terminated", async () => {
    const { send } = setUp(() => ({ statecode: 1, statename: "RUNNING", load: new Double(2) }));
    const res = await send("GET", "/supervisor/getState");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/json");
    expect(await res.text()).toBe('{"statecode":1,"statename":"RUNNING","load":2}\n');
  });

  test("HEAD answers GET's status and headers without a body", async () => {
    const { send, calls } = setUp(() => "3.0");
    const res = await send("HEAD", "/supervisor/getAPIVersion");
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
    expect(calls.map((c) => c.method)).toEqual(["supervisor.getAPIVersion"]);
  });
});

describe("errors", () => {
  test("a fault is 400 {message: faultString, code: faultCode}", async () => {
    const { send } = setUp(() => {
      throw new RpcFault(Faults.BAD_NAME, "application=dummy unknown to Supvisors");
    });
    const res = await send("GET", "/supvisors/application_info/dummy");
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ message: "BAD_NAME: application=dummy unknown to Supvisors", code: 10 });
  });

  test("the registry's guard applies as for XML-RPC: SHUTDOWN_STATE is relayed, the handler never runs", async () => {
    const { send, registry, calls } = setUp();
    registry.setGuard((method) => {
      if (method.startsWith("supervisor.")) throw new RpcFault(Faults.SHUTDOWN_STATE);
    });
    const res = await send("POST", "/supervisor/startProcess/web");
    expect({ status: res.status, body: await res.json() }).toEqual({ status: 400, body: { message: "SHUTDOWN_STATE", code: 6 } });
    expect(calls).toEqual([]);
  });

  test("a bad wait is 400 naming the parameter, and calls nothing", async () => {
    const { send, calls } = setUp();
    const res = await send("POST", "/supervisor/startProcess/web?wait=maybe");
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      message: "Input payload validation failed",
      errors: { wait: 'invalid boolean "maybe": use true, false, 1 or 0' },
    });
    expect(calls).toEqual([]);
  });

  test("an integer beyond 32 bits is 400 naming the parameter", async () => {
    const { send, calls } = setUp();
    const res = await send("GET", "/supervisor/readLog/0/99999999999");
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      message: "Input payload validation failed",
      errors: { length: "99999999999 is outside the XML-RPC int range (-2147483648 to 2147483647)" },
    });
    expect(calls).toEqual([]);
  });

  test("an unexpected error is 500 {message}", async () => {
    const { send } = setUp(() => {
      throw new TypeError("boom");
    });
    const res = await send("GET", "/supervisor/getAllProcessInfo");
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ message: "boom" });
  });

  test("unknown routes under a namespace are 404 JSON with Werkzeug's text", async () => {
    const { send } = setUp();
    for (const path of ["/supervisor/nothing", "/system/multicall", "/supvisors/start_application/BOGUS/app"]) {
      const res = await send("POST", path);
      expect({ path, status: res.status, body: await res.json() }).toEqual({ path, status: 404, body: { message: NOT_FOUND_MESSAGE } });
    }
  });

  test("malformed percent-encoding is 400", async () => {
    const { send } = setUp();
    const res = await send("GET", "/supervisor/getProcessInfo/%E0%A4%A");
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ message: 'malformed percent-encoding in path segment "%E0%A4%A"' });
  });

  test("a plain supervisord (no Supvisors section) answers its supvisors routes 404, saying why", async () => {
    const { send, calls } = setUp(undefined, false);
    const res = await send("GET", "/supvisors/supvisors_state");
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      message: "supvisors.get_supvisors_state is not available on this instance: its configuration has no [rpcinterface:supvisors] (or [supvisors]) section",
    });
    expect((await send("GET", "/supervisor/getState")).status).toBe(200);
    expect(calls.map((c) => c.method)).toEqual(["supervisor.getState"]);
  });

  test("the wrong method is 405 with Allow; OPTIONS is 200 with Allow", async () => {
    const { send } = setUp();
    const res = await send("PUT", "/supervisor/startProcess/web");
    expect(res.status).toBe(405);
    expect(res.headers.get("Allow")).toBe("OPTIONS, POST");
    expect(await res.json()).toEqual({ message: METHOD_NOT_ALLOWED_MESSAGE });
    const options = await send("OPTIONS", "/supervisor/getState");
    expect({ status: options.status, allow: options.headers.get("Allow") }).toEqual({ status: 200, allow: "GET, HEAD, OPTIONS" });
  });
});

describe("doors and observation", () => {
  test("paths that are not the REST API's are left to the next door, unobserved", async () => {
    const { rest, observed } = setUp();
    for (const path of ["/", "/index.html", "/metrics", "/apis", "/api/x", "/openapi.yaml"]) {
      expect(await rest.handle(restRequest("GET", path))).toBeNull();
    }
    expect(observed).toEqual([]);
  });

  test("/api redirects to /api/, keeping the query", async () => {
    const { send } = setUp();
    const res = await send("GET", "/api?x=1");
    expect({ status: res.status, location: res.headers.get("Location") }).toEqual({ status: 308, location: "/api/?x=1" });
  });

  test("the documents refuse other methods", async () => {
    const { send } = setUp();
    for (const path of ["/openapi.json", "/api/"]) {
      const res = await send("POST", path);
      expect({ path, status: res.status, allow: res.headers.get("Allow") }).toEqual({ path, status: 405, allow: "GET, HEAD, OPTIONS" });
    }
  });

  test("the observer gets the route template, the seconds and the status, once per request", async () => {
    const { send, observed } = setUp((method) => {
      if (method === "supervisor.stopProcess") throw new RpcFault(Faults.NOT_RUNNING, "web");
      return true;
    });
    await send("GET", "/supvisors/process_info/web%3Aweb_00");
    await send("POST", "/supervisor/stopProcess/web");
    await send("GET", "/supervisor/nothing");
    await send("GET", "/supervisor/shutdown");
    await send("GET", "/openapi.json");
    await send("GET", "/api/");
    expect(observed).toEqual([
      { route: "/supvisors/process_info/{namespec}", seconds: 0.002, status: 200 },
      { route: "/supervisor/stopProcess/{name}", seconds: 0.002, status: 400 },
      { route: UNMATCHED_ROUTE, seconds: 0.002, status: 404 },
      { route: "/supervisor/shutdown", seconds: 0.002, status: 405 },
      { route: "/openapi.json", seconds: 0.002, status: 200 },
      { route: "/api/", seconds: 0.002, status: 200 },
    ]);
  });
});
