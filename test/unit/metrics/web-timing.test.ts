// The dashboard's requests reported by kind of path and status, timed with an injected clock.

import { describe, expect, test } from "bun:test";
import { timedWebRoutes, webRouteKind, type WebRouteKind } from "../../../src/api/metrics/web-timing.ts";

const html = () => new Response("<html>", { headers: { "Content-Type": "text/html; charset=utf-8" } });

describe("webRouteKind", () => {
  test.each<[string, string, string, WebRouteKind]>([
    ["GET", "/index.html", "text/html; charset=utf-8", "page"],
    ["GET", "/host_instance.html?ident=a", "text/html; charset=utf-8", "page"],
    ["POST", "/index.html", "text/html; charset=utf-8", "action"],
    ["GET", "/index.html?action=restart", "", "action"],
    ["GET", "/events?page=index", "text/event-stream; charset=utf-8", "event_stream"],
    ["GET", "/tail.events?namespec=x", "text/event-stream", "event_stream"],
    ["GET", "/_flotilla/0123abcd/htmx.min.js", "text/javascript", "asset"],
    ["GET", "/software_icon.png", "image/png", "asset"],
  ])("%s %s (%s) is a %s", (method, path, type, kind) => {
    const res = new Response("", { headers: type ? { "Content-Type": type } : {} });
    expect(webRouteKind(new Request(`http://h${path}`, { method, body: method === "POST" ? "x" : undefined }), res)).toBe(kind);
  });
});

describe("timedWebRoutes", () => {
  test("an answered request is reported with its kind, duration and status", async () => {
    const seen: [string, number, string][] = [];
    let t = 1000;
    const handler = timedWebRoutes(
      async () => {
        t += 250;
        return html();
      },
      (route, seconds, outcome) => seen.push([route, seconds, outcome]),
      () => t,
    );
    const res = await handler(new Request("http://h/index.html"));
    expect(res?.status).toBe(200);
    expect(seen).toEqual([["page", 0.25, "200"]]);
  });

  test("a request the dashboard declines (null) is not reported", async () => {
    const seen: unknown[] = [];
    const handler = timedWebRoutes(async () => null, (...args) => seen.push(args));
    expect(await handler(new Request("http://h/nothing"))).toBeNull();
    expect(seen).toEqual([]);
  });

  test("a throwing handler is reported as a 500 and the error goes on", async () => {
    const seen: [string, number, string][] = [];
    const handler = timedWebRoutes(
      async () => {
        throw new Error("boom");
      },
      (route, seconds, outcome) => seen.push([route, seconds, outcome]),
      () => 5,
    );
    await expect(handler(new Request("http://h/index.html", { method: "POST", body: "a=b" }))).rejects.toThrow("boom");
    expect(seen).toEqual([["action", 0, "500"]]);
  });

  test("the status is the answer's, e.g. a 303 after an action", async () => {
    const seen: string[] = [];
    const handler = timedWebRoutes(async () => new Response(null, { status: 303, headers: { Location: "index.html" } }), (r, _s, o) => seen.push(`${r} ${o}`));
    await handler(new Request("http://h/index.html?action=shutdown"));
    expect(seen).toEqual(["action 303"]);
  });
});
