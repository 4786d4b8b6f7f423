// The receiving side of replay protection, for keyed clusters. A captured frame must not be
// accepted twice, nor after its sender restarted, nor long after it was sent:
//
// - each sender run has a session (start time + random nonce) and numbers its frames 1, 2, 3…
//   per channel; the guard keeps, per sender, the latest session seen and its highest number;
// - a frame of that session must carry a higher number than any before it (TCP keeps order, and
//   discovery datagrams reordered by the network are only announcements: losing one is harmless);
// - a frame of another session is accepted only if that session started later (the sender
//   restarted); frames of an earlier run are replays;
// - every frame's timestamp must be within maxClockSkewMs of our clock, which bounds what a node
//   that just restarted (and so remembers nothing) could be fed. Hellos and discovery datagrams
//   are checked so; data frames on an established link are not (their guard has no window): they
//   are bound to this run's session, and TCP may deliver one long after it was sent.
// Link frames are also bound to the receiver's session by their HMAC (frame.ts, BOUND), so after a
// restart only a link's opening hello and discovery datagrams remain replayable, within the skew.
// Only frames whose HMAC verified reach the guard, so a forger cannot fill its table.

import type { SenderStamp } from "./session.ts";

interface SenderRecord {
  sessionStart: number;
  sessionNonce: number;
  lastSeq: number;
}

export interface ReplayGuardOptions {
  now: () => number;
  maxClockSkewMs: number;
  /** Table bound; the sender heard from longest ago is forgotten first. */
  maxSenders?: number;
}

export class ReplayGuard {
  readonly #senders = new Map<string, SenderRecord>();
  readonly #options: ReplayGuardOptions;

  constructor(options: ReplayGuardOptions) {
    this.#options = options;
  }

  /**
   * Accepts the frame and records it (returns undefined), or returns why it is a replay.
   * @example guard.check("host:60000", frame) // undefined the first time, a reason the second
   */
  check(sender: string, stamp: SenderStamp): string | undefined {
    const skew = stamp.timestamp - this.#options.now();
    if (!(Math.abs(skew) <= this.#options.maxClockSkewMs)) {
      return `timestamp ${Math.round(skew / 1000)} s away from this node's clock (limit ${this.#options.maxClockSkewMs / 1000} s): replayed, or clocks out of sync`;
    }
    const known = this.#senders.get(sender);
    if (known && known.sessionStart === stamp.sessionStart && known.sessionNonce === stamp.sessionNonce) {
      if (stamp.seq <= known.lastSeq) return `replayed frame (sequence ${stamp.seq}, already at ${known.lastSeq})`;
    } else if (known && stamp.sessionStart <= known.sessionStart) {
      return "frame from an earlier run of the sender (replayed after it restarted)";
    }
    this.#senders.delete(sender);
    this.#senders.set(sender, { sessionStart: stamp.sessionStart, sessionNonce: stamp.sessionNonce, lastSeq: stamp.seq });
    const limit = this.#options.maxSenders ?? 4096;
    if (this.#senders.size > limit) {
      const oldest = this.#senders.keys().next().value;
      if (oldest !== undefined) this.#senders.delete(oldest);
    }
    return undefined;
  }
}
