// What the TCP transport holds per peer, and its settings with defaults filled in.

import type { PeerIdentity } from "../transport.ts";
import type { DialTarget } from "./address.ts";
import type { UpgradeCredentials } from "./http-upgrade.ts";
import { NetDefaults, type NetLog } from "./options.ts";
import { Outbox } from "./outbox.ts";
import type { PeerLink } from "./peer-link.ts";
import type { SenderSession } from "./session.ts";

/** Links carried over the peers' inet HTTP ports (http-upgrade.ts) rather than a peer port. */
export interface HttpUpgradeOptions {
  /** The cluster-wide inet_http_server credentials (CFG-IH-04), sent with every dial; none = open servers. */
  credentials?: UpgradeCredentials | null;
}

export interface TcpTransportOptions {
  identity: PeerIdentity;
  /** Where this node's peer listener binds (the lead derives the port from the config). */
  listenHost: string;
  /**
   * 0 picks a free port (tests); read it back from `port` after `listen()`. With `listen: false`,
   * the port peers reach this node at (its inet HTTP port), reported by `port` as is.
   */
  listenPort: number;
  /**
   * false: no listener of our own; incoming links arrive through `adopt()` from the HTTP server's
   * upgrade hook. Default true.
   */
  listen?: boolean;
  /** Dial peers with an HTTP Upgrade on their HTTP port first; absent = plain peer-port dials. */
  httpUpgrade?: HttpUpgradeOptions;
  /**
   * Peer port of a peer whose connect() address has no port and that has not announced one.
   * Optional with `httpUpgrade`, where it defaults to the peer's http port.
   */
  peerPortOf?: (peer: PeerIdentity) => number;
  /** The cluster's shared secret; without it frames are unauthenticated (flag bit clear). */
  peerKey?: string | Uint8Array;
  log?: NetLog;
  now?: () => number;
  random?: () => number;
  /** Shared with multicast discovery so both stamp frames of the same sender run. */
  session?: SenderSession;
  maxFrameBytes?: number;
  maxQueuedFrames?: number;
  maxQueuedBytes?: number;
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  connectTimeoutMs?: number;
  helloTimeoutMs?: number;
  maxClockSkewMs?: number;
}

export type TcpSettings = Required<Omit<TcpTransportOptions, "peerKey" | "session" | "log" | "httpUpgrade">> &
  Pick<TcpTransportOptions, "httpUpgrade">;

/** Over HTTP upgrade a peer is reached where supvisors_list says: its http port. */
const httpPortOf = (peer: PeerIdentity): number => peer.httpPort;

/** Without any rule, a peer is dialled only at a port given to connect() or announced. */
function noPeerPortRule(peer: PeerIdentity): number {
  throw new Error(`no peer port rule configured for ${peer.identifier}`);
}

export function tcpSettings(options: TcpTransportOptions): TcpSettings {
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  const peerPortOf = options.httpUpgrade ? httpPortOf : noPeerPortRule;
  return { ...NetDefaults, now: Date.now, random: Math.random, listen: true, peerPortOf, ...given } as unknown as TcpSettings;
}

export interface PeerState {
  identifier: string;
  identity: PeerIdentity | undefined;
  /** Set by connect(): only peers we were told about are dialled. */
  target: DialTarget | undefined;
  announcedPort: number | undefined;
  /** Isolated by the core: its links are refused until connect() is called for it again. */
  forgotten: boolean;
  /** The link that is up, whichever side dialled it. */
  link: PeerLink | undefined;
  /** Our outgoing connection while its handshake is not done. */
  dial: PeerLink | undefined;
  timer: ReturnType<typeof setTimeout> | undefined;
  attempts: number;
  outbox: Outbox;
  /** Frames dropped from the outbox since the last report. */
  dropped: number;
  /** Link health since the transport started, read by the metrics (linkStatsOf). */
  health: LinkHealth;
}

/** Counters of one peer's links over the transport's life. */
export interface LinkHealth {
  /** Times a link to the peer completed its handshake. */
  ups: number;
  /** Data frames written to its links. */
  framesSent: number;
  /** Data frames accepted from it. */
  framesReceived: number;
  /** Frames from it (or claiming to be) rejected: bad HMAC, replay, wrong session, garbage. */
  framesRejected: number;
  /** When the last data frame was accepted (the transport's clock, ms); undefined before any. */
  lastFrameAt: number | undefined;
}

/** What the metrics read of one peer (read-only copy). */
export interface PeerLinkStats {
  identifier: string;
  /** A link is up (handshake done) now. */
  up: boolean;
  /** Link establishments after the first one: each is a reconnection. */
  reconnections: number;
  framesSent: number;
  framesReceived: number;
  framesRejected: number;
  /** Seconds since the last accepted data frame; null before the first. */
  lastFrameAgeSeconds: number | null;
}

/** Every peer's link stats, plus rejected frames whose sender is no known peer. */
export interface LinkStats {
  peers: PeerLinkStats[];
  rejectedFromUnknown: number;
}

/**
 * The read-only view of one peer's links at `now` (ms, the transport's clock).
 * @example linkStatsOf(state, Date.now()) // { identifier: "10.0.0.2:9001", up: true, reconnections: 0, ... }
 */
export function linkStatsOf(state: PeerState, now: number): PeerLinkStats {
  const h = state.health;
  return {
    identifier: state.identifier,
    up: state.link?.phase === "up",
    reconnections: Math.max(0, h.ups - 1),
    framesSent: h.framesSent,
    framesReceived: h.framesReceived,
    framesRejected: h.framesRejected,
    lastFrameAgeSeconds: h.lastFrameAt === undefined ? null : Math.max(0, now - h.lastFrameAt) / 1000,
  };
}

export function newPeerState(identifier: string, settings: TcpSettings): PeerState {
  return {
    identifier,
    identity: undefined,
    target: undefined,
    announcedPort: undefined,
    forgotten: false,
    link: undefined,
    dial: undefined,
    timer: undefined,
    attempts: 0,
    outbox: new Outbox(settings.maxQueuedFrames, settings.maxQueuedBytes),
    dropped: 0,
    health: { ups: 0, framesSent: 0, framesReceived: 0, framesRejected: 0, lastFrameAt: undefined },
  };
}

/**
 * Queues a serialised payload for a peer; returns true when older frames had to be dropped (the
 * first drop of a series is logged, the total when the link comes back).
 */
export function enqueue(state: PeerState, payloadJson: string, settings: TcpSettings, log: NetLog): boolean {
  const dropped = state.outbox.push({ payloadJson, bytes: Buffer.byteLength(payloadJson) });
  if (dropped === 0) return false;
  if (state.dropped === 0) {
    log("warn", `send queue for ${state.identifier} is full (${settings.maxQueuedFrames} frames or ${settings.maxQueuedBytes} bytes): dropping the oldest frames`);
  }
  state.dropped += dropped;
  return true;
}
