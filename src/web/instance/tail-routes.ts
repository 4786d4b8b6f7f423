// The routes of the tail pages: `tail.html?processname=&limit=` (UI-70, Supervisor's texts: the
// last max(limit, 1024) bytes of the stdout log, `No file for <ns>`, `No process name found`,
// `ERROR: unexpected rpc fault [code] text`), `maintail.html?limit=` (UI-71, the supervisord log,
// `No file for Supervisor`), and their live follow streams `tail.events` / `maintail.events`.

import type { Context, Hono } from "hono";
import { tailPage } from "../../../views/tail-page.ts";
import { Faults } from "../../api/faults.ts";
import type { AppSetup } from "../app.ts";
import { queryString } from "../urls.ts";
import { tailLimit } from "./params.ts";
import { MainTailCursor, ProcessTailCursor, mainLogSize, type TailCursor } from "./tail-source.ts";
import { followStream } from "./tail-stream.ts";

export interface TailRouteOptions {
  /** Time between two reads of a followed log (ms); default 500. */
  pollMs?: number;
}

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
    let end: number | null = null;
    try {
      const answer = await deps.rpc("supervisor.tailProcessStdoutLog", [processname, 0, 0]);
      end = Array.isArray(answer) && typeof answer[1] === "number" ? answer[1] : null;
    } catch {
      end = null;
    }
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
    const end = await mainLogSize(deps.rpc.bind(deps));
    const text = await deps.rpc("supervisor.readLog", [-limit, 0]);
    body = typeof text === "string" ? text : "";
    follow = { events: `maintail.events${queryString({ offset: end })}`, keepBytes: keepBytes(limit) };
  } catch (error) {
    const fault = faultOf(error);
    body = fault.code === Faults.NO_FILE ? "No file for Supervisor" : `ERROR: unexpected rpc fault [${fault.code}] ${fault.text}`;
  }
  const refresh = `maintail.html${queryString({ processname: c.req.query("processname") ?? null, limit })}`;
  const page = tailPage({ title: "Supervisor tail of process supervisord", body, refresh, follow, css: s.assets.url("dashboard.css") });
  return c.body(page, 200, { "Content-Type": HTML, "Cache-Control": "no-store" });
}

/**
 * Adds the tail pages and their follow streams to the dashboard's app.
 * @example registerTailRoutes(app, setup)
 */
export function registerTailRoutes(app: Hono, s: AppSetup, options: TailRouteOptions = {}): void {
  const rpc = (method: string, params: Parameters<AppSetup["deps"]["rpc"]>[1]) => s.deps.rpc(method, params);
  const tailfLimit = Math.max(0, s.deps.supvisors.tailfLimit);
  app.get("/tail.html", (c) => processTail(s, c));
  app.get("/maintail.html", (c) => mainTail(s, c));
  app.get("/tail.events", (c) => {
    const processname = c.req.query("processname") ?? "";
    if (processname === "") return c.body("No process name found", 400);
    const cursor: TailCursor = new ProcessTailCursor(rpc, processname, offsetParam(c), tailfLimit);
    return new Response(followStream(cursor, { pollMs: options.pollMs }), { headers: SSE_HEADERS });
  });
  app.get("/maintail.events", (c) => {
    const cursor: TailCursor = new MainTailCursor(rpc, offsetParam(c), tailfLimit);
    return new Response(followStream(cursor, { pollMs: options.pollMs }), { headers: SSE_HEADERS });
  });
}
