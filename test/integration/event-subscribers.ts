// Real subscribers of the event interface for integration tests: a python3-zmq SUB socket (libzmq,
// as Supvisors' own Python client uses) run as a child printing one JSON line per message, and a
// websocket client. Both record `[header, body]` in arrival order with the local reception time.

import { spawn, type ChildProcess } from "node:child_process";
import { PYTHON, pythonModuleMissing } from "../support/python.ts";
import { waitFor } from "./harness.ts";

export interface ReceivedEvent {
  header: string;
  body: Record<string, unknown>;
  /** Epoch milliseconds at reception. */
  at: number;
}

export interface Subscriber {
  readonly events: ReceivedEvent[];
  /** Waits until some received event satisfies `check`; returns it. */
  waitFor(what: string, check: (e: ReceivedEvent) => boolean, timeoutMs?: number): Promise<ReceivedEvent>;
  close(): void;
}

/** Why python3-zmq subscribers cannot run here, or null when they can. */
export const pythonZmqMissing = (): string | null => pythonModuleMissing("zmq", "python3-zmq");

/** Epoch milliseconds with sub-millisecond precision (python's time.time() has as much). */
export function epochMs(): number {
  return performance.timeOrigin + performance.now();
}

function subscriber(events: ReceivedEvent[], close: () => void): Subscriber {
  return {
    events,
    async waitFor(what, check, timeoutMs = 15_000) {
      return waitFor(what, () => events.find(check), timeoutMs);
    },
    close,
  };
}

// Prints each two-frame message as one JSON line; `ready` once the socket is connected.
const SUB_SCRIPT = `
import json, sys, time, zmq
ctx = zmq.Context()
sock = ctx.socket(zmq.SUB)
for topic in sys.argv[2:]:
    sock.setsockopt_string(zmq.SUBSCRIBE, topic)
sock.connect(sys.argv[1])
print(json.dumps(["ready", None, time.time() * 1000]), flush=True)
while True:
    header, body = sock.recv_multipart()
    print(json.dumps([header.decode(), json.loads(body), time.time() * 1000]), flush=True)
`;

/** A libzmq SUB socket on `tcp://127.0.0.1:port` with these prefix subscriptions ("" = all). */
export async function zmqSubscriber(port: number, topics: string[] = [""]): Promise<Subscriber> {
  const events: ReceivedEvent[] = [];
  const child: ChildProcess = spawn(PYTHON, ["-u", "-c", SUB_SCRIPT, `tcp://127.0.0.1:${port}`, ...topics], { stdio: ["ignore", "pipe", "pipe"] });
  let ready = false;
  let pending = "";
  let errors = "";
  child.stderr!.on("data", (chunk: Buffer) => (errors += chunk.toString()));
  child.stdout!.on("data", (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split("\n");
    pending = lines.pop()!;
    for (const line of lines) {
      const [header, body, at] = JSON.parse(line) as [string, Record<string, unknown>, number];
      if (header === "ready" && body === null) ready = true;
      else events.push({ header, body, at });
    }
  });
  await waitFor(`python3-zmq subscriber connected${errors ? ` (${errors})` : ""}`, () => ready || child.exitCode !== null, 10_000);
  if (!ready) throw new Error(`python3-zmq subscriber ended: ${errors}`);
  return subscriber(events, () => child.kill("SIGKILL"));
}

/** A websocket client of `ws://127.0.0.1:port/<path>` (path = the headers wanted, or "all"). */
export async function wsSubscriber(port: number, path = "all"): Promise<Subscriber> {
  const events: ReceivedEvent[] = [];
  const socket = new WebSocket(`ws://127.0.0.1:${port}/${path}`);
  let failure: string | null = null;
  socket.addEventListener("message", (message) => {
    const [header, body] = JSON.parse(String(message.data)) as [string, Record<string, unknown>];
    events.push({ header, body, at: epochMs() });
  });
  socket.addEventListener("error", () => (failure = "websocket error"));
  await waitFor(`websocket on port ${port} open`, () => socket.readyState === WebSocket.OPEN || failure !== null, 10_000);
  if (failure !== null) throw new Error(failure);
  return subscriber(events, () => socket.close());
}
