// Helpers of the application and host page tests: a dashboard over fake dependencies closed after
// each test, GET / htmx POST requests, and an event stream reader that waits on a condition with
// a deadline (never a fixed sleep).

import { afterEach, expect } from "bun:test";
import { createDashboard, type Dashboard } from "../../../src/web/index.ts";
import type { FakeDeps } from "./fake-deps.ts";
import { readSse, type SseStream } from "./sse-reader.ts";

const open: Dashboard[] = [];
afterEach(() => {
  for (const d of open.splice(0)) d.close();
});

export function dashboard(deps: FakeDeps, liveIntervalMs = 5): Dashboard {
  const d = createDashboard(deps, { liveIntervalMs });
  open.push(d);
  return d;
}

export async function get(d: Dashboard, path: string, host = "10.0.0.1:60000"): Promise<Response> {
  const res = await d.handle(new Request(`http://${host}${path}`, { headers: { host } }));
  if (res === null) throw new Error(`${path} not routed`);
  return res;
}

export async function page(d: Dashboard, path: string): Promise<string> {
  const res = await get(d, path);
  expect(res.status).toBe(200);
  return res.text();
}

/** A plain link: the redirect's page and query. */
export async function link(d: Dashboard, path: string): Promise<{ status: number; page: string; query: URLSearchParams }> {
  const res = await get(d, path);
  const location = res.headers.get("location") ?? "";
  return { status: res.status, page: location.split("?")[0]!, query: new URLSearchParams(location.split("?")[1] ?? "") };
}

export async function htmx(d: Dashboard, path: string, fields: Record<string, string>): Promise<string> {
  const res = (await d.handle(
    new Request(`http://10.0.0.1:60000${path}`, {
      method: "POST",
      headers: { "HX-Request": "true", "Content-Type": "application/x-www-form-urlencoded", host: "10.0.0.1:60000" },
      body: new URLSearchParams(fields).toString(),
    }),
  ))!;
  expect(res.status).toBe(200);
  return res.text();
}


export async function connect(d: Dashboard, path: string): Promise<SseStream> {
  return readSse(await get(d, path));
}
