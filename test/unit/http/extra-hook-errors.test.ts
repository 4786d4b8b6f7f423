// The `extra` hook's doors (REST, metrics, dashboard) always answer: a door that throws or rejects
// gives medusa's 500 page at once, as /RPC2 gives for an unexpected error, with the error logged;
// a request the Fetch adapter cannot build (a malformed Host header, a backslash in the path) gives
// 400. Without an answer the connection would stay open until the client gave up, while the
// request metrics (web-timing.ts) already counted a 500.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startHttpServers, type HttpServers } from "../../../src/api/http/index.ts";
import { errorPage } from "../../../src/api/http/status.ts";
import { fakeLogs, inetConfig, rawRequest, testRegistry, waitFor } from "./helpers.ts";

const logLines: string[] = [];
let servers: HttpServers;
let base: string;

beforeAll(async () => {
  servers = await startHttpServers({
    inet: inetConfig(),
    unix: null,
    registry: testRegistry(),
    logs: fakeLogs({}, null),
    logger: (level, msg) => logLines.push(`${level} ${msg}`),
    extra: async (req) => {
      const path = new URL(req.url).pathname;
      if (path === "/throws") throw new Error("door broke");
      if (path === "/rejects") return Promise.reject(new TypeError("door rejected"));
      if (path === "/fine") return new Response("fine");
      return null;
    },
  });
  base = `http://127.0.0.1:${servers.inetAddress!.port}`;
});

afterAll(async () => {
  await servers.close();
});

/** GET with a deadline: no answer within it fails the test instead of hanging it. */
async function get(path: string): Promise<{ status: number; type: string | null; body: string }> {
  const res = await fetch(`${base}${path}`, { signal: AbortSignal.timeout(3000) });
  return { status: res.status, type: res.headers.get("content-type"), body: await res.text() };
}

describe("a door that fails", () => {
  test.each(["/throws", "/rejects"])("%s: 500 with medusa's page, and the error in the log", async (path) => {
    const before = logLines.length;
    expect(await get(path)).toEqual({ status: 500, type: "text/html", body: errorPage(500) });
    const logged = await waitFor(() => logLines.slice(before).find((l) => l.startsWith("error HTTP handler error:")), "the error logged");
    expect(logged).toContain(path === "/throws" ? "door broke" : "door rejected");
  });

  test("the server goes on answering, on the same door and the others", async () => {
    expect((await get("/throws")).status).toBe(500);
    expect(await get("/fine")).toMatchObject({ status: 200, body: "fine" });
    expect((await get("/nothing")).status).toBe(404);
  });
});

describe("a request the adapter cannot build", () => {
  test.each([
    ["a Host with a space", "GET /fine HTTP/1.1\r\nHost: bad host\r\nConnection: close\r\n\r\n"],
    ["a Host with a port out of range", "GET /fine HTTP/1.1\r\nHost: x:99999\r\nConnection: close\r\n\r\n"],
    ["a backslash in the path", "GET /a\\b HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"],
  ])("%s: 400 with medusa's page, at once", async (_what, request) => {
    const before = logLines.length;
    const res = await rawRequest({ port: servers.inetAddress!.port }, request, 3000);
    expect({ status: res.status, body: res.body }).toEqual({ status: 400, body: errorPage(400) });
    expect(logLines.slice(before).some((l) => l.startsWith("warn HTTP request refused (400):"))).toBe(true);
  });
});
