// Reconnection delays: doubling from a floor to a cap, with ±20 % jitter so that peers that lost
// each other at the same instant do not redial in lockstep.

export interface BackoffOptions {
  minMs: number;
  maxMs: number;
}

/**
 * Delay before reconnection attempt number `attempt` (0 for the first).
 * @example backoffDelay(3, { minMs: 100, maxMs: 5000 }, () => 0.5) // 800
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const base = Math.min(options.maxMs, options.minMs * 2 ** Math.min(attempt, 30));
  const jitter = 0.8 + 0.4 * random();
  return Math.round(Math.min(options.maxMs, base * jitter));
}
