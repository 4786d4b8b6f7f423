// The event stream: a new client gets every region once, then only the regions a change altered
// (one card, the menu, the state), throttled; the instance list changing pushes the whole cards
// region; close() ends the streams; a rendering that throws costs one push, never the stream or
// the hub.

import { afterEach, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDashboard, type Dashboard } from "../../../src/web/index.ts";
import { LiveHub, sseMessage, type LiveRender } from "../../../src/web/live.ts";
import { waitFor } from "../../support/wait-for.ts";
import { FakeDeps, proc } from "./fake-deps.ts";
import { answerProcesses } from "./instance-helpers.ts";
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

/** A dashboard over deps3 with one main-page stream past its initial regions, ready for changes. */
async function mainStream(liveIntervalMs: number): Promise<{ deps: FakeDeps; s: SseStream }> {
  const deps = deps3();
  const d = createDashboard(deps, { liveIntervalMs });
  open.push(d);
  const s = await connect(d);
  await s.waitFor("initial regions", (t) => t.includes("event: card-2"));
  s.reset();
  return { deps, s };
}

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
  const { deps, s } = await mainStream(5);
  deps.setProcess(1, proc("web", "back"));
  await s.waitFor("card-1", (t) => t.includes("event: card-1"));
  expect(s.events()).toEqual(["card-1"]);
  expect(s.text()).toContain(">back</a>");
  s.reset();
  // A notification that changes nothing, then one that changes the Master (one push for both):
  // only the regions the Master shows are sent.
  deps.emit();
  deps.state.master = "";
  deps.emit();
  await s.waitFor("state", (t) => t.includes("event: state"));
  expect(s.events()).toEqual(["instances", "state", "card-0"]);
  expect(s.text()).toContain('<span id="master-name">none</span>');
});

test("bursts are throttled: many changes within the interval give one push", async () => {
  const { deps, s } = await mainStream(100);
  for (let i = 0; i < 20; i++) deps.setProcess(2, proc("web", `w${i}`));
  await s.waitFor("card-2", (t) => t.includes("event: card-2"));
  expect(s.events()).toEqual(["card-2"]);
  expect(s.text()).toContain(">w19</a>");
});

test("the throttle holds: a change right after a push waits out the interval", async () => {
  const { deps, s } = await mainStream(100);
  // The first push comes no earlier than this change, and the second one an interval after the
  // first: so at least an interval after this. Measured from when the first push was seen
  // instead, a loaded machine that showed it late made the gap look shorter than it was.
  const firstChange = Date.now();
  deps.setProcess(2, proc("web", "w1"));
  await s.waitFor("first push", (t) => t.includes(">w1</a>"));
  s.reset();
  deps.setProcess(2, proc("web", "w2"));
  await s.waitFor("second push", (t) => t.includes(">w2</a>"));
  // Without the throttle the second push follows the first one at once (a few ms when quiet).
  // 1 ms less than the interval: a timer may fire within the millisecond before its due time.
  expect(Date.now() - firstChange).toBeGreaterThanOrEqual(99);
});

test("a new instance pushes the whole cards region", async () => {
  const { deps, s } = await mainStream(5);
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

test("close() ends the streams of every page, the tail pages' included, and stops listening", async () => {
  const dir = mkdtempSync(join(tmpdir(), "flotilla-live-close-"));
  try {
    const deps = deps3();
    answerProcesses(deps, [{ group: "web", name: "front" }]);
    deps.logDir = dir;
    writeFileSync(deps.logs.processLog("web:front", "stdout")!, "hello\n");
    writeFileSync(deps.logs.mainLog()!, "main\n");
    const d = createDashboard(deps, { liveIntervalMs: 5, tailPollMs: 5 });
    const paths = [
      "/events?page=index",
      "/proc_instance.events",
      "/events/application?appname=web",
      "/host_instance.events",
      "/tail.events?processname=web%3Afront",
      "/maintail.events",
    ];
    const streams = await Promise.all(paths.map(async (path) => readSse((await d.handle(new Request(`http://10.0.0.1:60000${path}`)))!)));
    await Promise.all(streams.map((s, i) => s.waitFor(`first event of ${paths[i]}`, (t) => t.includes("event: "))));
    expect(deps.listeners.size).toBeGreaterThan(0);
    d.close();
    await Promise.all(streams.map((s, i) => s.waitFor(`end of ${paths[i]}`, () => s.ended())));
    expect(deps.listeners.size).toBe(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a rendering that throws skips that push only: the stream stays open, the hub pushes the next change", async () => {
  let calls = 0;
  let failing = true;
  let version = 0;
  const hub = new LiveHub({
    intervalMs: 0,
    render: (): LiveRender => {
      calls += 1;
      if (failing) throw new Error("region failed");
      return { regions: new Map([["state", `v${version}`]]), cardsSignature: "one", cards: () => "" };
    },
  });
  try {
    // The first rendering (at connection) throws: the stream still opens.
    const s = readSse(new Response(hub.connect("conciliation", "h"), { headers: { "content-type": "text/event-stream" } }));
    await s.waitFor("retry line", (t) => t.includes("retry: 1000"));
    // A change whose rendering throws in the hub's timer: nothing sent, nothing ended.
    hub.notify();
    await waitFor("the failed push", () => calls >= 2);
    failing = false;
    version = 1;
    hub.notify();
    await s.waitFor("the next change", (t) => t.includes("event: state\ndata: v1\n"));
    expect(s.ended()).toBe(false);
    expect(hub.clientCount).toBe(1);
    await s.cancel();
  } finally {
    hub.close();
  }
});

test("main page: the whole cards region failing to render skips that client until the next change", async () => {
  let cardsFail = true;
  let cardsCalls = 0;
  let signature = "a";
  const hub = new LiveHub({
    intervalMs: 0,
    render: (): LiveRender => ({
      regions: new Map([["card-0", signature]]),
      cardsSignature: signature,
      cards: () => {
        cardsCalls += 1;
        if (cardsFail) throw new Error("cards failed");
        return `cards ${signature}`;
      },
    }),
  });
  try {
    const s = readSse(new Response(hub.connect("index", "h"), { headers: { "content-type": "text/event-stream" } }));
    await s.waitFor("first card", (t) => t.includes("event: card-0\ndata: a\n"));
    signature = "b";
    hub.notify();
    // The failed push must not count as sent: once the cards render again, they are pushed.
    await waitFor("the failed push", () => cardsCalls === 1);
    expect(s.ended()).toBe(false);
    cardsFail = false;
    hub.notify();
    await s.waitFor("the cards region", (t) => t.includes("event: cards\ndata: cards b\n"));
    await s.cancel();
  } finally {
    hub.close();
  }
});
