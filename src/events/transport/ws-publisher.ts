// The websocket event publisher (EVT-03): clients connect to ws://<host>:<event_port>/<h1>/<h2>/...
// and receive each event whose header they named (or every event, with `all`) as one text frame,
// the JSON array `[header, body]`. What clients send is never read. The port is bound with retries
// (bind-retry.ts) because Supvisors' server keeps trying until the port is free.
//
// Bun.serve is used here (platform notes: fine for ports no Supervisor client uses). Its send
// queue per client is the backpressure signal: a client with more than maxQueuedBytes waiting is
// disconnected, as in the ZeroMQ publisher. Events are queued per client and sent corked once per
// event loop turn, as the ZeroMQ publisher does.

import type { Server, ServerWebSocket } from "bun";
import { BindRetry, type RetryTimers } from "./bind-retry.ts";
import { DEFAULT_MAX_QUEUED_BYTES, eventJson, type BoundEventPublisher, type PublisherOptions } from "./publisher.ts";
import { describeSubscription, parseWsSubscription, wantsHeader, type WsSubscription } from "./ws-subscriptions.ts";

export interface WsPublisherOptions extends PublisherOptions {
  /** Delay between bind attempts while the port is busy. Default 1000 (Supvisors' one second). */
  retryMs?: number;
  /** Timers for the bind retries (tests). */
  timers?: RetryTimers;
}

interface ClientData {
  subscription: WsSubscription;
  /** `address:port` of the client, for log lines. */
  address: string;
  /** Events published since the last flush, and their total size. */
  pending: string[];
  pendingBytes: number;
}

type Client = ServerWebSocket<ClientData>;

/**
 * 64 KiB: nothing a client sends is used; a bigger message closes its connection (code 1009)
 * instead of being buffered.
 */
const MAX_CLIENT_MESSAGE = 64 * 1024;

/**
 * Starts the server. Resolves after the first bind attempt, bound or not: when the port is busy the
 * publisher keeps retrying in the background (one error log line) and publishes to nobody meanwhile.
 * @example
 *   const ws = await startWsPublisher({ host: "0.0.0.0", port: 60001, log });
 *   ws.publish("event", { group: "web", name: "api", state: 20 });
 */
export async function startWsPublisher(o: WsPublisherOptions): Promise<WsEventPublisher> {
  const publisher = new WsEventPublisher(o);
  publisher.start();
  return publisher;
}

export class WsEventPublisher implements BoundEventPublisher {
  readonly #o: WsPublisherOptions;
  readonly #maxQueued: number;
  readonly #clients = new Set<Client>();
  readonly #binding: BindRetry<Server<ClientData>>;
  #server: Server<ClientData> | undefined;
  #flushScheduled = false;
  #closed = false;
  /** Read once bound: Bun's server reports port 0 after stop(). */
  #boundPort = 0;

  constructor(o: WsPublisherOptions) {
    this.#o = o;
    this.#maxQueued = o.maxQueuedBytes ?? DEFAULT_MAX_QUEUED_BYTES;
    this.#binding = new BindRetry({
      bind: () => this.#serve(),
      retryMs: o.retryMs ?? 1000,
      what: `websocket event publisher on ${o.host}:${o.port}`,
      log: o.log,
      timers: o.timers,
      onBound: (server) => {
        this.#server = server;
        this.#boundPort = server.port ?? 0;
        this.#o.log("info", `websocket event publisher listening on ws://${o.host}:${server.port}/`);
      },
    });
  }

  /** First bind attempt; retries follow by themselves when it fails. */
  start(): void {
    this.#binding.start();
  }

  /** Whether the port is bound (false while retrying). */
  get listening(): boolean {
    return this.#server !== undefined && !this.#closed;
  }

  /** The bound port, or the configured one while not bound. */
  get port(): number {
    return this.#boundPort || this.#o.port;
  }

  get subscriberCount(): number {
    return this.#clients.size;
  }

  publish(header: string, body: unknown): void {
    if (this.#closed) return;
    let text: string | undefined;
    let bytes = 0;
    for (const client of this.#clients) {
      if (!wantsHeader(client.data.subscription, header)) continue;
      if (text === undefined) {
        text = eventJson([header, body], header, this.#o.log);
        if (text === undefined) return;
        bytes = Buffer.byteLength(text);
      }
      const data = client.data;
      data.pending.push(text);
      data.pendingBytes += bytes;
      const queued = client.getBufferedAmount() + data.pendingBytes;
      if (queued > this.#maxQueued) this.#dropSlow(client, queued);
      else if (data.pending.length === 1) this.#scheduleFlush();
    }
  }

  /**
   * Sends what was queued for each client at the end of this event loop turn, corked: one write
   * per client however many events were published (Bun writes at once outside its own callbacks).
   */
  #scheduleFlush(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    setImmediate(() => {
      this.#flushScheduled = false;
      for (const client of [...this.#clients]) this.#flush(client);
    });
  }

  #flush(client: Client): void {
    const { pending } = client.data;
    if (pending.length === 0) return;
    client.data.pending = [];
    client.data.pendingBytes = 0;
    // 0: refused because the queue is at the backpressure limit (or the socket is closing).
    const refused = client.cork(() => pending.some((text) => client.sendText(text) === 0));
    const queued = client.getBufferedAmount();
    if (refused || queued > this.#maxQueued) this.#dropSlow(client, queued);
  }

  /** Stops retrying, closes every client at once, then the listening socket. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#binding.stop();
    this.#clients.clear();
    if (this.#server) {
      const port = this.port;
      await this.#server.stop(true);
      this.#o.log("info", `websocket event publisher on port ${port} closed`);
    }
  }

  #dropSlow(client: Client, queued: number): void {
    this.#clients.delete(client);
    this.#o.log(
      "warn",
      `websocket event subscriber ${client.data.address}: too slow: ${queued} bytes waiting to be sent (limit ${this.#maxQueued}), disconnected`,
    );
    client.terminate();
  }

  /** One bind attempt: throws (EADDRINUSE…) when the port cannot be had. */
  #serve(): Server<ClientData> {
    return Bun.serve<ClientData>({
      hostname: this.#o.host,
      port: this.#o.port,
      fetch: (request, server) => {
        const ip = server.requestIP(request);
        const address = ip ? `${ip.family === "IPv6" ? `[${ip.address}]` : ip.address}:${ip.port}` : "?";
        const subscription = parseWsSubscription(new URL(request.url).pathname);
        if (server.upgrade(request, { data: { subscription, address, pending: [], pendingBytes: 0 } })) return undefined;
        return new Response("this port serves Flotilla events over websocket only\n", {
          status: 426,
          headers: { Upgrade: "websocket", "Content-Type": "text/plain" },
        });
      },
      websocket: {
        maxPayloadLength: MAX_CLIENT_MESSAGE,
        // Past this, Bun refuses the message (sendText returns 0) and publish() drops the client.
        backpressureLimit: this.#maxQueued,
        closeOnBackpressureLimit: false,
        perMessageDeflate: false,
        open: (client) => {
          if (this.#closed) return client.terminate();
          this.#clients.add(client);
          const wanted = describeSubscription(client.data.subscription);
          this.#o.log("debug", `websocket event subscriber ${client.data.address} connected, headers: ${wanted}`);
        },
        message: () => {
          // EVT-03: the server never reads client messages.
        },
        close: (client, code) => {
          if (this.#clients.delete(client)) {
            this.#o.log("debug", `websocket event subscriber ${client.data.address} disconnected (code ${code})`);
          }
        },
      },
    });
  }
}
