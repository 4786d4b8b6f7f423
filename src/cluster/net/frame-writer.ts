// Stamps and encodes the frames one node sends: its identity, its session's next sequence number
// for the channel, and its key. Shared by the TCP links and multicast discovery.

import type { PeerIdentity } from "../transport.ts";
import { encodeFrame, frameSizeFor, toPayloadJson } from "./frame.ts";
import type { ControlMessage } from "./handshake.ts";
import type { SenderSession, SessionRef } from "./session.ts";

export class FrameWriter {
  readonly identity: PeerIdentity;
  readonly session: SenderSession;
  readonly key: Uint8Array | undefined;
  #lastPayload: unknown;
  #lastJson: string | undefined;

  constructor(identity: PeerIdentity, session: SenderSession, key: Uint8Array | undefined) {
    this.identity = identity;
    this.session = session;
    this.key = key;
  }

  /**
   * Serialises a payload for a later data frame, or says why it cannot be sent (not JSON, or a
   * frame over the size limit), so that nothing unsendable is queued.
   */
  prepare(payload: unknown, maxFrameBytes: number): { json: string } | { error: string } {
    let json: string;
    try {
      // A broadcast sends one message object to every peer: serialised once, not once per peer.
      json = payload === this.#lastPayload && this.#lastJson !== undefined ? this.#lastJson : toPayloadJson(payload);
    } catch (error) {
      return { error: (error as Error).message };
    }
    this.#lastPayload = payload;
    this.#lastJson = json;
    const size = frameSizeFor(this.identity, json, this.key !== undefined);
    return size > maxFrameBytes ? { error: `${size} bytes exceeds the limit of ${maxFrameBytes}` } : { json };
  }

  /** A link handshake message, bound to the receiver's session when it is known. */
  control(message: ControlMessage, bindTo?: SessionRef): Uint8Array {
    const stamp = this.session.stamp("control");
    return encodeFrame({ kind: "control", sender: this.identity, stamp, payloadJson: toPayloadJson(message), key: this.key, bindTo });
  }

  /** A frame for the core, bound to the receiving peer's session. */
  data(payloadJson: string, bindTo: SessionRef | undefined): Uint8Array {
    return encodeFrame({ kind: "data", sender: this.identity, stamp: this.session.stamp("link"), payloadJson, key: this.key, bindTo });
  }

  /** A discovery announcement. */
  discovery(payloadJson: string): Uint8Array {
    return encodeFrame({ kind: "discovery", sender: this.identity, stamp: this.session.stamp("discovery"), payloadJson, key: this.key });
  }
}

/** The key as bytes, from the configured string or bytes; an empty key means none. */
export function keyBytes(key: string | Uint8Array | undefined): Uint8Array | undefined {
  if (key === undefined || key.length === 0) return undefined;
  return typeof key === "string" ? new TextEncoder().encode(key) : key;
}
