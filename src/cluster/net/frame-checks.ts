// The rules a decoded frame must pass on a link, beyond its HMAC: pure checks returning what is
// wrong (for the rejection log) or undefined when the frame is acceptable.

import type { PeerIdentity } from "../transport.ts";
import type { Frame } from "./frame.ts";
import type { ControlMessage } from "./handshake.ts";
import type { SessionRef } from "./session.ts";

/**
 * A data frame on an established link must come from that link's peer, from the run of it that
 * opened the link, and (keyed) be bound to our session.
 * @example dataFrameProblem(frame, link.peer, link.peerSession, true) // undefined when fine
 */
export function dataFrameProblem(frame: Frame, peer: PeerIdentity, session: SessionRef, keyed: boolean): string | undefined {
  if (frame.kind !== "data") return `${frame.kind} frame on an established link`;
  if (frame.sender.identifier !== peer.identifier) return `frame claims ${frame.sender.identifier} on the link of ${peer.identifier}`;
  if (frame.sessionStart !== session.start || frame.sessionNonce !== session.nonce) return "frame from another run of the peer on this link";
  if (keyed && !frame.bound) return "unbound frame on an established link";
  return undefined;
}

/**
 * An answer to our hello must echo the challenge of this dial and (keyed) be bound to our session,
 * which together prove it was made now, for us.
 */
export function answerProblem(frame: Frame, message: ControlMessage, challenge: string | undefined, keyed: boolean): string | undefined {
  if (message.t === "hello") return "hello received on a link this node dialled";
  if (message.challenge !== challenge) return "handshake answer to another dial (challenge mismatch)";
  if (keyed && !frame.bound) return "handshake answer not bound to this node's session";
  return undefined;
}
