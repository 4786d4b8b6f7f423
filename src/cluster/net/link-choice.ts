// Which link survives when two exist for the same pair of peers (both dialled at once, or a peer
// dialled again). Both ends apply the same rule to the same facts, so they settle on the same TCP
// connection without talking about it:
//
//   our dial still connecting (no hello sent)  → take the incoming link, drop the dial: the peer
//                                                never saw our hello, so nothing to disagree on
//   our dial has sent its hello                → the link dialled by the smaller identifier wins
//   a link is up, peer came back as a new run  → take the incoming link (the peer restarted)
//   a link is up that the peer dialled         → take the incoming link (the peer gave up the old one)
//   a link is up that we dialled               → the link dialled by the smaller identifier wins
//
// "Smaller" is plain string order of the canonical identifiers. Pure.

import { sameSession, type SessionRef } from "./session.ts";

export type CurrentLink =
  | { phase: "none" }
  | { phase: "connecting" | "hello-sent" }
  | { phase: "up"; dialledBy: "us" | "peer"; peerSession: SessionRef };

/**
 * What to do with a hello that arrives from `peer` on a new incoming connection.
 * @example chooseLink("a:1", "b:1", session, { phase: "hello-sent" }) // "keep-current": a dials
 */
export function chooseLink(local: string, peer: string, helloSession: SessionRef, current: CurrentLink): "take-incoming" | "keep-current" {
  switch (current.phase) {
    case "none":
    case "connecting":
      return "take-incoming";
    case "hello-sent":
      return local < peer ? "keep-current" : "take-incoming";
    case "up":
      if (!sameSession(current.peerSession, helloSession)) return "take-incoming";
      if (current.dialledBy === "peer") return "take-incoming";
      return local < peer ? "keep-current" : "take-incoming";
  }
}

export type HelloDecision = { accept: true } | { accept: false; reason: string; warning?: string };

/**
 * Whether to accept a hello from `peer` (its session `helloSession`): never from our own
 * identifier, never from a forgotten peer, and otherwise as chooseLink says.
 * @example decideHello("a:1", session, "b:1", helloSession, false, { phase: "none" }) // { accept: true }
 */
export function decideHello(
  local: string,
  localSession: SessionRef,
  peer: string,
  helloSession: SessionRef,
  forgotten: boolean,
  current: CurrentLink,
): HelloDecision {
  if (peer === local) {
    if (sameSession(localSession, helloSession)) return { accept: false, reason: "connection to itself" };
    return { accept: false, reason: `identifier ${peer} is this node's own`, warning: `claims this node's own identifier ${peer}` };
  }
  if (forgotten) return { accept: false, reason: `${peer} is isolated by this node` };
  if (chooseLink(local, peer, helloSession, current) === "keep-current") {
    return { accept: false, reason: "duplicate link: keeping the one dialled by the smaller identifier" };
  }
  return { accept: true };
}
