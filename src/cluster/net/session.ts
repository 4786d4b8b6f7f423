// The sending side of replay protection: one session per started transport (its start time and a
// random nonce) and one sequence counter per channel, stamped into every frame it sends.
// Receivers keep the matching state in ReplayGuard (replay-guard.ts).

import { randomInt } from "node:crypto";

/** Names one run of a sender: a restarted node gets a later start and a fresh nonce. */
export interface SessionRef {
  start: number;
  nonce: number;
}

/** What each frame carries so a receiver can tell a fresh frame from a replayed one. */
export interface SenderStamp {
  sessionStart: number;
  sessionNonce: number;
  /** Per sender and channel, strictly increasing from 1. */
  seq: number;
  /** Sender's clock when the frame was encoded, ms since the epoch. */
  timestamp: number;
}

/** Separate counters, so a receiver can check each kind of traffic in its own order. */
export type Channel = "link" | "control" | "discovery";

export class SenderSession {
  readonly ref: SessionRef;
  readonly #now: () => number;
  readonly #seq: Record<Channel, number> = { link: 0, control: 0, discovery: 0 };

  constructor(now: () => number = Date.now, nonce: number = randomInt(0, 2 ** 32)) {
    this.#now = now;
    this.ref = { start: now(), nonce };
  }

  /** Stamps the next frame of a channel. Links share one counter: each receiver sees its own
   *  frames in increasing order, gaps included, which is all the guard asks for. */
  stamp(channel: Channel): SenderStamp {
    this.#seq[channel] += 1;
    return { sessionStart: this.ref.start, sessionNonce: this.ref.nonce, seq: this.#seq[channel], timestamp: this.#now() };
  }
}

export function sameSession(a: SessionRef, b: SessionRef): boolean {
  return a.start === b.start && a.nonce === b.nonce;
}

/** The 12 bytes a bound frame's HMAC also covers: the receiver's session start and nonce. */
export function sessionBytes(ref: SessionRef): Uint8Array {
  const bytes = new Uint8Array(12);
  const view = new DataView(bytes.buffer);
  view.setFloat64(0, ref.start);
  view.setUint32(8, ref.nonce);
  return bytes;
}
