// The routes of the tail pages: `tail.html?processname=&limit=` (UI-70, Supervisor's texts: the
// last max(limit, 1024) bytes of the stdout log, `No file for <ns>`, `No process name found`,
// `ERROR: unexpected rpc fault [code] text`), `maintail.html?limit=` (UI-71, the supervisord log,
// `No file for Supervisor`), and their live follow streams `tail.events` / `maintail.events`, which
// read the log files themselves (deps.logs, the paths the HTTP /logtail streams use).

import { statSync } from "node:fs";
import type { Context, Hono } from "hono";
import { tailPage } from "../../../views/tail-page.ts";
import { Faults } from "../../api/faults.ts";
import type { AppSetup } from "../app.ts";
import { queryString } from "../urls.ts";
import { tailLimit } from "./params.ts";
import { followStream } from "./tail-stream.ts";

export interface TailRouteOptions {
  /** Time between two looks at a followed log (ms); default 100, as the /logtail streams. */
  pollMs?: number;
}

const DEFAULT_POLL_MS = 100;

const HTML = "text/html; charset=utf-8";
const SSE_HEADERS = { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-store", "X-Accel-Buffering": "no" };

/** What the page keeps of a followed log: four times what it asked for, at least 64 KiB. */
export function keepBytes(limit: number): number {
  return Math.max(4 * limit, 64 * 1024);
}

function faultOf(error: unknown): { code: number; text: string } {
  if (error !== null && typeof error === "object" && "code" in error && typeof (error as { code: unknown }).code === "number") {
    const e = error as { code: number; faultString?: unknown; message?: unknown };
    return { code: e.code, text: typeof e.faultString === "string" ? e.faultString : String(e.message ?? "") };
  }
  return { code: Faults.FAILED, text: error instanceof Error ? error.message : String(error) };
}

/** Where a follow stream starts: the `offset` parameter, or null (tailf_limit bytes back). */
function offsetParam(c: Context): number | null {
  const text = c.req.query("offset") ?? "";
  return /^\d+$/.test(text) ? Number(text) : null;
}

/** The resolved path of a log, or null (unknown process, no log configured). */
function pathOf(path: () => string | null): string | null {
  try {
    return path();
  } catch {
    return null;
  }
}

/** The size of a log file, or null when there is none (the follow then starts tailf_limit back). */
function sizeOf(path: () => string | null): number | null {
  const file = pathOf(path);
  try {
    return file === null ? null : statSync(file).size;
  } catch {
    return null;
  }
}

async function processTail(s: AppSetup, c: Context): Promise<Response> {
  const deps = s.deps;
  const processname = c.req.query("processname");
  const { limit } = tailLimit(c.req.query("limit") ?? null, 1024);
  let body: string;
  let follow: { events: string; keepBytes: number } | null = null;
  if (processname === undefined || processname === "") {
    body = "No process name found";
  } else {
    // The end of the log before reading it: the follow stream starts there (a line written in
    // between shows twice rather than never).
    const end = sizeOf(() => deps.logs.processLog(processname, "stdout"));
    try {
      const text = await deps.rpc("supervisor.readProcessStdoutLog", [processname, -limit, 0]);
      body = typeof text === "string" ? text : "";
      follow = { events: `tail.events${queryString({ processname, offset: end })}`, keepBytes: keepBytes(limit) };
    } catch (error) {
      const fault = faultOf(error);
      body = fault.code === Faults.NO_FILE ? `No file for ${processname}` : `ERROR: unexpected rpc fault [${fault.code}] ${fault.text}`;
    }
  }
  const refresh = processname === undefined ? null : `tail.html${queryString({ processname, limit })}`;
  const page = tailPage({ title: `Supervisor tail of process ${processname ?? "None"}`, body, refresh, follow, css: s.assets.url("dashboard.css") });
  return c.body(page, 200, { "Content-Type": HTML, "Cache-Control": "no-store" });
}

async function mainTail(s: AppSetup, c: Context): Promise<Response> {
  const deps = s.deps;
  const { limit } = tailLimit(c.req.query("limit") ?? null, 1024);
  let body: string;
  let follow: { events: string; keepBytes: number } | null = null;
  try {
    const end = sizeOf(() => deps.logs.mainLog());
    const text = await deps.rpc("supervisor.readLog", [-limit, 0]);
    body = typeof text === "string" ? text : "";
    follow = { events: `maintail.events${queryString({ offset: end })}`, keepBytes: keepBytes(limit) };
  } catch (error) {
    const fault = faultOf(error);
    body = fault.code === Faults.NO_FILE ? "No file for Supervisor" : `ERROR: unexpected rpc fault [${fault.code}] ${fault.text}`;
  }
  // Supvisors' main tail page: titled `Supervisor tail`, its Refresh link keeps only the limit.
  const refresh = `maintail.html${queryString({ limit })}`;
  const page = tailPage({ title: "Supervisor tail", body, refresh, follow, css: s.assets.url("dashboard.css") });
  return c.body(page, 200, { "Content-Type": HTML, "Cache-Control": "no-store" });
}

/** The follow stream of one log file, or 404 `No file for <what>` when it cannot be opened. */
async function followResponse(c: Context, path: string | null, what: string, tailfLimit: number, pollMs: number, signal: AbortSignal): Promise<Response> {
  const offset = offsetParam(c);
  if (path !== null) {
    try {
      const stream = await followStream(path, offset === null ? { back: tailfLimit } : { offset }, pollMs, signal);
      return new Response(stream, { headers: SSE_HEADERS });
    } catch {
      // Not there (yet): as the static page says it.
    }
  }
  return c.body(`No file for ${what}`, 404);
}

/**
 * Adds the tail pages and their follow streams to the dashboard's app; close() ends the open
 * follow streams (and the streams opened after it at once).
 * @example const tails = registerTailRoutes(app, setup, { pollMs: 100 }); ... tails.close()
 */
export function registerTailRoutes(app: Hono, s: AppSetup, options: TailRouteOptions = {}): { close(): void } {
  const pollMs = options.pollMs ?? DEFAULT_POLL_MS;
  const closing = new AbortController();
  const tailfLimit = Math.max(0, s.deps.supvisors.tailfLimit);
  const logs = s.deps.logs;
  app.get("/tail.html", (c) => processTail(s, c));
  app.get("/maintail.html", (c) => mainTail(s, c));
  app.get("/tail.events", (c) => {
    const processname = c.req.query("processname") ?? "";
    if (processname === "") return c.body("No process name found", 400);
    return followResponse(c, pathOf(() => logs.processLog(processname, "stdout")), processname, tailfLimit, pollMs, closing.signal);
  });
  app.get("/maintail.events", (c) => followResponse(c, pathOf(() => logs.mainLog()), "Supervisor", tailfLimit, pollMs, closing.signal));
  return { close: () => closing.abort() };
}
