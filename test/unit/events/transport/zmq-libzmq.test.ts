// The ZeroMQ publisher against the real libzmq (python3-zmq SUB sockets, zmq-sub.py): prefix
// filtering as libzmq subscribers expect it, the exact frames they receive, subscriptions changed
// while connected, thousands of messages, bad peers next to a libzmq subscriber, libzmq's own
// reconnection after a publisher restart, and the bytes libzmq sends for SUBSCRIBE/CANCEL.
// Skipped, with the reason, when python3-zmq is not installed.

import { afterEach, describe, expect, test } from "bun:test";
import { connect, createServer, type Server, type Socket } from "node:net";
import { startZmqPublisher, type ZmqEventPublisher } from "../../../../src/events/transport/zmq-publisher.ts";
import { waitFor } from "../../../support/wait-for.ts";
import { LogRecorder } from "./log-recorder.ts";
import { greeting, RawZmtpClient } from "./raw-zmtp-client.ts";
import { PyZmqSubscriber, zmqMissing } from "./zmq-client.ts";

if (zmqMissing) console.warn(`ZeroMQ publisher with libzmq: skipped — ${zmqMissing}`);

let publisher: ZmqEventPublisher | undefined;
let subscribers: PyZmqSubscriber[] = [];
let logs: LogRecorder;
const cleanups: Array<() => void> = [];

afterEach(async () => {
  await Promise.all(subscribers.map((s) => s.stop()));
  subscribers = [];
  for (const cleanup of cleanups.splice(0)) cleanup();
  await publisher?.close();
  publisher = undefined;
});

async function start(port = 0): Promise<ZmqEventPublisher> {
  logs ??= new LogRecorder();
  publisher = await startZmqPublisher({ host: "127.0.0.1", port, log: logs.log });
  return publisher;
}

/** A libzmq SUB with `topics`, once the publisher has applied every one of them. */
async function subscriber(p: ZmqEventPublisher, ...topics: string[]): Promise<PyZmqSubscriber> {
  const before = logs.count(/ subscribed to /);
  const s = new PyZmqSubscriber(p.port, topics);
  subscribers.push(s);
  await waitFor(`subscriptions ${JSON.stringify(topics)} applied`, () => logs.count(/ subscribed to /) === before + topics.length, 10_000).catch(
    (error) => {
      throw new Error(`${(error as Error).message}; ${s.diagnostics}`);
    },
  );
  return s;
}

const headersOf = (s: PyZmqSubscriber) => s.events().map(([header]) => header);

describe.skipIf(zmqMissing !== null)(`ZeroMQ publisher with libzmq (python3-zmq)${zmqMissing ? ` — SKIPPED: ${zmqMissing}` : ""}`, () => {
  test("libzmq subscribers get what their prefixes match: '' all, 'p' and 'pro' by prefix, bytes not words", async () => {
    logs = new LogRecorder();
    const p = await start();
    const all = await subscriber(p, "");
    const pro = await subscriber(p, "pro");
    const mixed = await subscriber(p, "supvisors", "p", "marker");
    const published = ["process", "pstats", "proc", "supvisors", "hstats", "event", "pr", "", "marker"];
    for (const header of published) p.publish(header, { header });
    await waitFor("all nine at the '' subscriber", () => all.events().length === published.length);
    await waitFor("the others", () => pro.events().length === 2 && mixed.events().length === 6);
    expect(headersOf(all)).toEqual(published);
    expect(headersOf(pro)).toEqual(["process", "proc"]);
    expect(headersOf(mixed)).toEqual(["process", "pstats", "proc", "supvisors", "pr", "marker"]);
    expect(logs.count(/connected \(ZMTP 3\.1, SUB\)/)).toBe(3);
  });

  test("each message is exactly two frames: the header's UTF-8 and the body's JSON text", async () => {
    logs = new LogRecorder();
    const p = await start();
    const s = await subscriber(p, "");
    const bodies: unknown[] = ["a".repeat(253), "b".repeat(254), { text: "é€😀", list: [1, 2.5, true, null] }, "c".repeat(100_000), [], 0];
    for (const body of bodies) p.publish("événement", body);
    await waitFor("every message", () => s.frames().length === bodies.length);
    s.frames().forEach((frames, i) => {
      expect(frames.length).toBe(2);
      expect(frames[0].equals(Buffer.from("événement", "utf8"))).toBe(true);
      expect(frames[1].toString("utf8")).toBe(JSON.stringify(bodies[i]));
    });
    // 255 and 256 bytes of JSON: the short/long frame boundary, read by libzmq.
    expect(s.frames().map((frames) => frames[1].length).slice(0, 2)).toEqual([255, 256]);
  });

  test("subscribing and unsubscribing while connected changes what arrives from then on", async () => {
    logs = new LogRecorder();
    const p = await start();
    const s = await subscriber(p, "event", "marker");
    p.publish("process", { n: 1 });
    p.publish("event", { n: 2 });
    p.publish("marker", { n: 3 });
    await waitFor("first marker", () => s.events().length === 2);
    s.subscribe("process");
    await waitFor("process subscribed", () => logs.count(/subscribed to "process"/) === 1);
    s.unsubscribe("event");
    await waitFor("event unsubscribed", () => logs.count(/unsubscribed from "event"/) === 1);
    p.publish("process", { n: 4 });
    p.publish("event", { n: 5 });
    p.publish("marker", { n: 6 });
    await waitFor("second marker", () => s.events().length === 4);
    expect(s.events().map(([header, body]) => `${header}${(body as { n: number }).n}`)).toEqual(["event2", "marker3", "process4", "marker6"]);
  });

  test("20 000 events reach three subscribers in order, each its own share", async () => {
    logs = new LogRecorder();
    const p = await start();
    const all = await subscriber(p, "");
    const events = await subscriber(p, "event");
    const stats = await subscriber(p, "hstats", "pstats");
    const headers = ["event", "process", "hstats", "pstats"];
    const total = 20_000;
    for (let seq = 0; seq < total; seq += 1) {
      p.publish(headers[seq % 4], { seq, group: "web", name: `p${seq % 100}`, state: 20, now: 1_700_000_000 + seq });
    }
    await waitFor("every event", () => all.frames().length === total && events.frames().length === total / 4 && stats.frames().length === total / 2, 30_000);
    const seqs = (s: PyZmqSubscriber) => s.events().map(([, body]) => (body as { seq: number }).seq);
    expect(seqs(all)).toEqual([...Array(total).keys()]);
    expect(seqs(events)).toEqual([...Array(total).keys()].filter((n) => n % 4 === 0));
    expect(seqs(stats)).toEqual([...Array(total).keys()].filter((n) => n % 4 >= 2));
  }, 60_000);

  test("garbage clients connecting alongside do not disturb a libzmq subscriber", async () => {
    logs = new LogRecorder();
    const p = await start();
    const s = await subscriber(p, "");
    let seq = 0;
    const burst = () => {
      for (let i = 0; i < 100; i += 1) p.publish("event", { seq: seq++ });
    };
    burst();
    const garbage = [Buffer.from("GET / HTTP/1.1\r\n\r\n"), greeting(3, 1, "PLAIN"), Buffer.from([0, 0, 0])];
    const peers: RawZmtpClient[] = [];
    for (const bytes of garbage) {
      const peer = await RawZmtpClient.connect(p.port);
      peers.push(peer);
      cleanups.push(() => peer.destroy());
      peer.send(bytes);
      burst();
    }
    await waitFor("the garbage peers closed", () => peers.every((peer) => peer.closed));
    burst();
    await waitFor("every event", () => s.events().length === seq);
    expect(s.events().map(([, body]) => (body as { seq: number }).seq)).toEqual([...Array(seq).keys()]);
    expect(logs.count(/^event subscriber 127\.0\.0\.1:\d+: ZMTP protocol error/, "warn")).toBe(3);
    expect(p.subscriberCount).toBe(1);
  });

  test("a libzmq subscriber reconnects and resubscribes by itself when the publisher restarts on its port", async () => {
    logs = new LogRecorder();
    const first = await start();
    const port = first.port;
    const s = await subscriber(first, "event");
    first.publish("event", { from: "first" });
    await waitFor("first event", () => s.events().length === 1);
    await first.close();
    const second = await start(port);
    await waitFor("resubscribed", () => logs.count(/subscribed to "event"/) === 2, 10_000);
    second.publish("event", { from: "second" });
    await waitFor("second event", () => s.events().length === 2);
    expect(s.events()).toEqual([
      ["event", { from: "first" }],
      ["event", { from: "second" }],
    ]);
  });

  test("libzmq 4.3 sends SUBSCRIBE and CANCEL as ZMTP 3.1 commands to a 3.1 publisher", async () => {
    logs = new LogRecorder();
    const p = await start();
    // A relay between the SUB and the publisher records what libzmq sends.
    let upstream = Buffer.alloc(0);
    const relay: Server = createServer((inbound: Socket) => {
      const outbound = connect(p.port, "127.0.0.1");
      inbound.on("data", (chunk: Buffer) => {
        upstream = Buffer.concat([upstream, chunk]);
        outbound.write(chunk);
      });
      outbound.on("data", (chunk: Buffer) => inbound.write(chunk));
      inbound.on("error", () => outbound.destroy());
      outbound.on("error", () => inbound.destroy());
      inbound.on("close", () => outbound.destroy());
      outbound.on("close", () => inbound.destroy());
    });
    await new Promise<void>((resolve) => relay.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => relay.close());
    const s = new PyZmqSubscriber((relay.address() as { port: number }).port, ["abc"]);
    subscribers.push(s);
    await waitFor("subscribed", () => logs.count(/subscribed to "abc"/) === 1, 10_000);
    s.unsubscribe("abc");
    await waitFor("unsubscribed", () => logs.count(/unsubscribed from "abc"/) === 1);
    const hex = upstream.toString("hex");
    // Greeting 3.1 NULL, READY Socket-Type SUB, then the commands (flags 0x04, size, name, topic).
    expect(hex.slice(20, 24)).toBe("0301");
    expect(hex).toContain(Buffer.concat([Buffer.from([0x04, 0x0d, 0x09]), Buffer.from("SUBSCRIBEabc")]).toString("hex"));
    expect(hex).toContain(Buffer.concat([Buffer.from([0x04, 0x0a, 0x06]), Buffer.from("CANCELabc")]).toString("hex"));
  });
});
