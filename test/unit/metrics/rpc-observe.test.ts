// The HTTP layer's XML-RPC hook, through real sockets: every /RPC2 request is reported once with
// its method (or "(unknown)" / "(none)"), its outcome (ok, fault, error) and a duration; and the
// /metrics door behind the same Basic auth as everything else.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startHttpServers, type HttpServers, type RpcOutcome } from "../../../src/api/http/index.ts";
import { createMetrics } from "../../../src/api/metrics/index.ts";
import { encodeCall } from "../../../src/api/xmlrpc/codec.ts";
import { SupervisorStates } from "../../../src/process/states.ts";
import { fakeLogs, inetConfig, testRegistry } from "../http/helpers.ts";

const seen: { method: string; seconds: number; outcome: RpcOutcome }[] = [];
const auth = { username: "user", password: "secret" };
const authHeader = `Basic ${btoa("user:secret")}`;
const metrics = createMetrics({
  sup: { state: SupervisorStates.RUNNING, clock: { now: () => Date.now() }, entries: () => [], onTransition: () => () => undefined },
});
let servers: HttpServers;
let base: string;

beforeAll(async () => {
  servers = await startHttpServers({
    inet: inetConfig(auth),
    unix: null,
    registry: testRegistry(),
    logs: fakeLogs({}, null),
    maxBodyBytes: 2048,
    extra: metrics.handle,
    observeRpc: (method, seconds, outcome) => {
      seen.push({ method, seconds, outcome });
      metrics.observeRequest("xmlrpc", method, seconds, outcome);
    },
  });
  base = `http://127.0.0.1:${servers.inetAddress!.port}`;
});

afterAll(async () => {
  await servers.close();
});

async function post(body: string): Promise<number> {
  const res = await fetch(`${base}/RPC2`, { method: "POST", body, headers: { "Content-Type": "text/xml", Authorization: authHeader } });
  await res.arrayBuffer();
  return res.status;
}

describe("XML-RPC requests are observed", () => {
  test.each([
    ["a result", encodeCall("supervisor.getVersion", []), 200, "supervisor.getVersion", "ok"],
    ["a fault from the method", encodeCall("supervisor.readLog", [0, 0]), 200, "supervisor.readLog", "fault"],
    ["a fault for a wrong argument count", encodeCall("supervisor.getVersion", [1]), 200, "supervisor.getVersion", "fault"],
    ["an unknown method, under one name", encodeCall("no.suchMethod", []), 200, "(unknown)", "fault"],
    ["an unexpected exception (500)", encodeCall("test.crash", []), 500, "test.crash", "error"],
    ["an unreadable body (400)", "<methodCall><oops", 400, "(none)", "error"],
    ["a body over the limit (413)", `<methodCall>${"x".repeat(5000)}</methodCall>`, 413, "(none)", "error"],
  ])("%s", async (_what, body, status, method, outcome) => {
    const before = seen.length;
    expect(await post(body)).toBe(status);
    expect(seen.length).toBe(before + 1);
    const last = seen[seen.length - 1]!;
    expect([last.method, last.outcome]).toEqual([method, outcome]);
    expect(last.seconds).toBeGreaterThanOrEqual(0);
    expect(last.seconds).toBeLessThan(5);
  });
});

describe("/metrics behind the HTTP layer", () => {
  test("without credentials: 401, as every other path", async () => {
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(401);
  });

  test("with credentials: the text format, counting the requests above", async () => {
    const res = await fetch(`${base}/metrics`, { headers: { Authorization: authHeader } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    const text = await res.text();
    expect(text).toContain('flotilla_requests_total{api="xmlrpc",route="supervisor.getVersion",outcome="ok"} 1\n');
    expect(text).toContain('flotilla_requests_total{api="xmlrpc",route="(unknown)",outcome="fault"} 1\n');
    expect(text).toContain('flotilla_requests_total{api="xmlrpc",route="(none)",outcome="error"} 2\n');
    expect(text).toContain('flotilla_request_duration_seconds_count{api="xmlrpc",route="supervisor.getVersion"} 2\n');
  });
});
