// The messages that open a link (CONTROL frames), before any frame for the core may pass:
//
//   dialler → listener   { t: "hello", challenge }            unbound: the dialler does not yet
//                                                              know the listener's session
//   listener → dialler   { t: "ack", challenge }              bound to the dialler's session, and
//                     or { t: "refuse", challenge, reason }   echoing its fresh random challenge
//
// With a key, the echoed challenge under the HMAC proves the answer was made for this very dial,
// so a recorded ack or refusal cannot be played back. Hellos are checked by the replay guard.

import { randomBytes } from "node:crypto";

export type ControlMessage =
  | { t: "hello"; challenge: string }
  | { t: "ack"; challenge: string }
  | { t: "refuse"; challenge: string; reason: string };

/** A fresh challenge for one dial. */
export function newChallenge(): string {
  return randomBytes(16).toString("hex");
}

/**
 * Reads a control payload, or says what is wrong with it.
 * @example parseControl({ t: "ack", challenge: "ab12" }) // { t: "ack", challenge: "ab12" }
 */
export function parseControl(payload: unknown): ControlMessage | string {
  if (typeof payload !== "object" || payload === null) return "handshake message is not an object";
  const p = payload as Record<string, unknown>;
  if (typeof p.challenge !== "string" || p.challenge.length === 0 || p.challenge.length > 64) {
    return "handshake message without a valid challenge";
  }
  switch (p.t) {
    case "hello":
    case "ack":
      return { t: p.t, challenge: p.challenge };
    case "refuse":
      return { t: "refuse", challenge: p.challenge, reason: typeof p.reason === "string" ? p.reason.slice(0, 500) : "no reason given" };
    default:
      return `unknown handshake message '${String(p.t)}'`;
  }
}
