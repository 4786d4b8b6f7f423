// One subscriber connected to the ZeroMQ publisher: its TCP socket, its ZMTP session and its
// prefix filter. It carries out what the pure session decides (answer, subscribe, close) and
// enforces the two rules that keep one subscriber from hurting the node or the others: a
// handshake must finish within a deadline, and a subscriber whose send queue passes the limit is
// disconnected rather than buffered for. Events are queued and written once per event loop turn
// (flush), as libzmq's I/O thread batches its writes.

import type { Socket } from "node:net";
import { PrefixSubscriptions } from "./prefix-subscriptions.ts";
import type { PublisherLogLevel } from "./publisher.ts";
import { ZmtpPubSession } from "./zmtp-session.ts";

export interface ZmqSubscriberOptions {
  maxQueuedBytes: number;
  handshakeTimeoutMs: number;
  maxInboundFrameBytes: number;
  log(level: PublisherLogLevel, text: string): void;
  /** Called once, when the connection is over for whatever reason. */
  onGone(subscriber: ZmqSubscriber): void;
}

export class ZmqSubscriber {
  /** `address:port` of the peer, for log lines. */
  readonly address: string;
  readonly #socket: Socket;
  readonly #session: ZmtpPubSession;
  readonly #filter = new PrefixSubscriptions();
  readonly #o: ZmqSubscriberOptions;
  #handshakeTimer: ReturnType<typeof setTimeout> | undefined;
  #gone = false;
  /** Messages queued since the last flush, and their total size. */
  #pending: Uint8Array[] = [];
  #pendingBytes = 0;

  constructor(socket: Socket, options: ZmqSubscriberOptions) {
    this.#socket = socket;
    this.#o = options;
    this.address = peerAddress(socket);
    this.#session = new ZmtpPubSession(options.maxInboundFrameBytes);
    // Events are small and latency matters to clients; libzmq disables Nagle for the same reason.
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => this.#onData(chunk));
    socket.on("error", (error) => this.#o.log("debug", `event subscriber ${this.address}: ${error.message}`));
    socket.on("close", () => this.#finish());
    this.#handshakeTimer = setTimeout(
      () => this.#drop("warn", `no ZMTP handshake within ${options.handshakeTimeoutMs} ms`),
      options.handshakeTimeoutMs,
    );
    socket.write(this.#session.opening());
  }

  /** Handshake done: the subscriber gets the events its filter lets through. */
  get active(): boolean {
    return !this.#gone && this.#session.state === "active";
  }

  /** Whether an event with this header is for this subscriber now. */
  wants(header: string, headerBytes: Uint8Array): boolean {
    return this.active && this.#filter.matches(header, headerBytes);
  }

  /**
   * Queues an encoded message for the next flush(); drops the subscriber when what waits for it
   * (socket queue + not yet flushed) passes the limit. Never waits. Returns true when this is the
   * first message since the last flush, i.e. when the caller must schedule one.
   * @example if (sub.wants(h, hb) && sub.enqueue(message)) scheduleFlush()
   */
  enqueue(message: Uint8Array): boolean {
    if (this.#gone) return false;
    this.#pending.push(message);
    this.#pendingBytes += message.length;
    const queued = this.#socket.writableLength + this.#pendingBytes;
    if (queued > this.#o.maxQueuedBytes) {
      this.#drop("warn", `too slow: ${queued} bytes waiting to be sent (limit ${this.#o.maxQueuedBytes}), disconnected`);
      return false;
    }
    return this.#pending.length === 1;
  }

  /**
   * Writes what was queued since the last flush as one chunk: one system call per subscriber per
   * turn of the event loop instead of one per event (a write costs several microseconds, the copy
   * of a few kilobytes much less).
   */
  flush(): void {
    if (this.#gone || this.#pending.length === 0) return;
    const chunk = this.#pending.length === 1 ? this.#pending[0] : Buffer.concat(this.#pending, this.#pendingBytes);
    this.#pending = [];
    this.#pendingBytes = 0;
    this.#socket.write(chunk);
  }

  /**
   * Closes at once, discarding anything queued (ZeroMQ linger 0): a TCP reset, so even what the
   * kernel still holds for a stuck subscriber is dropped instead of trickling out after the close.
   */
  destroy(): void {
    this.#pending = [];
    this.#pendingBytes = 0;
    if (!this.#socket.destroyed) this.#socket.resetAndDestroy();
    this.#finish();
  }

  #onData(chunk: Buffer): void {
    if (this.#gone) return;
    for (const out of this.#session.receive(chunk)) {
      switch (out.type) {
        case "send":
          this.#socket.write(out.bytes);
          break;
        case "ready":
          clearTimeout(this.#handshakeTimer);
          this.#o.log("debug", `event subscriber ${this.address} connected (ZMTP 3.${out.minor}, ${out.socketType})`);
          break;
        case "subscribe":
          this.#filter.add(out.topic);
          this.#o.log("debug", `event subscriber ${this.address} subscribed to ${topicText(out.topic)}`);
          break;
        case "cancel":
          this.#filter.remove(out.topic);
          this.#o.log("debug", `event subscriber ${this.address} unsubscribed from ${topicText(out.topic)}`);
          break;
        case "fail":
          this.#drop("warn", `ZMTP protocol error: ${out.reason}`);
          return;
      }
    }
  }

  #drop(level: PublisherLogLevel, why: string): void {
    if (this.#gone) return;
    this.#o.log(level, `event subscriber ${this.address}: ${why}`);
    this.destroy();
  }

  #finish(): void {
    if (this.#gone) return;
    this.#gone = true;
    clearTimeout(this.#handshakeTimer);
    this.#o.onGone(this);
  }
}

function peerAddress(socket: Socket): string {
  const host = socket.remoteAddress ?? "?";
  return `${host.includes(":") ? `[${host}]` : host}:${socket.remotePort ?? "?"}`;
}

/** A topic as log lines show it: quoted text, `""` meaning everything. */
function topicText(topic: Uint8Array): string {
  return JSON.stringify(new TextDecoder().decode(topic));
}
