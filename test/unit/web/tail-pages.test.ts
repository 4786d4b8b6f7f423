// The tail pages (UI-70, UI-71) with Supervisor's texts, over a fake daemon whose log methods read
// a real temporary file with the daemon's own readers, and the live follow streams, which read the
// files deps.logs names: appended bytes arrive as `append` events, a truncated or rotated log as a
// `reset` followed by the new file's text.

import { afterEach, beforeEach, expect, test } from "bun:test";
import { appendFileSync, mkdtempSync, renameSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readLogRange } from "../../../src/process/logs/index.ts";
import { keepBytes } from "../../../src/web/instance/index.ts";
import type { FakeDeps } from "./fake-deps.ts";
import { closeAll, dashboard, fault, get, getText, instanceDeps, readStream, waitFor } from "./instance-helpers.ts";

let dir = "";
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "flotilla-tail-"));
});
afterEach(() => {
  closeAll();
  rmSync(dir, { recursive: true, force: true });
});

/** The fake daemon, its stdout log of web:front and its own log (both in the temp folder). */
function deps(): { fake: FakeDeps; log: string; mainLog: string } {
  const fake = instanceDeps([]);
  fake.logDir = dir;
  const log = fake.logs.processLog("web:front", "stdout")!;
  const mainLog = fake.logs.mainLog()!;
  fake.rpcAnswers["supervisor.readProcessStdoutLog"] = ([name, offset, length]) => {
    if (name !== "web:front") return fault("BAD_NAME", String(name))();
    return readLogRange(log, offset as number, length as number);
  };
  fake.rpcAnswers["supervisor.readLog"] = ([offset, length]) => readLogRange(mainLog, offset as number, length as number);
  return { fake, log, mainLog };
}

const line = (i: number) => `line ${String(i).padStart(4, "0")}\n`;
const lines = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => line(from + i)).join("");

/** The events of an SSE text, in order (comments and retry lines left out). */
function events(text: string): { event: string; data: string }[] {
  const out: { event: string; data: string }[] = [];
  for (const block of text.split("\n\n")) {
    const fields = block.split("\n");
    const event = fields.find((f) => f.startsWith("event: "));
    if (event === undefined) continue;
    const data = fields.filter((f) => f.startsWith("data: ")).map((f) => f.slice("data: ".length));
    out.push({ event: event.slice("event: ".length), data: data.join("\n") });
  }
  return out;
}

/** What a browser's <pre> holds after the events: appends added, a reset starting over. */
function shown(text: string): string {
  let pre = "";
  for (const e of events(text)) pre = e.event === "reset" ? e.data : pre + e.data;
  return pre;
}

test("tail.html without a process name", async () => {
  const page = await getText(dashboard(deps().fake), "/tail.html");
  expect(page).toContain("<title>Supervisor tail of process None</title>");
  expect(page).toContain(`<pre id="tailbody">No process name found</pre>`);
  expect(page).not.toContain("Refresh");
});

test("tail.html shows the last max(limit, 1024) bytes with a refresh link and a follow stream", async () => {
  const { fake, log } = deps();
  writeFileSync(log, lines(0, 400)); // 4 000 bytes
  const d = dashboard(fake);
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
  const d = dashboard(deps().fake);
  expect(await getText(d, "/tail.html?processname=web%3Afront")).toContain(`<pre id="tailbody">No file for web:front</pre>`);
  expect(await getText(d, "/tail.html?processname=nope")).toContain("ERROR: unexpected rpc fault [10] BAD_NAME: nope");
});

test("maintail.html shows the supervisord log or `No file for Supervisor`, with one read", async () => {
  const { fake, mainLog } = deps();
  const d = dashboard(fake);
  expect(await getText(d, "/maintail.html?processname=supervisord&limit=1024")).toContain(`<pre id="tailbody">No file for Supervisor</pre>`);
  writeFileSync(mainLog, lines(0, 200));
  fake.rpcCalls.length = 0;
  const page = await getText(d, "/maintail.html?processname=supervisord&limit=1024");
  expect(/<pre id="tailbody"[^>]*>([^<]*)<\/pre>/.exec(page)![1]!).toBe(lines(0, 200).slice(-1024));
  expect(page).toContain(`data-follow="maintail.events?offset=2000"`);
  // Supvisors' main tail page: its own title, a Refresh link keeping the limit only.
  expect(page).toContain("<title>Supervisor tail</title>");
  expect(page).toContain(`href="maintail.html?limit=1024"`);
  // The size comes from the file, not from probing readLog.
  expect(fake.rpcCalls).toEqual([{ method: "supervisor.readLog", params: [-1024, 0] }]);
});

test("tail.events: tailf_limit bytes back, appended bytes, a reset on truncation", async () => {
  const { fake, log } = deps();
  writeFileSync(log, lines(0, 5));
  fake.supvisors = { ...fake.supvisors, tailfLimit: 20 };
  const d = dashboard(fake);
  const res = await get(d, "/tail.events?processname=web%3Afront");
  expect(res.headers.get("content-type")).toContain("text/event-stream");
  const stream = readStream(res);
  await waitFor(() => shown(stream.text()) === lines(0, 5).slice(-20), 3000, "initial bytes");
  appendFileSync(log, "appended one\nappended two\n");
  await waitFor(() => shown(stream.text()).endsWith("appended two\n"), 3000, "appended bytes");
  expect(stream.text()).toContain("event: append\ndata: appended one\ndata: appended two\n");
  expect(events(stream.text()).some((e) => e.event === "reset")).toBe(false);
  writeFileSync(log, "restart\n");
  await waitFor(() => shown(stream.text()) === "restart\n", 3000, "reset");
  expect(stream.text()).toContain("event: reset\ndata: \n\nevent: append\ndata: restart\n");
  // A cleared log (supervisorctl clear) empties the page.
  truncateSync(log, 0);
  await waitFor(() => events(stream.text()).filter((e) => e.event === "reset").length === 2, 3000, "second reset");
  expect(shown(stream.text())).toBe("");
  await stream.cancel();
});

test("tail.events: a rotated log is followed from the new file's start", async () => {
  const { fake, log } = deps();
  writeFileSync(log, "old\n");
  const d = dashboard(fake);
  const stream = readStream(await get(d, "/tail.events?processname=web%3Afront"));
  await waitFor(() => shown(stream.text()) === "old\n", 3000, "old content");
  renameSync(log, `${log}.1`);
  writeFileSync(log, "new\n");
  await waitFor(() => shown(stream.text()) === "new\n", 3000, "new file");
  appendFileSync(log, "more\n");
  await waitFor(() => shown(stream.text()) === "new\nmore\n", 3000, "appended to the new file");
  await stream.cancel();
});

test("tail.events: a multi-byte character cut by a read arrives whole", async () => {
  const { fake, log } = deps();
  // 64 KiB reads: the first one ends inside "é".
  const text = `${"a".repeat(64 * 1024 - 1)}é ✪\n`;
  writeFileSync(log, text);
  fake.supvisors = { ...fake.supvisors, tailfLimit: 128 * 1024 };
  const d = dashboard(fake);
  const stream = readStream(await get(d, "/tail.events?processname=web%3Afront"));
  await waitFor(() => shown(stream.text()).endsWith("\n"), 3000, "whole file");
  expect(shown(stream.text())).toBe(text);
  await stream.cancel();
});

test("maintail.events follows from the offset the page gave; an offset past the end resets", async () => {
  const { fake, mainLog } = deps();
  writeFileSync(mainLog, lines(0, 3));
  const d = dashboard(fake);
  const stream = readStream(await get(d, `/maintail.events?offset=${lines(0, 3).length}`));
  appendFileSync(mainLog, "main appended\n");
  await waitFor(() => stream.text().includes("data: main appended"), 3000, "appended main log");
  expect(stream.text()).not.toContain("line 0000");
  await stream.cancel();
  // The log got shorter between the page and its stream: start over.
  const again = readStream(await get(d, "/maintail.events?offset=99999"));
  await waitFor(() => shown(again.text()) === `${lines(0, 3)}main appended\n`, 3000, "log from its start");
  expect(events(again.text())[0]!.event).toBe("reset");
  await again.cancel();
});

test("follow streams of a missing log: No file for <ns> / Supervisor", async () => {
  const d = dashboard(deps().fake);
  const res = await get(d, "/tail.events?processname=web%3Afront");
  expect(res.status).toBe(404);
  expect(await res.text()).toBe("No file for web:front");
  const main = await get(d, "/maintail.events");
  expect(main.status).toBe(404);
  expect(await main.text()).toBe("No file for Supervisor");
});

test("tail.events without a process name is refused", async () => {
  const res = await get(dashboard(deps().fake), "/tail.events");
  expect(res.status).toBe(400);
});
