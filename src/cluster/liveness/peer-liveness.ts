// What the failure detector keeps about one peer: when anything was last heard from it, the
// statistics of its tick gaps, and the suspicion under way if any. A plain value replaced on every
// change, as the rest of the cluster state.
import { addGap, NO_GAPS, type GapStats } from "./timing.ts";

export interface Suspicion {
  /** Monotonic time the suspicion began. */
  since: number;
  /** The probe round sent for it: answers of another round are stale. */
  round: number;
  /** Peers asked to probe the suspect for us. */
  asked: readonly string[];
  /** Of those, the ones it did not answer either (independent confirmations). */
  confirmedBy: readonly string[];
  /** Of those, the ones it answered: the trouble is between it and us, or in us. */
  hearingIt: readonly string[];
}

export interface PeerLiveness {
  /** Monotonic time any frame of it last arrived; 0 = never. */
  heard: number;
  /** Arrival time and sequence of its last tick, to measure the gaps between ticks. */
  lastTickAt: number;
  lastTickSeq: number;
  gaps: GapStats;
  suspicion: Suspicion | null;
}

export const NO_LIVENESS: PeerLiveness = { heard: 0, lastTickAt: 0, lastTickSeq: 0, gaps: NO_GAPS, suspicion: null };

/**
 * Records the arrival of a tick numbered `seq` at `now`. The gap counted is per tick period: two
 * ticks apart (one lost or merged) count as two gaps of half the time. A tick that arrives after
 * this node's own stall (`resumedAt`) says nothing of the peer's rhythm and is not counted.
 * @example withTick(NO_LIVENESS, 1, 10, 0).lastTickSeq // 1
 */
export function withTick(liveness: PeerLiveness, seq: number, now: number, resumedAt: number): PeerLiveness {
  let gaps = liveness.gaps;
  const steps = seq - liveness.lastTickSeq;
  if (liveness.lastTickAt > 0 && steps > 0 && liveness.lastTickAt >= resumedAt) {
    const perStep = (now - liveness.lastTickAt) / steps;
    for (let i = 0; i < Math.min(steps, 3); i += 1) gaps = addGap(gaps, perStep);
  }
  // The same tick again (sent at once to a new link): heard, but no new rhythm information.
  // A lower number is a restart: the count starts over from it.
  if (steps === 0) return { ...liveness, heard: now };
  return { ...liveness, heard: now, lastTickAt: now, lastTickSeq: seq, gaps };
}
