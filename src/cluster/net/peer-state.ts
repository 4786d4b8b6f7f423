// What the TCP transport holds per peer, and its settings with defaults filled in.

import type { PeerIdentity } from "../transport.ts";
import type { DialTarget } from "./address.ts";
import { NetDefaults, type NetLog } from "./options.ts";
import { Outbox } from "./outbox.ts";
import type { PeerLink } from "./peer-link.ts";
import type { SenderSession } from "./session.ts";

export interface TcpTransportOptions {
  identity: PeerIdentity;
  /** Where this node's peer listener binds (the lead derives the port from the config). */
  listenHost: string;
  /** 0 picks a free port (tests); read it back from `port` after `listen()`. */
  listenPort: number;
  /** Peer port of a peer whose connect() address has no port and that has not announced one. */
  peerPortOf: (peer: PeerIdentity) => number;
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

export type TcpSettings = Required<Omit<TcpTransportOptions, "peerKey" | "session" | "log">>;

export function tcpSettings(options: TcpTransportOptions): TcpSettings {
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  return { ...NetDefaults, now: Date.now, random: Math.random, ...given } as unknown as TcpSettings;
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
