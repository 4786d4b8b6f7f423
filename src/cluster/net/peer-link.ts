// One TCP connection to a peer, in either direction: it turns the socket's bytes into whole frames
// (stream-decoder.ts), tracks the handshake phase, reports backpressure, and reports its end exactly
// once with the reason. What the frames mean is the transport's business (tcp-transport.ts).

import type { Socket } from "node:net";
import type { PeerIdentity } from "../transport.ts";
import { plainAddress } from "./address.ts";
import { readUpgradeReply } from "./http-upgrade.ts";
import type { SessionRef } from "./session.ts";
import { FrameStreamDecoder } from "./stream-decoder.ts";

/**
 * out: connecting → [upgrading →] hello-sent → up;  in: awaiting-hello → up;  either → closed.
 * "upgrading": the HTTP Upgrade request is sent and its answer awaited (http-upgrade.ts).
 */
export type LinkPhase = "connecting" | "upgrading" | "hello-sent" | "awaiting-hello" | "up" | "closed";

/** For a link dialled through a peer's HTTP port: what to send first, and where it goes (for reasons). */
export interface LinkUpgrade {
  request: string;
  target: string;
}

export interface PeerLinkHooks {
  onConnected(link: PeerLink): void;
  onFrame(link: PeerLink, bytes: Uint8Array): void;
  /** The stream is not Flotilla frames; the link closes right after. */
  onGarbage(link: PeerLink, reason: string): void;
  /** The socket can take more bytes again. */
  onDrain(link: PeerLink): void;
  /** Called once, when the link ends for whatever reason. */
  onClosed(link: PeerLink, reason: string): void;
}

/** Bytes of queued frames past which they are handed to the socket at once (see PeerLink.write). */
const MAX_PENDING_BYTES = 256 * 1024;

export class PeerLink {
  readonly direction: "out" | "in";
  phase: LinkPhase;
  /** Who is at the other end, once the handshake told us (for "out", who we expect). */
  peer: PeerIdentity | undefined;
  peerSession: SessionRef | undefined;
  /** The handshake challenge: sent by us (out) or to be echoed by us (in). */
  challenge: string | undefined;
  /** Set when the peer's HTTP server turned the upgrade down (wrong credentials, no peer links). */
  upgradeRefused: string | undefined;
  readonly #socket: Socket;
  readonly #upgrade: LinkUpgrade | undefined;
  /** The upgrade answer received so far. */
  #reply: Buffer = Buffer.alloc(0);
  readonly #hooks: PeerLinkHooks;
  readonly #decoder: FrameStreamDecoder;
  #needDrain = false;
  /** Frames written in this turn of the event loop, not yet handed to the socket (see write). */
  #pending: Uint8Array[] = [];
  #pendingBytes = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(socket: Socket, direction: "out" | "in", hooks: PeerLinkHooks, maxFrameBytes: number, upgrade?: LinkUpgrade) {
    this.#socket = socket;
    this.#upgrade = direction === "out" ? upgrade : undefined;
    this.direction = direction;
    this.phase = direction === "out" ? "connecting" : "awaiting-hello";
    this.#hooks = hooks;
    this.#decoder = new FrameStreamDecoder(maxFrameBytes);
    // Small frames (ticks) must leave at once: failure detection is measured in them.
    socket.setNoDelay(true);
    socket.on("connect", () => {
      if (this.phase === "closed") return;
      if (this.#upgrade) {
        this.phase = "upgrading";
        this.#socket.write(this.#upgrade.request);
        return;
      }
      this.#hooks.onConnected(this);
    });
    socket.on("data", (chunk: Buffer) => this.#receive(chunk));
    socket.on("drain", () => {
      this.#needDrain = false;
      if (this.phase !== "closed") this.#hooks.onDrain(this);
    });
    socket.on("error", (error: Error) => this.close(`socket error: ${error.message}`));
    socket.on("end", () =>
      this.close(this.phase === "upgrading" ? `${this.#upgrade!.target} closed the connection before answering the HTTP upgrade` : "peer closed the connection"),
    );
    socket.on("close", () => this.close("connection closed"));
  }

  /** The address the peer really connects from / was reached at. */
  get remoteAddress(): string {
    return plainAddress(this.#socket.remoteAddress);
  }

  /** True while the socket takes bytes without queueing them in memory. */
  get writable(): boolean {
    return this.phase !== "closed" && !this.#needDrain;
  }

  /**
   * Queues a frame; the frames of one turn leave in one socket write at its end (a microtask, so
   * before the loop polls again: no added delay). A write per frame cost the Master of a
   * 10-instance cluster most of its CPU when it broadcast a 90-process start, each state change
   * to 9 peers.
   */
  write(bytes: Uint8Array): void {
    if (this.phase === "closed") return;
    this.#pending.push(bytes);
    this.#pendingBytes += bytes.length;
    if (this.#pending.length === 1) queueMicrotask(() => this.#flush());
    // A long backlog pumped in one turn goes out in pieces, not as one huge concatenation.
    else if (this.#pendingBytes >= MAX_PENDING_BYTES) this.#flush();
  }

  #flush(): void {
    const pending = this.#pending;
    if (pending.length === 0) return;
    this.#pending = [];
    this.#pendingBytes = 0;
    const chunk = pending.length === 1 ? pending[0]! : Buffer.concat(pending);
    if (!this.#socket.write(chunk)) this.#needDrain = true;
  }

  /** Closes the link if it is not up (handshake done) within `ms`. */
  deadline(ms: number, reason: string): void {
    if (this.#timer) clearTimeout(this.#timer);
    // unref: the socket keeps the process alive while it matters; this timer alone must not.
    this.#timer = setTimeout(() => {
      if (this.phase !== "up") this.close(reason);
    }, ms).unref();
  }

  /**
   * Ends the link. With `flush`, bytes already written (a refusal) are sent before the socket
   * closes; otherwise it is torn down at once.
   */
  close(reason: string, flush = false): void {
    if (this.phase === "closed") return;
    this.phase = "closed";
    if (this.#timer) clearTimeout(this.#timer);
    // Frames written before the close leave first, as when each went to the socket at once: a
    // handshake answer refusing a peer is written right before its link is dropped, and the peer
    // must read it to learn it is isolated (ST-HS-03).
    this.#flush();
    if (flush) {
      this.#socket.end();
      // A peer that never reads must not keep the socket open.
      setTimeout(() => this.#socket.destroy(), 1000).unref();
    } else {
      this.#socket.destroy();
    }
    this.#hooks.onClosed(this, reason);
  }

  /** A method rather than a field test: handlers change the phase behind the compiler's back. */
  #isClosed(): boolean {
    return this.phase === "closed";
  }

  /** Bytes that arrived before the link took the socket over (the `head` of an HTTP upgrade). */
  feed(bytes: Buffer): void {
    if (bytes.length > 0) this.#receive(bytes);
  }

  #receive(chunk: Buffer): void {
    if (this.phase === "closed") return;
    if (this.phase === "upgrading") return this.#receiveReply(chunk);
    const result = this.#decoder.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    for (const frame of result.frames) {
      // A frame handler may close the link; later frames of the same chunk are then dropped.
      if (this.#isClosed()) return;
      this.#hooks.onFrame(this, frame);
    }
    if (result.error && !this.#isClosed()) {
      this.#hooks.onGarbage(this, `garbage on the stream: ${result.error}`);
      this.close(`garbage on the stream: ${result.error}`);
    }
  }

  /** Collects the answer to the upgrade request; once accepted the rest of the bytes are frames. */
  #receiveReply(chunk: Buffer): void {
    this.#reply = Buffer.concat([this.#reply, chunk]);
    const reply = readUpgradeReply(this.#reply);
    if (reply.state === "partial") return;
    this.#reply = Buffer.alloc(0);
    if (reply.state === "refused") {
      this.upgradeRefused = reply.reason;
      this.close(`HTTP upgrade refused by ${this.#upgrade!.target}: ${reply.reason}`);
      return;
    }
    this.phase = "connecting";
    this.#hooks.onConnected(this);
    if (!this.#isClosed() && reply.rest.length > 0) this.#receive(Buffer.from(reply.rest));
  }
}
