// The real peer links: one authenticated TCP connection per pair of nodes, framed (frame.ts),
// opened by whichever side knows the other (connect()), settled to a single link when both dial at
// once (link-choice.ts), redialled with capped backoff when lost, with a bounded per-peer queue.
//
// Handshake (handshake.ts): the dialler sends a hello with a fresh challenge; the listener answers
// with an ack, or a refusal and a close, echoing the challenge and bound to the dialler's session.
// After that, every frame is data, must be bound to the receiver's session when keyed, and must
// come from the identity and run that opened the link; anything else is rejected and closes it.
// With `listen: false` and `httpUpgrade` links run on the nodes' HTTP ports instead (http-upgrade.ts).

import type { Duplex } from "node:stream";
import type { PeerIdentity, Transport, TransportEvent } from "../transport.ts";
import { parsePeerAddress } from "./address.ts";
import { Dialer } from "./dialer.ts";
import { EventHub } from "./event-hub.ts";
import { decodeFrame, type Frame } from "./frame.ts";
import { answerProblem, dataFrameProblem } from "./frame-checks.ts";
import { FrameWriter, keyBytes } from "./frame-writer.ts";
import { newChallenge, parseControl } from "./handshake.ts";
import { IncomingLinks } from "./incoming.ts";
import { decideHello, type CurrentLink } from "./link-choice.ts";
import { silentLog, type NetLog } from "./options.ts";
import type { PeerLink, PeerLinkHooks } from "./peer-link.ts";
import { PeerListener } from "./peer-listener.ts";
import { enqueue, linkStatsOf, newPeerState, tcpSettings, type LinkStats, type PeerState, type TcpSettings, type TcpTransportOptions } from "./peer-state.ts";
import { ReplayGuard } from "./replay-guard.ts";
import { SenderSession } from "./session.ts";

export type { TcpTransportOptions } from "./peer-state.ts";

export class TcpTransport implements Transport {
  readonly #o: TcpSettings;
  readonly #key: Uint8Array | undefined;
  readonly #log: NetLog;
  readonly #session: SenderSession;
  readonly #writer: FrameWriter;
  /** Hellos and data frames are numbered apart (session.ts), so each has its own guard. */
  readonly #helloGuard: ReplayGuard;
  readonly #dataGuard: ReplayGuard;
  readonly #peers = new Map<string, PeerState>();
  readonly #incoming: IncomingLinks;
  readonly #events: EventHub<TransportEvent>;
  readonly #listener: PeerListener;
  readonly #hooks: PeerLinkHooks;
  readonly #dialer: Dialer;
  /** Rejected frames whose sender is no known peer (strangers, garbage before any hello). */
  #rejectedFromUnknown = 0;
  #closed = false;

  constructor(options: TcpTransportOptions) {
    this.#o = tcpSettings(options);
    this.#key = keyBytes(options.peerKey);
    this.#log = options.log ?? silentLog;
    this.#events = new EventHub(this.#log);
    this.#session = options.session ?? new SenderSession(this.#o.now);
    this.#writer = new FrameWriter(this.#o.identity, this.#session, this.#key);
    this.#helloGuard = new ReplayGuard({ now: this.#o.now, maxClockSkewMs: this.#o.maxClockSkewMs });
    // Data frames are bound to our session by their HMAC and numbered within the sender's, so a
    // replay is already refused without their timestamp; and on a lossy path TCP may deliver a
    // frame long after it was sent (36 s, seen in a 10-minute soak at 20 % loss: retransmission
    // backoff), which a clock window would have taken for a replay and closed a good link on.
    this.#dataGuard = new ReplayGuard({ now: this.#o.now, maxClockSkewMs: Number.POSITIVE_INFINITY });
    this.#hooks = {
      onConnected: (link) => this.#sayHello(link),
      onFrame: (link, bytes) => this.#onFrame(link, bytes),
      onGarbage: (link, reason) => this.#reject(link, link.peer?.identifier, reason),
      onDrain: (link) => this.#pumpLink(link),
      onClosed: (link, reason) => this.#onClosed(link, reason),
    };
    this.#dialer = new Dialer(this.#o, this.#hooks, this.#log);
    this.#incoming = new IncomingLinks(this.#o, this.#hooks);
    this.#listener = new PeerListener(this.#o.listenHost, this.#o.listenPort, this.#o.listen, this.#log, (socket) => this.#incoming.accept(socket));
  }

  /** Binds the peer listener (not with `listen: false`); rejects with the OS reason and the address. */
  listen(): Promise<void> {
    return this.#listener.listen();
  }

  /** The bound peer port (useful with listenPort 0); with `listen: false`, listenPort as given. */
  get port(): number {
    return this.#listener.port;
  }

  /**
   * Takes a socket the HTTP server upgraded (incoming.ts); false when it cannot (the server 404s).
   * @example startHttpServers({ ..., upgrade: (req, socket, head) => transport.adopt(socket, head) })
   */
  adopt(socket: Duplex, head: Buffer): boolean {
    return this.#incoming.adopt(socket, head);
  }

  /** Which way the live link to a peer was dialled, or undefined when there is none (diagnostics). */
  linkDirection(identifier: string): "out" | "in" | undefined {
    return this.#peers.get(identifier)?.link?.direction;
  }

  /** Link health of every known peer (read-only copies), for the metrics. */
  linkStats(): LinkStats {
    const now = this.#o.now();
    return { peers: [...this.#peers.values()].map((state) => linkStatsOf(state, now)), rejectedFromUnknown: this.#rejectedFromUnknown };
  }

  send(to: string, payload: unknown): void {
    if (this.#closed || to === this.#o.identity.identifier) return;
    const state = this.#state(to);
    if (state.forgotten) return this.#log("debug", `frame to forgotten peer ${to} dropped`);
    const prepared = this.#writer.prepare(payload, this.#o.maxFrameBytes);
    if ("error" in prepared) return this.#log("error", `frame to ${to} not sent: ${prepared.error}`);
    if (enqueue(state, prepared.json, this.#o, this.#log)) {
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
    if (!state.link && !state.dial) this.#dialer.dialNow(state);
  }

  forget(identifier: string): void {
    if (this.#closed) return;
    const state = this.#state(identifier);
    state.forgotten = true;
    this.#dialer.cancel(state);
    state.outbox.clear();
    state.dial?.close("peer forgotten");
    state.link?.close("peer forgotten (isolated)");
  }

  reset(identifier: string, reason: string): void {
    if (this.#closed) return;
    const state = this.#peers.get(identifier);
    if (!state || state.forgotten) return;
    state.outbox.clear();
    state.attempts = 0;
    state.dial?.close(reason);
    // The side that knows where the peer lives redials at once (#onClosed), the other waits for it.
    state.link?.close(reason);
  }

  /** TCP alone has no discovery: announcements go through multicast (net-transport.ts). */
  announce(): void {}

  /** The port a peer announced for its links, used when connect() gives an address without one. */
  notePeerPort(identifier: string, port: number): void {
    if (this.#closed) return;
    const state = this.#state(identifier);
    state.announcedPort = port;
    // A peer we were told about but had no port for can be dialled now.
    if (!state.timer) this.#dialer.dial(state);
  }

  onEvent(listener: (event: TransportEvent) => void): () => void {
    return this.#events.on(listener);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#dialer.stop();
    this.#incoming.closeAll("transport closed");
    for (const state of this.#peers.values()) {
      this.#dialer.cancel(state);
      state.dial?.close("transport closed");
      state.link?.close("transport closed");
    }
    await this.#listener.close();
    this.#events.clear();
  }

  #state(identifier: string): PeerState {
    const state = this.#peers.get(identifier) ?? newPeerState(identifier, this.#o);
    this.#peers.set(identifier, state);
    return state;
  }

  #sayHello(link: PeerLink): void {
    link.phase = "hello-sent";
    link.challenge = newChallenge();
    link.write(this.#writer.control({ t: "hello", challenge: link.challenge }));
    link.deadline(this.#o.helloTimeoutMs, `no answer to hello within ${this.#o.helloTimeoutMs} ms`);
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
    this.#incoming.settled(link);
    const id = frame.sender.identifier;
    const helloSession = { start: frame.sessionStart, nonce: frame.sessionNonce };
    // Kept only once the hello is accepted: refused strangers must leave nothing behind.
    const state = this.#peers.get(id) ?? newPeerState(id, this.#o);
    const current: CurrentLink = state.link
      ? { phase: "up", dialledBy: state.link.direction === "out" ? "us" : "peer", peerSession: state.link.peerSession! }
      : { phase: state.dial ? (state.dial.phase === "hello-sent" ? "hello-sent" : "connecting") : "none" };
    const decision = decideHello(this.#o.identity.identifier, this.#session.ref, id, helloSession, state.forgotten, current);
    if (!decision.accept) {
      if (decision.warning) this.#log("warn", `a node at ${link.remoteAddress} ${decision.warning}`);
      return this.#refuse(link, decision.reason);
    }
    this.#peers.set(id, state);
    // Retire the current link or dial first: its end is reported before the new link's start.
    state.dial?.close("superseded by the link the peer dialled");
    state.link?.close(`replaced by a new link from ${id}`);
    link.peer = frame.sender;
    link.peerSession = helloSession;
    state.identity = frame.sender;
    link.write(this.#writer.control({ t: "ack", challenge: link.challenge! }, helloSession));
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
    state.health.ups += 1;
    this.#dialer.cancel(state);
    state.attempts = 0;
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
    const health = this.#peers.get(peer.identifier)?.health;
    if (health) [health.framesReceived, health.lastFrameAt] = [health.framesReceived + 1, this.#o.now()];
    this.#events.emit({ type: "frame", frame: { from: frame.sender, address: link.remoteAddress, payload: frame.payload } });
  }

  #reject(link: PeerLink, sender: string | undefined, reason: string): void {
    const who = sender ?? link.remoteAddress;
    this.#log("warn", `peer frame from ${who} (${link.remoteAddress}) rejected: ${reason}`);
    this.#events.emit({ type: "rejected", sender: who, reason });
    // Counted against the link's peer, else the identity claimed; never a new entry for a stranger.
    const known = this.#peers.get(link.peer?.identifier ?? sender ?? "");
    if (known) known.health.framesRejected += 1;
    else this.#rejectedFromUnknown += 1;
    link.close(`rejected frame: ${reason}`);
  }

  #refuse(link: PeerLink, reason: string): void {
    this.#log("info", `link from ${link.remoteAddress} refused: ${reason}`);
    link.write(this.#writer.control({ t: "refuse", challenge: link.challenge ?? "-", reason }));
    link.close(`refused: ${reason}`, true);
  }

  #pump(state: PeerState): void {
    const link = state.link;
    if (!link || link.phase !== "up") return;
    while (state.outbox.length > 0 && link.writable) {
      link.write(this.#writer.data(state.outbox.shift()!.payloadJson, link.peerSession));
      state.health.framesSent += 1;
    }
  }

  #pumpLink(link: PeerLink): void {
    const state = link.peer ? this.#peers.get(link.peer.identifier) : undefined;
    if (state && state.link === link) this.#pump(state);
  }

  #onClosed(link: PeerLink, reason: string): void {
    this.#incoming.settled(link);
    const state = link.peer ? this.#peers.get(link.peer.identifier) : undefined;
    if (!state) return;
    if (state.dial === link) {
      state.dial = undefined;
      // A refused upgrade (credentials?) is worth a warning once per series, not at every retry.
      const level = link.upgradeRefused !== undefined && state.attempts === 0 ? "warn" : "debug";
      this.#log(level, `dial to ${state.identifier} ended: ${reason}`);
      this.#dialer.redialLater(state);
    } else if (state.link === link) {
      state.link = undefined;
      this.#log("info", `link to ${state.identifier} down: ${reason}`);
      this.#events.emit({ type: "linkDown", identifier: state.identifier, reason });
      this.#dialer.redialLater(state);
      // A peer that dialled us and that the core never asked us to reach leaves nothing behind:
      // otherwise every identifier a stranger claims would stay in memory (and in /metrics).
      if (!state.target && state.announcedPort === undefined && !state.forgotten && !state.dial && state.outbox.length === 0) {
        this.#peers.delete(state.identifier);
      }
    }
  }
}
