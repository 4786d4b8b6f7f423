// What only the websocket publisher does (EVT-03), end to end with Bun's WebSocket client and the
// hand-written one: path segments as subscriptions, client messages never read, plain HTTP refused,
// binding retried while the port is busy, clients closed on close().

import { afterEach, describe, expect, test } from "bun:test";
import { createServer, type Server } from "node:net";
import { startWsPublisher, type WsEventPublisher, type WsPublisherOptions } from "../../../../src/events/transport/ws-publisher.ts";
import { waitFor } from "../../../support/wait-for.ts";
import { LogRecorder } from "./log-recorder.ts";
import { RawWsClient } from "./ws-raw-client.ts";

const HEADERS = ["supvisors", "instance", "application", "event", "process", "hstats", "pstats"];

let publisher: WsEventPublisher | undefined;
let logs: LogRecorder;
const blockers: Server[] = [];

afterEach(async () => {
  await publisher?.close();
  publisher = undefined;
  for (const blocker of blockers.splice(0)) await new Promise((resolve) => blocker.close(resolve));
});

async function start(options: Partial<WsPublisherOptions> = {}): Promise<WsEventPublisher> {
  logs = new LogRecorder();
  publisher = await startWsPublisher({ host: "127.0.0.1", port: 0, log: logs.log, ...options });
  return publisher;
}

interface BunClient {
  socket: WebSocket;
  headers: string[];
  closed: Promise<number>;
}

/** A Bun WebSocket client on `path`, once the publisher has registered it. */
async function connect(p: WsEventPublisher, path: string): Promise<BunClient> {
  const before = logs.count(/ connected, headers: /);
  const socket = new WebSocket(`ws://127.0.0.1:${p.port}${path}`);
  const headers: string[] = [];
  socket.onmessage = (message) => headers.push((JSON.parse(String(message.data)) as [string, unknown])[0]);
  const closed = new Promise<number>((resolve) => socket.addEventListener("close", (event) => resolve(event.code)));
  await waitFor(`the client on ${path} registered`, () => logs.count(/ connected, headers: /) > before);
  return { socket, headers, closed };
}

/** Holds a port on 127.0.0.1 with a plain TCP server. */
async function occupyPort(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  blockers.push(server);
  return { server, port: (server.address() as { port: number }).port };
}

describe("subscriptions from the path", () => {
  test("segments name the headers wanted; `all` wants everything; unknown and empty segments are ignored", async () => {
    const p = await start();
    const cases: Array<[string, string[]]> = [
      ["/all", HEADERS],
      ["/process/event", ["event", "process"]],
      ["/process/unknown/hstats", ["process", "hstats"]],
      ["//event//?x=process", ["event"]],
      ["/all/process", HEADERS],
      ["/", []],
      ["/ALL", []],
    ];
    const clients: RawWsClient[] = [];
    for (const [path] of cases) {
      const before = logs.count(/ connected, headers: /);
      clients.push(await RawWsClient.open(p.port, path, false));
      await waitFor(`${path} registered`, () => logs.count(/ connected, headers: /) > before);
    }
    expect(p.subscriberCount).toBe(cases.length);
    expect(logs.count(/ connected, headers: process\/unknown\/hstats$/)).toBe(1);
    for (const header of HEADERS) p.publish(header, { header });
    // The server answers a client's close frame after everything already queued for it: once the
    // answer is in, every event published to that client has arrived.
    for (const client of clients) client.sendFrame(8, Buffer.from([0x03, 0xe8]));
    await waitFor("every close answered", () => clients.every((client) => client.closeCode() !== undefined));
    clients.forEach((client, i) => {
      const [path, wanted] = cases[i];
      expect({ path, events: client.texts() }).toEqual({
        path,
        events: HEADERS.filter((h) => wanted.includes(h)).map((header) => [header, { header }]),
      });
      client.destroy();
    });
    await waitFor("every client forgotten", () => p.subscriberCount === 0);
  });
});

describe("what clients send", () => {
  test("client messages are never read: nothing comes back, the client keeps receiving", async () => {
    const p = await start();
    const before = logs.count(/ connected, headers: /);
    const client = await RawWsClient.open(p.port, "/event", false);
    await waitFor("registered", () => logs.count(/ connected, headers: /) > before);
    client.sendFrame(1, Buffer.from("subscribe process"));
    client.sendFrame(2, Buffer.from([1, 2, 3]));
    p.publish("process", { n: 1 });
    p.publish("event", { n: 2 });
    client.sendFrame(8, Buffer.from([0x03, 0xe8]));
    await waitFor("the close answer", () => client.closeCode() !== undefined);
    expect(client.frames().map((frame) => frame.opcode)).toEqual([1, 8]);
    expect(client.texts()).toEqual([["event", { n: 2 }]]);
    expect(logs.lines.filter((line) => line.level !== "debug" && line.level !== "info")).toEqual([]);
    client.destroy();
  });

  test("a client message over 64 KiB closes that client only (1009), others keep receiving", async () => {
    const p = await start();
    const other = await connect(p, "/all");
    const before = logs.count(/ connected, headers: /);
    const flooder = await RawWsClient.open(p.port, "/all", false);
    await waitFor("flooder registered", () => logs.count(/ connected, headers: /) > before);
    flooder.sendFrame(2, Buffer.alloc(70 * 1024));
    await waitFor("the flooder's close frame", () => flooder.closeCode() !== undefined);
    expect(flooder.closeCode()).toBe(1009);
    await waitFor("subscriberCount 1", () => p.subscriberCount === 1);
    p.publish("event", {});
    await waitFor("the other client's event", () => other.headers.length === 1);
    flooder.destroy();
    other.socket.close();
    await other.closed;
  });

  test("a plain HTTP request gets 426 Upgrade Required", async () => {
    const p = await start();
    const response = await fetch(`http://127.0.0.1:${p.port}/all`);
    expect(response.status).toBe(426);
    expect(response.headers.get("upgrade")).toBe("websocket");
    expect(p.subscriberCount).toBe(0);
  });
});

describe("binding", () => {
  test("a busy port is retried every retryMs, logged once as an error, and bound once free", async () => {
    const { server, port } = await occupyPort();
    const p = await start({ port, retryMs: 20 });
    expect(p.listening).toBe(false);
    expect(p.port).toBe(port);
    p.publish("event", { nobody: "listens" });
    await waitFor("three more attempts", () => logs.count(/^bind attempt \d+ of websocket event publisher on 127\.0\.0\.1:\d+ failed/, "debug") >= 3);
    expect(logs.matching(/cannot bind/, "error").map((line) => line.text)).toEqual([
      `cannot bind websocket event publisher on 127.0.0.1:${port}: Failed to start server. Is port ${port} in use?; retrying every 20 ms`,
    ]);
    await new Promise((resolve) => server.close(resolve));
    blockers.length = 0;
    await waitFor("bound", () => p.listening);
    expect(logs.count(/bound after \d+ attempts/, "info")).toBe(1);
    const client = await connect(p, "/event");
    p.publish("event", { n: 1 });
    await waitFor("the event", () => client.headers.length === 1);
    expect(logs.count(/cannot bind/)).toBe(1);
    client.socket.close();
    await client.closed;
  });

  test("close() while retrying resolves at once and the publisher stays unbound", async () => {
    const { port } = await occupyPort();
    const p = await start({ port, retryMs: 10 });
    await p.close();
    publisher = undefined;
    expect(p.listening).toBe(false);
    expect(() => p.publish("event", {})).not.toThrow();
  });

  test("close() closes connected clients", async () => {
    const p = await start();
    const client = await connect(p, "/all");
    await p.close();
    publisher = undefined;
    expect(typeof (await client.closed)).toBe("number");
    expect(p.subscriberCount).toBe(0);
  });
});
