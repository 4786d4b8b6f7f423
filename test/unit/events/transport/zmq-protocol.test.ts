// The ZeroMQ publisher on the wire, driven by a hand-written ZMTP peer (raw-zmtp-client.ts) that
// can send what libzmq never would: both subscription forms (3.1 commands, 3.0 messages), exact
// frame layouts, PING, and every kind of bad peer. A bad peer is closed with a log line naming
// its address, and a good subscriber connected at the same time keeps receiving.

import { afterEach, describe, expect, test } from "bun:test";
import { createServer, type Server } from "node:net";
import { startZmqPublisher, type ZmqEventPublisher, type ZmqPublisherOptions } from "../../../../src/events/transport/zmq-publisher.ts";
import { waitFor } from "../../../support/wait-for.ts";
import { LogRecorder } from "./log-recorder.ts";
import { command, greeting, RawZmtpClient, ready, subscriptionMessage } from "./raw-zmtp-client.ts";

let publisher: ZmqEventPublisher | undefined;
let clients: RawZmtpClient[] = [];
let logs: LogRecorder;

afterEach(async () => {
  for (const client of clients) client.destroy();
  clients = [];
  await publisher?.close();
  publisher = undefined;
});

async function start(options: Partial<ZmqPublisherOptions> = {}): Promise<ZmqEventPublisher> {
  logs = new LogRecorder();
  publisher = await startZmqPublisher({ host: "127.0.0.1", port: 0, log: logs.log, ...options });
  return publisher;
}

async function client(p: ZmqEventPublisher): Promise<RawZmtpClient> {
  const c = await RawZmtpClient.connect(p.port);
  clients.push(c);
  return c;
}

/** A raw client subscribed to `topics` through 3.1 commands, once the publisher has applied them. */
async function subscribed(p: ZmqEventPublisher, ...topics: string[]): Promise<RawZmtpClient> {
  const c = await client(p);
  const before = logs.count(new RegExp(`^event subscriber ${c.address} subscribed`));
  c.handshake(...topics.map((topic) => command("SUBSCRIBE", topic)));
  await waitFor("subscriptions applied", () => logs.count(new RegExp(`^event subscriber ${c.address} subscribed`)) === before + topics.length);
  return c;
}

/** Waits until the publisher closed `c` and logged why, naming the client's address. */
async function rejected(c: RawZmtpClient, reason: RegExp): Promise<void> {
  await waitFor("the connection closed", () => c.closed);
  const lines = logs.matching(new RegExp(`^event subscriber ${c.address.replace(/\./g, "\\.")}: `), "warn");
  expect(lines.map((line) => line.text).join("\n")).toMatch(reason);
}

describe("ZMTP handshake", () => {
  test("the publisher greets at once with signature, version 3.1, NULL, as-server 0, then READY Socket-Type PUB", async () => {
    const p = await start();
    const c = await client(p);
    await waitFor("the greeting", () => c.received.length >= 64);
    expect(c.received.subarray(0, 64).toString("hex")).toBe(
      `ff00000000000000007f0301${Buffer.from("NULL").toString("hex")}${"00".repeat(16)}00${"00".repeat(31)}`,
    );
    expect(c.frames()).toEqual([]);
    c.send(greeting());
    await waitFor("READY", () => c.frames().length === 1);
    const [frame] = c.frames();
    expect(frame.flags).toBe(0x04);
    expect(frame.body.toString("latin1")).toBe("\x05READY\x0bSocket-Type\x00\x00\x00\x03PUB");
    expect(p.subscriberCount).toBe(0);
    c.send(ready());
    await waitFor("the subscriber counted", () => p.subscriberCount === 1);
    expect(logs.count(new RegExp(`^event subscriber ${c.address} connected \\(ZMTP 3\\.1, SUB\\)`), "debug")).toBe(1);
  });

  test("a peer still in its handshake gets no event", async () => {
    const p = await start();
    const waiting = await client(p);
    waiting.send(greeting());
    const good = await subscribed(p, "");
    p.publish("event", { n: 1 });
    await waitFor("the event at the complete subscriber", () => good.messages().length === 1);
    // Same publish, same moment: the peer without READY got only the publisher's READY.
    expect(waiting.messages()).toEqual([]);
    expect(p.subscriberCount).toBe(1);
  });

  test("a PING is answered by a PONG carrying its context", async () => {
    const p = await start();
    const c = await subscribed(p, "");
    c.send(command("PING", Buffer.concat([Buffer.from([0, 50]), Buffer.from("ctx-1234")])));
    await waitFor("PONG", () => c.frames().some((f) => f.flags === 0x04 && f.body.toString("latin1").startsWith("\x04PONG")));
    const pong = c.frames().find((f) => f.body.toString("latin1").startsWith("\x04PONG"));
    expect(pong?.body.toString("latin1")).toBe("\x04PONGctx-1234");
  });
});

describe("subscriptions", () => {
  test("ZMTP 3.1 SUBSCRIBE/CANCEL commands are prefix filters, counted per topic", async () => {
    const p = await start();
    const c = await subscribed(p, "eve", "eve", "mark");
    p.publish("event", { n: 1 });
    p.publish("process", { n: 2 });
    p.publish("marker", { n: 3 });
    await waitFor("marker", () => c.messages().length === 2);
    expect(c.messages()).toEqual([["event", '{"n":1}'], ["marker", '{"n":3}']]);
    // Subscribed twice: one CANCEL leaves one subscription.
    c.send(command("CANCEL", "eve"));
    await waitFor("first cancel applied", () => logs.count(/unsubscribed from "eve"/) === 1);
    p.publish("event", { n: 4 });
    p.publish("marker", { n: 5 });
    await waitFor("second marker", () => c.messages().length === 4);
    c.send(command("CANCEL", "eve"));
    await waitFor("second cancel applied", () => logs.count(/unsubscribed from "eve"/) === 2);
    p.publish("event", { n: 6 });
    p.publish("marker", { n: 7 });
    await waitFor("third marker", () => c.messages().length === 5);
    expect(c.messages().map(([, body]) => JSON.parse(body).n)).toEqual([1, 3, 4, 5, 7]);
  });

  test("ZMTP 3.0 subscription messages (0x01/0x00 + topic) from a 3.0 peer are applied too", async () => {
    const p = await start();
    const c = await client(p);
    c.send(greeting(3, 0), ready(), subscriptionMessage(true, "pro"), subscriptionMessage(true, "mark"));
    await waitFor("subscriptions applied", () => logs.count(/subscribed to "(pro|mark)"/) === 2);
    expect(logs.count(/connected \(ZMTP 3\.0, SUB\)/)).toBe(1);
    p.publish("process", { n: 1 });
    p.publish("event", { n: 2 });
    p.publish("marker", { n: 3 });
    await waitFor("two messages", () => c.messages().length === 2);
    c.send(subscriptionMessage(false, "pro"));
    await waitFor("cancel applied", () => logs.count(/unsubscribed from "pro"/) === 1);
    p.publish("process", { n: 4 });
    p.publish("marker", { n: 5 });
    await waitFor("second marker", () => c.messages().length === 3);
    expect(c.messages().map(([header, body]) => `${header}${JSON.parse(body).n}`)).toEqual(["process1", "marker3", "marker5"]);
  });

  test("other messages from a subscriber, and later parts of a multipart one, are not subscriptions", async () => {
    const p = await start();
    const c = await subscribed(p, "mark");
    // A 2-part message whose second part looks like a subscription, then a plain message.
    c.send(Buffer.from([0x01, 3]), Buffer.from("abc"), Buffer.from([0x00, 4, 1]), Buffer.from("eve"));
    c.send(Buffer.from([0x00, 4]), Buffer.from("\x07eve"));
    p.publish("event", { n: 1 });
    p.publish("marker", { n: 2 });
    await waitFor("the marker", () => c.messages().length === 1);
    expect(c.messages()).toEqual([["marker", '{"n":2}']]);
    expect(c.closed).toBe(false);
  });
});

describe("message framing", () => {
  test("each event is 2 frames, header with MORE then body; short frames up to 255 bytes, long beyond", async () => {
    const p = await start();
    const c = await subscribed(p, "");
    const withLength = (length: number) => "a".repeat(length - 2); // JSON string: 2 quotes + text
    p.publish("h", withLength(255));
    p.publish("h", withLength(256));
    p.publish("x".repeat(300), withLength(70_000));
    await waitFor("three messages", () => c.frames().filter((f) => f.flags !== 0x04).length === 6);
    const frames = c.frames().filter((f) => f.flags !== 0x04);
    expect(frames.map((f) => [f.flags, f.sizeBytes, f.body.length])).toEqual([
      [0x01, 1, 1],
      [0x00, 1, 255],
      [0x01, 1, 1],
      [0x02, 8, 256],
      [0x03, 8, 300],
      [0x02, 8, 70_000],
    ]);
    expect(frames[1].body.toString()).toBe(JSON.stringify(withLength(255)));
  });
});

describe("bad peers are closed with a log line naming them; others are unaffected", () => {
  const cases: Array<[string, (c: RawZmtpClient) => void, RegExp]> = [
    ["an HTTP request", (c) => c.send(Buffer.from("GET / HTTP/1.1\r\nHost: x\r\n\r\n")), /not a ZMTP peer: greeting starts with 0x47/],
    ["a ZMTP 1.0 greeting", (c) => c.send(Buffer.from("ff000000000000000100", "hex")), /ZMTP 1\.0 peer/],
    ["a ZMTP 2.0 greeting", (c) => c.send(greeting(1, 0)), /ZMTP revision 1 peer \(ZMTP 2\.0/],
    ["the PLAIN mechanism", (c) => c.send(greeting(3, 1, "PLAIN")), /security mechanism "PLAIN" not supported/],
    ["a PUB socket", (c) => c.send(greeting(), ready("PUB")), /incompatible socket type "PUB"/],
    ["a PUSH socket", (c) => c.send(greeting(), ready("PUSH")), /incompatible socket type "PUSH"/],
    ["READY without Socket-Type", (c) => c.send(greeting(), command("READY")), /READY command without Socket-Type/],
    ["a message before READY", (c) => c.send(greeting(), subscriptionMessage(true, "")), /message frame before the READY command/],
    ["an ERROR command", (c) => c.send(greeting(), command("ERROR", "\x06denied")), /peer sent ERROR: "denied"/],
    ["a second READY", (c) => c.handshake(ready()), /second READY command/],
    ["reserved frame flags", (c) => c.handshake(Buffer.from([0x10, 0])), /invalid frame flags 0x10/],
    [
      "a frame declaring 2^40 bytes",
      (c) => c.handshake(Buffer.from([0x02, 0, 0, 0x01, 0, 0, 0, 0, 0])),
      /frame of 1099511627776 bytes exceeds the limit of 65536 bytes/,
    ],
    ["a command name overrunning its frame", (c) => c.handshake(Buffer.from([0x04, 2, 9, 0x41])), /command name of 9 bytes overruns/],
  ];

  for (const [name, misbehave, reason] of cases) {
    test(name, async () => {
      const p = await start();
      const good = await subscribed(p, "");
      const bad = await client(p);
      misbehave(bad);
      await rejected(bad, reason);
      p.publish("event", { n: 1 });
      await waitFor("the good subscriber's event", () => good.messages().length === 1);
      expect(good.closed).toBe(false);
      expect(p.subscriberCount).toBe(1);
    });
  }

  test("a peer that never completes its handshake is closed after handshakeTimeoutMs", async () => {
    const p = await start({ handshakeTimeoutMs: 150 });
    const silent = await client(p);
    await rejected(silent, /no ZMTP handshake within 150 ms/);
  });

  test("a peer sending its greeting one byte at a time is accepted", async () => {
    const p = await start();
    const c = await client(p);
    const bytes = Buffer.concat([greeting(), ready(), command("SUBSCRIBE", "")]);
    for (const byte of bytes) {
      c.send(Buffer.from([byte]));
      await new Promise((resolve) => setImmediate(resolve));
    }
    await waitFor("subscribed", () => logs.count(/subscribed to ""/) === 1);
    p.publish("event", { n: 1 });
    await waitFor("the event", () => c.messages().length === 1);
  });
});

describe("binding and closing", () => {
  test("a busy port rejects with the address and the OS reason", async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(startZmqPublisher({ host: "127.0.0.1", port, log: () => undefined })).rejects.toThrow(
        new RegExp(`cannot bind the ZeroMQ event publisher to tcp://127\\.0\\.0\\.1:${port}: .*EADDRINUSE`),
      );
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  test("close() drops queued data and closes every connection at once (linger 0)", async () => {
    const p = await start({ maxQueuedBytes: 1 << 30 });
    const c = await subscribed(p, "");
    c.socket.pause();
    const big = "z".repeat(1 << 20);
    for (let i = 0; i < 40; i += 1) p.publish("pstats", big);
    const started = Date.now();
    await p.close();
    publisher = undefined;
    await waitFor("the connection closed", () => c.closed);
    // 40 MiB could not have been delivered to a paused reader: it was discarded, not waited for.
    expect(Date.now() - started).toBeLessThan(2000);
    expect(c.received.length).toBeLessThan(40 << 20);
  });
});
