// The local node's health score (Lifeguard's "awareness"): how much this node should distrust its
// own sense of time before it blames a peer. Raised when it finds itself late or wrong, lowered by
// one at each calm local tick; the deadlines of timing.ts stretch with it.
import type { Draft } from "../draft.ts";
import { MAX_LOCAL_HEALTH } from "./timing.ts";

function raise(d: Draft, why: string): void {
  const health = d.state.health;
  const score = Math.min(MAX_LOCAL_HEALTH, health.score + 1);
  if (score !== health.score) d.log("debug", `local health score ${score} (${why})`);
  d.state.health = { ...health, score, troubledSinceTick: true };
}

/**
 * A local timer fired `late` seconds after it was due: this node was paused, starved of CPU or
 * blocked. Whatever peers sent meanwhile may still wait unread in the sockets, so silence measured
 * across the stall is not evidence against anyone: it is measured again from now.
 */
export function noteStall(d: Draft, late: number): void {
  raise(d, `a local timer fired ${late.toFixed(3)} s late`);
  d.state.health = { ...d.state.health, resumedAt: d.now };
  // Suspicions under way lasted through the stall too: they start over once silence is due again.
  for (const record of [...d.all()]) {
    if (record.liveness.suspicion) d.edit(record.identity.identifier).liveness = { ...record.liveness, suspicion: null };
  }
}

/** This node suspected a peer that others still hear, or learnt that a peer suspects it. */
export function noteDoubt(d: Draft, why: string): void {
  raise(d, why);
}

/** At each local tick: one point less when nothing troubled this node since the previous one. */
export function decayAtTick(d: Draft): void {
  const health = d.state.health;
  if (health.troubledSinceTick) {
    d.state.health = { ...health, troubledSinceTick: false };
  } else if (health.score > 0) {
    d.state.health = { ...health, score: health.score - 1 };
  }
}

/** A fresh number for a probe round. */
export function nextProbeRound(d: Draft): number {
  const round = d.state.health.probeRound + 1;
  d.state.health = { ...d.state.health, probeRound: round };
  return round;
}
