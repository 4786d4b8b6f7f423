// The subscribers the shared publisher suite drives, one kind per transport and client library:
// libzmq SUB sockets (python3-zmq) for the ZeroMQ publisher; Bun's WebSocket and python3-websockets
// for the websocket one. Each connects with a list of headers (or "all"), resolves only once the
// publisher has taken its subscription into account (from the publisher's log), and reports the
// events it received as [header, body].

import { join } from "node:path";
import type { BoundEventPublisher } from "../../../../src/events/transport/publisher.ts";
import { waitFor } from "../../../support/wait-for.ts";
import { JsonLinesProcess, PYTHON, pythonModuleMissing } from "./json-lines.ts";
import type { LogRecorder } from "./log-recorder.ts";
import { RawWsClient } from "./ws-raw-client.ts";
import { PyZmqSubscriber, zmqMissing } from "./zmq-client.ts";

export interface TestSubscriber {
  events(): [string, unknown][];
  close(): Promise<void>;
}

export type Wanted = string[] | "all";

export interface ClientKind {
  /** e.g. "python3-zmq SUB" */
  name: string;
  /** Why this kind cannot run here, or null. */
  missing: string | null;
  connect(publisher: BoundEventPublisher, wanted: Wanted, logs: LogRecorder): Promise<TestSubscriber>;
  /** A subscriber that receives one event, then stops reading its socket. */
  connectStalled(publisher: BoundEventPublisher, wanted: Wanted, logs: LogRecorder): Promise<TestSubscriber>;
}

const WS_SCRIPT = join(import.meta.dir, "ws-sub.py");
export const websocketsMissing: string | null = pythonModuleMissing("websockets", "python3-websockets");

/** Resolves once `count` more subscription lines than `before` have been logged. */
async function subscriptionsApplied(logs: LogRecorder, before: number, count: number, diagnostics: () => string): Promise<void> {
  await waitFor(`publisher to apply ${count} subscription(s)`, () => logs.count(/ subscribed to /) >= before + count, 10_000).catch((error) => {
    throw new Error(`${(error as Error).message}; client: ${diagnostics()}`);
  });
}

async function wsConnected(logs: LogRecorder, before: number): Promise<void> {
  await waitFor("the websocket publisher to register the client", () => logs.count(/^websocket event subscriber .* connected/) > before, 10_000);
}

function wsUrl(publisher: BoundEventPublisher, wanted: Wanted): string {
  return `ws://127.0.0.1:${publisher.port}/${wanted === "all" ? "all" : wanted.join("/")}`;
}

async function pythonZmq(publisher: BoundEventPublisher, wanted: Wanted, logs: LogRecorder, stalled: boolean): Promise<TestSubscriber> {
  const topics = wanted === "all" ? [""] : wanted;
  const before = logs.count(/ subscribed to /);
  const sub = new PyZmqSubscriber(publisher.port, topics, stalled ? { stallAfter: 1, receiveBuffer: 4096 } : {});
  await subscriptionsApplied(logs, before, topics.length, () => sub.diagnostics);
  return { events: () => sub.events(), close: () => sub.stop() };
}

export const pyZmqClients: ClientKind = {
  name: "python3-zmq (libzmq) SUB",
  missing: zmqMissing,
  connect: (publisher, wanted, logs) => pythonZmq(publisher, wanted, logs, false),
  connectStalled: (publisher, wanted, logs) => pythonZmq(publisher, wanted, logs, true),
};

function bunWebSocket(publisher: BoundEventPublisher, wanted: Wanted, logs: LogRecorder): Promise<TestSubscriber> {
  const received: [string, unknown][] = [];
  const before = logs.count(/^websocket event subscriber .* connected/);
  const socket = new WebSocket(wsUrl(publisher, wanted));
  socket.onmessage = (message) => received.push(JSON.parse(String(message.data)) as [string, unknown]);
  const closed = new Promise<void>((resolve) => socket.addEventListener("close", () => resolve()));
  return wsConnected(logs, before).then(() => ({
    events: () => received,
    close: async () => {
      socket.close();
      await closed;
    },
  }));
}

/** Bun's client always reads, so the stalled one is the hand-written client that stops reading. */
async function rawStalledWebSocket(publisher: BoundEventPublisher, wanted: Wanted, logs: LogRecorder): Promise<TestSubscriber> {
  const before = logs.count(/^websocket event subscriber .* connected/);
  const client = await RawWsClient.open(publisher.port, `/${wanted === "all" ? "all" : wanted.join("/")}`, true);
  await wsConnected(logs, before);
  return { events: () => [], close: async () => client.destroy() };
}

export const bunWsClients: ClientKind = {
  name: "Bun WebSocket",
  missing: null,
  connect: bunWebSocket,
  connectStalled: rawStalledWebSocket,
};

async function pythonWebSocket(publisher: BoundEventPublisher, wanted: Wanted, logs: LogRecorder, stalled: boolean): Promise<TestSubscriber> {
  const before = logs.count(/^websocket event subscriber .* connected/);
  const proc = new JsonLinesProcess([PYTHON, WS_SCRIPT, wsUrl(publisher, wanted)], stalled ? { WS_SUB_STALL_AFTER: "1" } : {});
  await wsConnected(logs, before).catch((error) => {
    throw new Error(`${(error as Error).message}; client stderr: ${proc.stderr}`);
  });
  return {
    events: () =>
      proc.lines.filter((line) => typeof line.text === "string").map((line) => JSON.parse(line.text as string) as [string, unknown]),
    close: () => proc.stop(),
  };
}

export const pyWsClients: ClientKind = {
  name: "python3-websockets",
  missing: websocketsMissing,
  connect: (publisher, wanted, logs) => pythonWebSocket(publisher, wanted, logs, false),
  connectStalled: (publisher, wanted, logs) => pythonWebSocket(publisher, wanted, logs, true),
};
