// The real peer links: one authenticated TCP connection per pair of nodes, framed (frame.ts),
// opened by whichever side knows the other (connect()), settled to a single link when both dial at
// once (link-choice.ts), redialled with capped backoff when lost, with a bounded per-peer queue.
//
// Handshake: the dialler sends a CONTROL hello; the listener answers with an ack bound to the
// dialler's session (so an old ack cannot be replayed), or a refusal with its reason, then closes.
// After that, every frame is data, must be bound to the receiver's session when keyed, and must
// come from the identity the link was opened with; anything else is rejected and closes the link.

import { createServer, connect as dialSocket, type Server, type Socket } from "node:net";
import type { PeerIdentity, Transport, TransportEvent } from "../transport.ts";
import { parsePeerAddress } from "./address.ts";
import { backoffDelay } from "./backoff.ts";
import { EventHub } from "./event-hub.ts";
import { decodeFrame, encodeFrame, frameSizeFor, toPayloadJson, type Frame } from "./frame.ts";
import { answerProblem, dataFrameProblem } from "./frame-checks.ts";
import { newChallenge, parseControl, type ControlMessage } from "./handshake.ts";
import { chooseLink, type CurrentLink } from "./link-choice.ts";
import { silentLog, type NetLog } from "./options.ts";
import { PeerLink, type PeerLinkHooks } from "./peer-link.ts";
import { enqueue, newPeerState, tcpSettings, type PeerState, type TcpSettings, type TcpTransportOptions } from "./peer-state.ts";
import { ReplayGuard } from "./replay-guard.ts";
import { SenderSession, type SessionRef } from "./session.ts";

export type { TcpTransportOptions } from "./peer-state.ts";

/** Accepted sockets still in their handshake; more are refused (a flood must not exhaust us). */
const MAX_HANDSHAKING = 256;

export class TcpTransport implements Transport {
  readonly #o: TcpSettings;
  readonly #key: Uint8Array | undefined;
  readonly #log: NetLog;
  readonly #session: SenderSession;
  /** Hellos and data frames are numbered apart (session.ts), so each has its own guard. */
  readonly #helloGuard: ReplayGuard;
  readonly #dataGuard: ReplayGuard;
  readonly #peers = new Map<string, PeerState>();
  readonly #handshaking = new Set<PeerLink>();
  readonly #events: EventHub<TransportEvent>;
  readonly #server: Server;
  readonly #hooks: PeerLinkHooks;
  #closed = false;

  constructor(options: TcpTransportOptions) {
    this.#o = tcpSettings(options);
    this.#key = typeof options.peerKey === "string" ? new TextEncoder().encode(options.peerKey) : options.peerKey;
    this.#log = options.log ?? silentLog;
    this.#events = new EventHub(this.#log);
    this.#session = options.session ?? new SenderSession(this.#o.now);
    this.#helloGuard = new ReplayGuard({ now: this.#o.now, maxClockSkewMs: this.#o.maxClockSkewMs });
    this.#dataGuard = new ReplayGuard({ now: this.#o.now, maxClockSkewMs: this.#o.maxClockSkewMs });
    this.#hooks = {
      onConnected: (link) => this.#sayHello(link),
      onFrame: (link, bytes) => this.#onFrame(link, bytes),
      onGarbage: (link, reason) => this.#reject(link, link.peer?.identifier, reason),
      onDrain: (link) => this.#pumpLink(link),
      onClosed: (link, reason) => this.#onClosed(link, reason),
    };
    this.#server = createServer((socket) => this.#accept(socket));
  }

  /** Binds the peer listener; rejects with the OS reason (e.g. EADDRINUSE) and the address. */
  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error) => reject(new Error(`cannot listen for peers on ${this.#o.listenHost}:${this.#o.listenPort}: ${error.message}`));
      this.#server.once("error", onError);
      this.#server.listen(this.#o.listenPort, this.#o.listenHost, () => {
        this.#server.off("error", onError);
        this.#server.on("error", (error) => this.#log("error", `peer listener: ${error.message}`));
        resolve();
      });
    });
  }

  /** The bound peer port (useful with listenPort 0). */
  get port(): number {
    const address = this.#server.address();
    return typeof address === "object" && address ? address.port : this.#o.listenPort;
  }

  get session(): SessionRef {
    return this.#session.ref;
  }

  /** Which way the live link to a peer was dialled, or undefined when there is none (diagnostics). */
  linkDirection(identifier: string): "out" | "in" | undefined {
    return this.#peers.get(identifier)?.link?.direction;
  }

  send(to: string, payload: unknown): void {
    if (this.#closed || to === this.#o.identity.identifier) return;
    const state = this.#state(to);
    if (state.forgotten) return this.#log("debug", `frame to forgotten peer ${to} dropped`);
    let payloadJson: string;
    try {
      payloadJson = toPayloadJson(payload);
    } catch (error) {
      return this.#log("error", `frame to ${to} not sent: ${(error as Error).message}`);
    }
    const size = frameSizeFor(this.#o.identity, payloadJson, this.#key !== undefined);
    if (size > this.#o.maxFrameBytes) {
      return this.#log("error", `frame to ${to} not sent: ${size} bytes exceeds the limit of ${this.#o.maxFrameBytes}`);
    }
    if (enqueue(state, payloadJson, this.#o, this.#log)) {
      // A peer that does not read its link gets the link closed, so the core sees it go and
      // re-syncs on its return rather than silently missing frames.
      state.link?.close("peer not reading: send queue full");
    }
    this.#pump(state);
  }

  connect(peer: PeerIdentity, address: string): void {
    if (this.#closed || peer.identifier === this.#o.identity.identifier) return;
    const target = parsePeerAddress(address);
    if (typeof target === "string") {
      this.#log("warn", `cannot link to ${peer.identifier}: ${target}`);
      return;
    }
    const state = this.#state(peer.identifier);
    state.forgotten = false;
    state.identity = peer;
    state.target = target;
    if (state.link || state.dial) return;
    if (state.timer) clearTimeout(state.timer);
    state.timer = undefined;
    state.attempts = 0;
    this.#dial(state);
  }

  forget(identifier: string): void {
    if (this.#closed) return;
    const state = this.#state(identifier);
    state.forgotten = true;
    if (state.timer) clearTimeout(state.timer);
    state.timer = undefined;
    state.outbox.clear();
    state.dial?.close("peer forgotten");
    state.link?.close("peer forgotten (isolated)");
  }

  /** TCP alone has no discovery: announcements go through multicast (net-transport.ts). */
  announce(): void {}

  /** The port a peer announced for its links, used when connect() gives an address without one. */
  notePeerPort(identifier: string, port: number): void {
    if (!this.#closed) this.#state(identifier).announcedPort = port;
  }

  onEvent(listener: (event: TransportEvent) => void): () => void {
    return this.#events.on(listener);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const link of [...this.#handshaking]) link.close("transport closed");
    for (const state of this.#peers.values()) {
      if (state.timer) clearTimeout(state.timer);
      state.dial?.close("transport closed");
      state.link?.close("transport closed");
    }
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#events.clear();
  }

  #state(identifier: string): PeerState {
    let state = this.#peers.get(identifier);
    if (!state) {
      state = newPeerState(identifier, this.#o);
      this.#peers.set(identifier, state);
    }
    return state;
  }

  #dial(state: PeerState): void {
    if (this.#closed || state.forgotten || state.link || state.dial || !state.target || !state.identity) return;
    const port = state.target.port ?? state.announcedPort ?? this.#o.peerPortOf(state.identity);
    const socket = dialSocket({ host: state.target.host, port });
    const link = new PeerLink(socket, "out", this.#hooks, this.#o.maxFrameBytes);
    link.peer = state.identity;
    state.dial = link;
    link.deadline(this.#o.connectTimeoutMs, `no connection to ${state.target.host}:${port} within ${this.#o.connectTimeoutMs} ms`);
  }

  #scheduleRedial(state: PeerState): void {
    if (this.#closed || state.forgotten || !state.target || state.link || state.dial || state.timer) return;
    const delay = backoffDelay(state.attempts, { minMs: this.#o.reconnectMinMs, maxMs: this.#o.reconnectMaxMs }, this.#o.random);
    state.attempts += 1;
    state.timer = setTimeout(() => {
      state.timer = undefined;
      this.#dial(state);
    }, delay);
  }

  #accept(socket: Socket): void {
    if (this.#closed || this.#handshaking.size >= MAX_HANDSHAKING) {
      socket.destroy();
      return;
    }
    const link = new PeerLink(socket, "in", this.#hooks, this.#o.maxFrameBytes);
    this.#handshaking.add(link);
    link.deadline(this.#o.helloTimeoutMs, `no hello within ${this.#o.helloTimeoutMs} ms`);
  }

  #sayHello(link: PeerLink): void {
    link.phase = "hello-sent";
    link.challenge = newChallenge();
    link.write(this.#control({ t: "hello", challenge: link.challenge }));
    link.deadline(this.#o.helloTimeoutMs, `no answer to hello within ${this.#o.helloTimeoutMs} ms`);
  }

  #control(message: ControlMessage, bindTo?: SessionRef): Uint8Array {
    const stamp = this.#session.stamp("control");
    return encodeFrame({ kind: "control", sender: this.#o.identity, stamp, payloadJson: toPayloadJson(message), key: this.#key, bindTo });
  }

  #onFrame(link: PeerLink, bytes: Uint8Array): void {
    const decoded = decodeFrame(bytes, { key: this.#key, maxFrameBytes: this.#o.maxFrameBytes, session: this.#session.ref });
    if (!decoded.ok) return this.#reject(link, decoded.sender, decoded.reason);
    const frame = decoded.frame;
    if (link.phase === "up") return this.#onData(link, frame);
    const sender = frame.sender.identifier;
    if (frame.kind !== "control") return this.#reject(link, sender, `${frame.kind} frame before the handshake`);
    const message = parseControl(frame.payload);
    if (typeof message === "string") return this.#reject(link, sender, message);
    if (link.direction === "in" && message.t === "hello") {
      const replay = frame.authenticated ? this.#helloGuard.check(sender, frame) : undefined;
      if (replay) return this.#reject(link, sender, replay);
      link.challenge = message.challenge;
      return this.#onHello(link, frame);
    }
    if (link.direction === "in") return this.#reject(link, sender, `expected a hello, got '${message.t}'`);
    const problem = answerProblem(frame, message, link.challenge, this.#key !== undefined);
    if (problem) return this.#reject(link, sender, problem);
    if (message.t === "ack") return this.#onAck(link, frame);
    this.#log("info", `peer ${sender} (${link.remoteAddress}) refused the link: ${message.t === "refuse" ? message.reason : ""}`);
    link.close(`refused by peer: ${message.t === "refuse" ? message.reason : ""}`);
  }

  #onHello(link: PeerLink, frame: Frame): void {
    this.#handshaking.delete(link);
    const id = frame.sender.identifier;
    const helloSession = { start: frame.sessionStart, nonce: frame.sessionNonce };
    if (id === this.#o.identity.identifier) {
      const self = frame.sessionStart === this.#session.ref.start && frame.sessionNonce === this.#session.ref.nonce;
      if (!self) this.#log("warn", `a node at ${link.remoteAddress} claims this node's identifier ${id}`);
      return this.#refuse(link, self ? "connection to itself" : `identifier ${id} is this node's own`);
    }
    const state = this.#state(id);
    if (state.forgotten) return this.#refuse(link, `${id} is isolated by this node`);
    const current: CurrentLink = state.link
      ? { phase: "up", dialledBy: state.link.direction === "out" ? "us" : "peer", peerSession: state.link.peerSession! }
      : state.dial
        ? { phase: state.dial.phase === "hello-sent" ? "hello-sent" : "connecting" }
        : { phase: "none" };
    if (chooseLink(this.#o.identity.identifier, id, helloSession, current) === "keep-current") {
      return this.#refuse(link, "duplicate link: keeping the one dialled by the smaller identifier");
    }
    // Retire the current link or dial first: its end is reported before the new link's start.
    state.dial?.close("superseded by the link the peer dialled");
    state.link?.close(`replaced by a new link from ${id}`);
    link.peer = frame.sender;
    link.peerSession = helloSession;
    state.identity = frame.sender;
    link.write(this.#control({ t: "ack", challenge: link.challenge! }, helloSession));
    this.#linkUp(state, link);
  }

  #onAck(link: PeerLink, frame: Frame): void {
    const state = this.#peers.get(link.peer!.identifier);
    const expected = link.peer!.identifier;
    if (!state || state.dial !== link) return link.close("stale dial");
    if (frame.sender.identifier !== expected) {
      this.#log("warn", `expected ${expected} at ${link.remoteAddress} but ${frame.sender.identifier} answered`);
      return link.close(`wrong peer: ${frame.sender.identifier} answered for ${expected}`);
    }
    state.dial = undefined;
    link.peer = frame.sender;
    link.peerSession = { start: frame.sessionStart, nonce: frame.sessionNonce };
    this.#linkUp(state, link);
  }

  #linkUp(state: PeerState, link: PeerLink): void {
    link.phase = "up";
    state.link = link;
    state.attempts = 0;
    if (state.timer) clearTimeout(state.timer);
    state.timer = undefined;
    if (state.dropped > 0) {
      this.#log("warn", `${state.dropped} frames to ${state.identifier} were dropped while its link was down or full`);
      state.dropped = 0;
    }
    this.#events.emit({ type: "linkUp", identifier: state.identifier });
    this.#pump(state);
  }

  #onData(link: PeerLink, frame: Frame): void {
    const peer = link.peer!;
    const problem = dataFrameProblem(frame, peer, link.peerSession!, this.#key !== undefined);
    if (problem) return this.#reject(link, frame.sender.identifier, problem);
    // Without a key anyone can forge a fresh frame, so checking freshness would protect nothing.
    const replay = frame.authenticated ? this.#dataGuard.check(peer.identifier, frame) : undefined;
    if (replay) return this.#reject(link, peer.identifier, replay);
    this.#events.emit({ type: "frame", frame: { from: frame.sender, address: link.remoteAddress, payload: frame.payload } });
  }

  #reject(link: PeerLink, sender: string | undefined, reason: string): void {
    const who = sender ?? link.remoteAddress;
    this.#log("warn", `peer frame from ${who} (${link.remoteAddress}) rejected: ${reason}`);
    this.#events.emit({ type: "rejected", sender: who, reason });
    link.close(`rejected frame: ${reason}`);
  }

  #refuse(link: PeerLink, reason: string): void {
    this.#log("info", `link from ${link.remoteAddress} refused: ${reason}`);
    link.write(this.#control({ t: "refuse", challenge: link.challenge ?? "-", reason }));
    link.close(`refused: ${reason}`, true);
  }

  #pump(state: PeerState): void {
    const link = state.link;
    if (!link || link.phase !== "up") return;
    while (state.outbox.length > 0 && link.writable) {
      const item = state.outbox.shift()!;
      const stamp = this.#session.stamp("link");
      link.write(encodeFrame({ kind: "data", sender: this.#o.identity, stamp, payloadJson: item.payloadJson, key: this.#key, bindTo: link.peerSession }));
    }
  }

  #pumpLink(link: PeerLink): void {
    const state = link.peer ? this.#peers.get(link.peer.identifier) : undefined;
    if (state && state.link === link) this.#pump(state);
  }

  #onClosed(link: PeerLink, reason: string): void {
    this.#handshaking.delete(link);
    const state = link.peer ? this.#peers.get(link.peer.identifier) : undefined;
    if (!state) return;
    if (state.dial === link) {
      state.dial = undefined;
      this.#log("debug", `dial to ${state.identifier} ended: ${reason}`);
      this.#scheduleRedial(state);
    } else if (state.link === link) {
      state.link = undefined;
      this.#log("info", `link to ${state.identifier} down: ${reason}`);
      this.#events.emit({ type: "linkDown", identifier: state.identifier, reason });
      this.#scheduleRedial(state);
    }
  }
}
