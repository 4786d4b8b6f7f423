// The contract every EventPublisher keeps, as one suite run against each transport with each real
// client library (publisher-conformance.test.ts):
//
// - an event reaches exactly the subscribers that asked for its header ("all" gets every one), as
//   [header, body] with the body as JSON; subscriberCount counts the connected subscribers;
// - events arrive in publish order and none is lost (thousands in a burst);
// - 100 KB bodies and non-ASCII text arrive intact; `undefined` arrives as null;
// - a body that cannot be serialised is logged and skipped, and publishing goes on;
// - a subscriber that stops reading is disconnected with a warning once its queue passes
//   maxQueuedBytes, while one that reads keeps receiving every event;
// - a subscriber that leaves is forgotten; close() ends every connection and frees the port, and a
//   closed publisher ignores publish().

import { afterEach, describe, expect, test } from "bun:test";
import { createServer } from "node:net";
import type { BoundEventPublisher, PublisherOptions } from "../../../../src/events/transport/publisher.ts";
import { waitFor } from "../../../support/wait-for.ts";
import type { ClientKind, TestSubscriber } from "./clients.ts";
import { LogRecorder } from "./log-recorder.ts";

export type StartPublisher = (o: PublisherOptions) => Promise<BoundEventPublisher>;

const HEADERS = ["supvisors", "instance", "application", "event", "process", "hstats", "pstats"];

/** Whether a port on 127.0.0.1 can be bound now. */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

export function runPublisherConformance(transport: string, start: StartPublisher, clients: ClientKind): void {
  const skipped = clients.missing ? ` — SKIPPED: ${clients.missing}` : "";
  if (clients.missing) console.warn(`${transport} publisher with ${clients.name}: skipped — ${clients.missing}`);

  describe.skipIf(clients.missing !== null)(`EventPublisher conformance: ${transport} with ${clients.name}${skipped}`, () => {
    let publisher: BoundEventPublisher | undefined;
    let subscribers: TestSubscriber[] = [];
    let logs: LogRecorder;

    afterEach(async () => {
      await Promise.all(subscribers.map((s) => s.close()));
      subscribers = [];
      await publisher?.close();
      publisher = undefined;
    });

    async function setUp(maxQueuedBytes?: number): Promise<BoundEventPublisher> {
      logs = new LogRecorder();
      publisher = await start({ host: "127.0.0.1", port: 0, log: logs.log, maxQueuedBytes });
      return publisher;
    }

    async function subscriber(p: BoundEventPublisher, wanted: string[] | "all"): Promise<TestSubscriber> {
      const s = await clients.connect(p, wanted, logs);
      subscribers.push(s);
      return s;
    }

    test("each event reaches exactly the subscribers of its header, and `all` gets every one", async () => {
      const p = await setUp();
      const some = await subscriber(p, ["process", "event"]);
      const everything = await subscriber(p, "all");
      const stats = await subscriber(p, ["hstats"]);
      expect(p.subscriberCount).toBe(3);
      HEADERS.forEach((header, n) => p.publish(header, { n, header }));
      await waitFor("every event at the `all` subscriber", () => everything.events().length === HEADERS.length);
      await waitFor("the header subscribers' events", () => some.events().length === 2 && stats.events().length === 1);
      expect(everything.events()).toEqual(HEADERS.map((header, n) => [header, { n, header }]));
      expect(some.events()).toEqual([
        ["event", { n: 3, header: "event" }],
        ["process", { n: 4, header: "process" }],
      ]);
      expect(stats.events()).toEqual([["hstats", { n: 5, header: "hstats" }]]);
    });

    test("5 000 events in one burst arrive in publish order, none lost", async () => {
      const p = await setUp();
      const a = await subscriber(p, ["event"]);
      const b = await subscriber(p, "all");
      for (let seq = 0; seq < 5000; seq += 1) p.publish("event", { seq, name: `p${seq % 50}`, state: 20 });
      await waitFor("5000 events at both", () => a.events().length === 5000 && b.events().length === 5000, 20_000);
      for (const s of [a, b]) expect(s.events().map(([, body]) => (body as { seq: number }).seq)).toEqual([...Array(5000).keys()]);
    });

    test("a 100 KB body, non-ASCII text and an undefined body arrive intact", async () => {
      const p = await setUp();
      const s = await subscriber(p, "all");
      const big = { namespec: "web:api", text: "x".repeat(100_000), nested: { list: [1, 2.5, null, true, "é€😀"] } };
      p.publish("pstats", big);
      p.publish("event", { name: "café ☕", group: "日本" });
      p.publish("process", undefined);
      await waitFor("three events", () => s.events().length === 3);
      expect(s.events()).toEqual([
        ["pstats", big],
        ["event", { name: "café ☕", group: "日本" }],
        ["process", null],
      ]);
    });

    test("a body that cannot be serialised is logged and skipped, and publishing goes on", async () => {
      const p = await setUp();
      const s = await subscriber(p, "all");
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      expect(() => p.publish("event", cyclic)).not.toThrow();
      expect(() => p.publish("event", { big: 10n })).not.toThrow();
      p.publish("event", { after: true });
      await waitFor("the next event", () => s.events().length === 1);
      expect(s.events()).toEqual([["event", { after: true }]]);
      expect(logs.count(/event "event" not published: its body cannot be serialised/, "error")).toBe(2);
    });

    test("a subscriber that stops reading is dropped once past maxQueuedBytes; a reading one gets every event", async () => {
      const limit = 512 * 1024;
      const p = await setUp(limit);
      const fast = await subscriber(p, ["pstats"]);
      const slow = await clients.connectStalled(p, ["pstats"], logs);
      subscribers.push(slow);
      expect(p.subscriberCount).toBe(2);
      const filler = "y".repeat(100_000);
      let sent = 0;
      // Batches of 5 events (~500 KB), each sent once the reading subscriber has caught up, so only
      // the stalled one can fall behind; the kernel's socket buffers absorb several MB first.
      await waitFor(
        "the stalled subscriber to be dropped",
        () => {
          if (logs.count(/too slow: \d+ bytes waiting to be sent \(limit 524288\), disconnected/, "warn") === 1) return true;
          if (fast.events().length === sent) {
            for (let i = 0; i < 5; i += 1) p.publish("pstats", { seq: sent++, filler });
          }
          return false;
        },
        30_000,
      );
      expect(p.subscriberCount).toBe(1);
      for (let i = 0; i < 5; i += 1) p.publish("pstats", { seq: sent++, filler });
      await waitFor("every event at the reading subscriber", () => fast.events().length === sent, 20_000);
      expect(fast.events().map(([, body]) => (body as { seq: number }).seq)).toEqual([...Array(sent).keys()]);
      expect(sent).toBeGreaterThan(5);
    });

    test("a subscriber that leaves is forgotten", async () => {
      const p = await setUp();
      const staying = await subscriber(p, "all");
      const leaving = await subscriber(p, "all");
      expect(p.subscriberCount).toBe(2);
      await leaving.close();
      subscribers = [staying];
      await waitFor("subscriberCount back to 1", () => p.subscriberCount === 1);
      p.publish("event", { still: "here" });
      await waitFor("the event at the remaining subscriber", () => staying.events().length === 1);
    });

    test("close() ends every connection and frees the port; publish() afterwards does nothing", async () => {
      const p = await setUp();
      await subscriber(p, "all");
      await subscriber(p, ["event"]);
      const port = p.port;
      expect(await portFree(port)).toBe(false);
      await p.close();
      expect(p.subscriberCount).toBe(0);
      expect(() => p.publish("event", { late: true })).not.toThrow();
      expect(await portFree(port)).toBe(true);
      await p.close();
      publisher = undefined;
    });

    test("publishing with no subscriber, or none for that header, costs nothing and fails nothing", async () => {
      const p = await setUp();
      expect(p.subscriberCount).toBe(0);
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      // Not even serialised: nobody wants it, so no error is logged.
      p.publish("event", cyclic);
      const s = await subscriber(p, ["process"]);
      p.publish("event", cyclic);
      p.publish("process", { ok: 1 });
      await waitFor("the process event", () => s.events().length === 1);
      expect(logs.count(/not published/)).toBe(0);
    });
  });
}
