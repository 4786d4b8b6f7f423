// The failure detector's numbers, as pure functions of what was measured (no clock reads), so each
// can be table-tested. The shape follows SWIM with Lifeguard's refinements (hashicorp/memberlist's
// awareness and suspicion timers) and the phi-accrual idea of a deadline fitted to each peer's
// observed heartbeat jitter:
//
//   silence > suspectAfter  → the peer is SUSPECTED (not lost): it is probed, others are asked;
//   suspected for longer than suspicionTimeout (shrinking with others' confirmations) → FAILED.
//
// The user's bound stays `inactivity_ticks × tick_period` (Supvisors' meaning): on a healthy node
// and a steady peer a silent peer is suspected exactly then, and lost at most `suspicionMax` later.

/** Lifeguard's ceiling on the local health score (memberlist's awarenessMaxMultiplier is 8). */
export const MAX_LOCAL_HEALTH = 8;

/**
 * How many standard deviations of a peer's tick gaps its deadline allows beyond the mean: ticks
 * are periodic, so a gap 4σ past the mean is already rare (a normal tail of 3e-5) for a peer that
 * is merely jittery; the phi-accrual detector's usual thresholds sit in the same region.
 */
export const JITTER_SIGMAS = 4;

/**
 * Weight of a new gap in the running mean and variance. 0.1 remembers about the last ten ticks:
 * enough to follow a peer that became slow under load within a couple of seconds at 0.2 s ticks,
 * few enough that one long stall does not stretch the deadline for minutes.
 */
export const GAP_WEIGHT = 0.1;

/** Running statistics of the gaps between a peer's ticks as they reach us (seconds). */
export interface GapStats {
  /** Number of gaps seen (saturates: only "none yet" and "some" matter). */
  count: number;
  mean: number;
  variance: number;
}

export const NO_GAPS: GapStats = { count: 0, mean: 0, variance: 0 };

/**
 * Adds one gap to the running statistics (exponentially weighted mean and variance).
 * @example addGap(NO_GAPS, 0.2) // { count: 1, mean: 0.2, variance: 0 }
 */
export function addGap(stats: GapStats, gap: number): GapStats {
  if (!(gap >= 0) || !Number.isFinite(gap)) return stats;
  if (stats.count === 0) return { count: 1, mean: gap, variance: 0 };
  const diff = gap - stats.mean;
  const mean = stats.mean + GAP_WEIGHT * diff;
  const variance = (1 - GAP_WEIGHT) * (stats.variance + GAP_WEIGHT * diff * diff);
  return { count: Math.min(stats.count + 1, 1_000_000), mean, variance };
}

/** The bound the user sets: `inactivity_ticks × tick_period` seconds (CFG-SV-17 and tick_period). */
export function baseDeadline(tickPeriod: number, inactivityTicks: number): number {
  return tickPeriod * inactivityTicks;
}

/**
 * Silence after which a peer is suspected. The base bound, stretched by how much later than the
 * tick period this peer's ticks have been arriving (mean plus JITTER_SIGMAS deviations), capped at
 * twice the base so that a peer which was slow once cannot hide a real loss for long; then scaled
 * by the local health score (Lifeguard: a node that is itself late, whose timers fire late and
 * whose reading of sockets lags, must not trust its own sense of time as much).
 * @example suspectAfter(0.4, 0.2, NO_GAPS, 0) // 0.4
 */
export function suspectAfter(base: number, tickPeriod: number, gaps: GapStats, localHealth: number): number {
  const lateness = gaps.count === 0 ? 0 : Math.max(0, gaps.mean - tickPeriod) + JITTER_SIGMAS * Math.sqrt(gaps.variance);
  const fitted = Math.min(base + lateness, 2 * base);
  return fitted * healthMultiplier(localHealth);
}

/**
 * Lifeguard scales its timeouts by (score + 1). The silence deadline here is already several
 * ticks long, so half a step per point is enough: at the ceiling a node that keeps finding
 * itself late waits five times the bound before suspecting anyone.
 * @example healthMultiplier(0) // 1
 */
export function healthMultiplier(localHealth: number): number {
  return 1 + Math.min(Math.max(localHealth, 0), MAX_LOCAL_HEALTH) / 2;
}

/**
 * Minimum and maximum time a peer stays suspected before it is declared lost. Without anyone to
 * confirm (two instances) the maximum applies; each independent confirmation shortens it along
 * memberlist's logarithmic curve down to the minimum once `wanted` peers agree. Half the base
 * bound at least: a peer whose tick is merely a little late refutes well within that; twice
 * the base at most: a frozen instance is still declared lost well before Supvisors' own
 * count-based detection would have at the next whole tick.
 */
export function suspicionBounds(base: number): { min: number; max: number } {
  return { min: base / 2, max: 2 * base };
}

/**
 * Total suspicion time after `confirmations` of `wanted` independent confirmations (memberlist's
 * remainingSuspicionTime without the elapsed part).
 * @example suspicionTimeout(0, 3, 0.2, 0.8) // 0.8
 * @example suspicionTimeout(3, 3, 0.2, 0.8) // 0.2
 */
export function suspicionTimeout(confirmations: number, wanted: number, min: number, max: number): number {
  if (wanted <= 0) return max;
  const fraction = Math.log(Math.min(confirmations, wanted) + 1) / Math.log(wanted + 1);
  return Math.max(min, max - fraction * (max - min));
}

/**
 * How late a local timer may fire before this node counts itself as having been stalled (paused,
 * starved of CPU, or blocked by its own work): a quarter of a tick, at least 50 ms — a loop that
 * honours the 50 ms rule never crosses it on its own.
 */
export function stallThreshold(tickPeriod: number): number {
  return Math.max(0.05, tickPeriod / 4);
}

/** Number of peers asked whether they still hear a suspect (memberlist's IndirectChecks is 3). */
export const INDIRECT_CHECKS = 3;
