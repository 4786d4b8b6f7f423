// The tail pages (UI-70, UI-71) with Supervisor's texts, over a fake daemon whose log methods read
// a real temporary file with the daemon's own readers, and the live follow streams: appended
// bytes arrive as `append` events, a truncated log as `reset`.

import { afterEach, beforeEach, expect, test } from "bun:test";
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readLogRange, tailLogFile } from "../../../src/process/logs/index.ts";
import { keepBytes, mainLogSize, MainTailCursor, ProcessTailCursor } from "../../../src/web/instance/index.ts";
import type { XmlRpcValue } from "../../../src/api/xmlrpc/value.ts";
import { closeAll, dashboard, fault, get, getText, instanceDeps, readStream, waitFor } from "./instance-helpers.ts";

let dir = "";
let log = "";
let mainLog = "";
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "flotilla-tail-"));
  log = join(dir, "front.log");
  mainLog = join(dir, "supervisord.log");
});
afterEach(() => {
  closeAll();
  rmSync(dir, { recursive: true, force: true });
});

function deps() {
  const d = instanceDeps([]);
  d.rpcAnswers["supervisor.readProcessStdoutLog"] = ([name, offset, length]) => {
    if (name !== "web:front") return fault("BAD_NAME", String(name))();
    return readLogRange(log, offset as number, length as number);
  };
  d.rpcAnswers["supervisor.tailProcessStdoutLog"] = ([, offset, length]) => tailLogFile(log, offset as number, length as number) as XmlRpcValue;
  d.rpcAnswers["supervisor.readLog"] = ([offset, length]) => readLogRange(mainLog, offset as number, length as number);
  return d;
}

const line = (i: number) => `line ${String(i).padStart(4, "0")}\n`;
const lines = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => line(from + i)).join("");

test("tail.html without a process name", async () => {
  const page = await getText(dashboard(deps()), "/tail.html");
  expect(page).toContain("<title>Supervisor tail of process None</title>");
  expect(page).toContain(`<pre id="tailbody">No process name found</pre>`);
  expect(page).not.toContain("Refresh");
});

test("tail.html shows the last max(limit, 1024) bytes with a refresh link and a follow stream", async () => {
  writeFileSync(log, lines(0, 400)); // 4 000 bytes
  const d = dashboard(deps());
  const page = await getText(d, "/tail.html?processname=web%3Afront&limit=100");
  expect(page).toContain("<title>Supervisor tail of process web:front</title>");
  const body = /<pre id="tailbody"[^>]*>([^<]*)<\/pre>/.exec(page)![1]!;
  expect(body).toBe(lines(0, 400).slice(-1024));
  expect(page).toContain(`href="tail.html?processname=web%3Afront&amp;limit=1024"`);
  expect(page).toContain(`data-follow="tail.events?processname=web%3Afront&amp;offset=4000"`);
  expect(page).toContain(`data-keep="${keepBytes(1024)}"`);
  const big = await getText(d, "/tail.html?processname=web%3Afront&limit=2000");
  expect(/<pre id="tailbody"[^>]*>([^<]*)<\/pre>/.exec(big)![1]!).toBe(lines(0, 400).slice(-2000));
});

test("tail.html faults: No file, unexpected rpc fault", async () => {
  const d = dashboard(deps());
  expect(await getText(d, "/tail.html?processname=web%3Afront")).toContain(`<pre id="tailbody">No file for web:front</pre>`);
  expect(await getText(d, "/tail.html?processname=nope")).toContain("ERROR: unexpected rpc fault [10] BAD_NAME: nope");
});

test("maintail.html shows the supervisord log or `No file for Supervisor`", async () => {
  const d = dashboard(deps());
  expect(await getText(d, "/maintail.html?processname=supervisord&limit=1024")).toContain(`<pre id="tailbody">No file for Supervisor</pre>`);
  writeFileSync(mainLog, lines(0, 200));
  const page = await getText(d, "/maintail.html?processname=supervisord&limit=1024");
  expect(/<pre id="tailbody"[^>]*>([^<]*)<\/pre>/.exec(page)![1]!).toBe(lines(0, 200).slice(-1024));
  expect(page).toContain(`data-follow="maintail.events?offset=2000"`);
  expect(page).toContain(`href="maintail.html?processname=supervisord&amp;limit=1024"`);
});

test("mainLogSize finds the size of the log for any length", async () => {
  const fake = deps();
  const rpc = (m: string, p: XmlRpcValue[]) => fake.rpc(m, p);
  for (const size of [0, 1, 2, 3, 1023, 1024, 1025, 77777]) {
    writeFileSync(mainLog, "x".repeat(size));
    expect(await mainLogSize(rpc)).toBe(size);
  }
});

test("process cursor: tailf_limit bytes back, then appended bytes, then a reset on truncation", async () => {
  writeFileSync(log, lines(0, 300));
  const fake = deps();
  const cursor = new ProcessTailCursor((m, p) => fake.rpc(m, p), "web:front", null, 1024);
  expect(await cursor.step()).toEqual({ text: lines(0, 300).slice(-1024), reset: false });
  expect(await cursor.step()).toEqual({ text: "", reset: false });
  appendFileSync(log, lines(300, 302));
  expect(await cursor.step()).toEqual({ text: lines(300, 302), reset: false });
  writeFileSync(log, "fresh\n");
  expect(await cursor.step()).toEqual({ text: "fresh\n", reset: true });
  expect(cursor.offset).toBe(6);
});

test("main cursor: follows appended bytes, multi-byte text included, and truncation", async () => {
  writeFileSync(mainLog, lines(0, 10));
  const fake = deps();
  const cursor = new MainTailCursor((m, p) => fake.rpc(m, p), null, 30);
  expect(await cursor.step()).toEqual({ text: lines(0, 10).slice(-30), reset: false });
  appendFileSync(mainLog, "é ✪\n");
  expect(await cursor.step()).toEqual({ text: "é ✪\n", reset: false });
  appendFileSync(mainLog, "next\n");
  expect(await cursor.step()).toEqual({ text: "next\n", reset: false });
  writeFileSync(mainLog, "new\n");
  expect(await cursor.step()).toEqual({ text: "new\n", reset: true });
});

test("tail.events streams appended bytes as they are written", async () => {
  writeFileSync(log, lines(0, 5));
  const fake = deps();
  fake.supvisors = { ...fake.supvisors, tailfLimit: 20 };
  const d = dashboard(fake);
  const res = await get(d, "/tail.events?processname=web%3Afront");
  expect(res.headers.get("content-type")).toContain("text/event-stream");
  const stream = readStream(res);
  await waitFor(() => stream.text().includes("event: append"), 3000, "initial bytes");
  expect(stream.text()).toContain(`event: append\ndata: ${lines(3, 5).slice(-20).split("\n")[0]}`);
  appendFileSync(log, "appended one\nappended two\n");
  await waitFor(() => stream.text().includes("data: appended two"), 3000, "appended bytes");
  expect(stream.text()).toContain("event: append\ndata: appended one\ndata: appended two\n");
  writeFileSync(log, "restart\n");
  await waitFor(() => stream.text().includes("event: reset"), 3000, "reset");
  expect(stream.text()).toContain("event: reset\ndata: restart\n");
  await stream.cancel();
});

test("maintail.events follows from the offset the page gave", async () => {
  writeFileSync(mainLog, lines(0, 3));
  const d = dashboard(deps());
  const stream = readStream(await get(d, `/maintail.events?offset=${lines(0, 3).length}`));
  appendFileSync(mainLog, "main appended\n");
  await waitFor(() => stream.text().includes("data: main appended"), 3000, "appended main log");
  expect(stream.text()).not.toContain("line 0000");
  await stream.cancel();
});

test("tail.events without a process name is refused", async () => {
  const res = await get(dashboard(deps()), "/tail.events");
  expect(res.status).toBe(400);
});
