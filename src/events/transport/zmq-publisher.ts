// The ZeroMQ event publisher (EVT-02): a PUB socket that libzmq SUB sockets (python3-zmq, the Java
// client, Supvisors' own SupvisorsZmqEventInterface) connect to at tcp://<host>:<event_port>.
// Written over node:net with our own ZMTP 3.1 (zmtp-*.ts) because the zeromq npm addon cannot run
// inside a compiled Bun binary (shared/platform-notes.md).
//
// Each event is a 2-frame message, header then JSON body, both UTF-8. The body is serialised and the
// message encoded once per publish, then the same bytes are queued to every subscriber whose prefix
// filter accepts the header; the queues are written at the end of the event loop turn, one write
// per subscriber however many events were published. Subscribers still in their handshake get
// nothing (as a ZeroMQ PUB).

import { createServer, type Server, type Socket } from "node:net";
import {
  DEFAULT_MAX_QUEUED_BYTES,
  eventJson,
  type BoundEventPublisher,
  type PublisherOptions,
} from "./publisher.ts";
import { encodeMessage } from "./zmtp-codec.ts";
import { DEFAULT_MAX_INBOUND_FRAME } from "./zmtp-session.ts";
import { ZmqSubscriber } from "./zmq-subscriber.ts";

export interface ZmqPublisherOptions extends PublisherOptions {
  /** A connection that has not completed its ZMTP handshake by then is closed (libzmq's default: 30 s). */
  handshakeTimeoutMs?: number;
  /** Largest frame accepted from a subscriber. Default DEFAULT_MAX_INBOUND_FRAME. */
  maxInboundFrameBytes?: number;
}

/** ZMQ_HANDSHAKE_IVL's default in libzmq. */
export const DEFAULT_HANDSHAKE_TIMEOUT_MS = 30_000;

const utf8 = new TextEncoder();

/**
 * Binds the PUB socket; rejects with the address and the OS reason when the port cannot be bound.
 * @example
 *   const zmq = await startZmqPublisher({ host: "0.0.0.0", port: 60001, log });
 *   zmq.publish("process", { application_name: "web", process_name: "api", statecode: 20 });
 */
export async function startZmqPublisher(o: ZmqPublisherOptions): Promise<ZmqEventPublisher> {
  const publisher = new ZmqEventPublisher(o);
  await publisher.listen();
  return publisher;
}

export class ZmqEventPublisher implements BoundEventPublisher {
  readonly #o: ZmqPublisherOptions;
  readonly #server: Server;
  readonly #subscribers = new Set<ZmqSubscriber>();
  readonly #toFlush = new Set<ZmqSubscriber>();
  #flushScheduled = false;
  #closed = false;
  #boundPort = 0;

  constructor(o: ZmqPublisherOptions) {
    this.#o = o;
    this.#server = createServer((socket) => this.#accept(socket));
  }

  listen(): Promise<void> {
    const { host, port } = this.#o;
    return new Promise((resolve, reject) => {
      const onError = (error: Error) => {
        reject(new Error(`cannot bind the ZeroMQ event publisher to tcp://${host}:${port}: ${error.message}`));
      };
      this.#server.once("error", onError);
      this.#server.listen(port, host, () => {
        this.#server.off("error", onError);
        const address = this.#server.address();
        this.#boundPort = typeof address === "object" && address ? address.port : port;
        this.#server.on("error", (error) => this.#o.log("error", `ZeroMQ event publisher: ${error.message}`));
        this.#o.log("info", `ZeroMQ event publisher bound to tcp://${host}:${this.port}`);
        resolve();
      });
    });
  }

  /** The bound port (the OS's choice when 0 was asked for). */
  get port(): number {
    return this.#boundPort || this.#o.port;
  }

  /** Subscribers that completed their handshake. */
  get subscriberCount(): number {
    let count = 0;
    for (const subscriber of this.#subscribers) if (subscriber.active) count += 1;
    return count;
  }

  publish(header: string, body: unknown): void {
    if (this.#closed) return;
    const headerBytes = utf8.encode(header);
    let message: Uint8Array | undefined;
    for (const subscriber of this.#subscribers) {
      if (!subscriber.wants(header, headerBytes)) continue;
      if (!message) {
        // Serialised only once someone wants it, and only once whoever else does.
        const json = eventJson(body, header, this.#o.log);
        if (json === undefined) return;
        message = encodeMessage([headerBytes, utf8.encode(json)]);
      }
      if (subscriber.enqueue(message)) this.#scheduleFlush(subscriber);
    }
  }

  /** Closes every connection at once (linger 0), then the listening socket. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    for (const subscriber of [...this.#subscribers]) subscriber.destroy();
    await closed;
    this.#o.log("info", `ZeroMQ event publisher on port ${this.port} closed`);
  }

  /** Writes every subscriber's queued events once this turn of the event loop is over. */
  #scheduleFlush(subscriber: ZmqSubscriber): void {
    this.#toFlush.add(subscriber);
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    setImmediate(() => {
      this.#flushScheduled = false;
      const subscribers = [...this.#toFlush];
      this.#toFlush.clear();
      for (const s of subscribers) s.flush();
    });
  }

  #accept(socket: Socket): void {
    if (this.#closed) {
      socket.destroy();
      return;
    }
    const subscriber = new ZmqSubscriber(socket, {
      maxQueuedBytes: this.#o.maxQueuedBytes ?? DEFAULT_MAX_QUEUED_BYTES,
      handshakeTimeoutMs: this.#o.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS,
      maxInboundFrameBytes: this.#o.maxInboundFrameBytes ?? DEFAULT_MAX_INBOUND_FRAME,
      log: this.#o.log,
      onGone: (gone) => this.#subscribers.delete(gone),
    });
    this.#subscribers.add(subscriber);
  }
}
