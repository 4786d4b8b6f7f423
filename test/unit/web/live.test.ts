// The event stream: a new client gets every region once, then only the regions a change altered
// (one card, the menu, the state), throttled; the instance list changing pushes the whole cards
// region; close() ends the streams.

import { afterEach, expect, test } from "bun:test";
import { createDashboard, type Dashboard } from "../../../src/web/index.ts";
import { sseMessage } from "../../../src/web/live.ts";
import { FakeDeps, proc } from "./fake-deps.ts";
import { readSse, type SseStream } from "./sse-reader.ts";

const open: Dashboard[] = [];
afterEach(() => {
  for (const d of open.splice(0)) d.close();
});

async function connect(d: Dashboard, page = "index"): Promise<SseStream> {
  return readSse((await d.handle(new Request(`http://10.0.0.1:60000/events?page=${page}`)))!);
}

const deps3 = () =>
  new FakeDeps({
    nicks: ["alpha", "beta", "gamma"],
    rules: `<application name="web"/>`,
    processes: { alpha: [proc("web", "front")], beta: [], gamma: [] },
  });

test("sseMessage writes one data line per line of HTML", () => {
  expect(sseMessage("state", "<b>a</b>\n<i>b</i>")).toBe("event: state\ndata: <b>a</b>\ndata: <i>b</i>\n\n");
});

test("a new stream gets every region of its page once", async () => {
  const d = createDashboard(deps3(), { liveIntervalMs: 5 });
  open.push(d);
  const s = await connect(d);
  await s.waitFor("initial regions", (t) => t.includes("event: card-2"));
  expect(s.events().sort()).toEqual(["applications", "card-0", "card-1", "card-2", "instances", "logo", "state"]);
  const c = await connect(d, "conciliation");
  await c.waitFor("conflicts region", (t) => t.includes("event: conflicts"));
  expect(c.text()).toContain("No conflict");
  expect(c.events()).not.toContain("card-0");
});

test("a process change on one instance pushes that card only (and nothing when nothing changed)", async () => {
  const deps = deps3();
  const d = createDashboard(deps, { liveIntervalMs: 5 });
  open.push(d);
  const s = await connect(d);
  await s.waitFor("initial regions", (t) => t.includes("event: card-2"));
  s.reset();
  deps.setProcess(1, proc("web", "back"));
  await s.waitFor("card-1", (t) => t.includes("event: card-1"));
  expect(s.events()).toEqual(["card-1"]);
  expect(s.text()).toContain(">back</a>");
  s.reset();
  deps.emit();
  // A second change that alters a region proves the first emit pushed nothing.
  deps.state.master = "";
  deps.emit();
  await s.waitFor("state", (t) => t.includes("event: state"));
  expect(s.events()).toEqual(["instances", "state", "card-0"]);
  expect(s.text()).toContain('<span id="master-name">none</span>');
});

test("bursts are throttled: many changes within the interval give one push", async () => {
  const deps = deps3();
  const d = createDashboard(deps, { liveIntervalMs: 100 });
  open.push(d);
  const s = await connect(d);
  await s.waitFor("initial regions", (t) => t.includes("event: card-2"));
  s.reset();
  for (let i = 0; i < 20; i++) deps.setProcess(2, proc("web", `w${i}`));
  await s.waitFor("card-2", (t) => t.includes("event: card-2"));
  expect(s.events()).toEqual(["card-2"]);
  expect(s.text()).toContain(">w19</a>");
});

test("a new instance pushes the whole cards region", async () => {
  const deps = deps3();
  const d = createDashboard(deps, { liveIntervalMs: 5 });
  open.push(d);
  const s = await connect(d);
  await s.waitFor("initial regions", (t) => t.includes("event: card-2"));
  s.reset();
  const instances = deps.state.instances as Map<string, typeof first>;
  const first = [...deps.state.instances.values()][0]!;
  instances.set("10.0.0.9:60009", { ...first, identity: { ...first.identity, identifier: "10.0.0.9:60009", nick: "delta" }, processes: new Map() });
  deps.emit();
  await s.waitFor("cards", (t) => t.includes("event: cards"));
  expect(s.events()).toContain("cards");
  expect(s.text()).toContain('sse-swap="card-3"');
  expect(s.events()).not.toContain("card-0");
});

test("close() ends the streams and stops listening", async () => {
  const deps = deps3();
  const d = createDashboard(deps, { liveIntervalMs: 5 });
  const s = await connect(d);
  await s.waitFor("initial regions", (t) => t.includes("event: card-2"));
  expect(deps.listeners.size).toBe(1);
  d.close();
  await s.waitFor("end of stream", () => s.ended());
  expect(deps.listeners.size).toBe(0);
});
