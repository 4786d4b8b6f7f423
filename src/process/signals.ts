// Signal names as supervisord prints them ("stopped: x (terminated by SIGTERM)") and lookups
// that answer null instead of throwing, for the process layer. The table is config/signals.ts.

import { signalDescription, signalNumber as parseSignalNumber } from "../config/signals.ts";

export const SIGKILL = 9;
export const SIGTERM = 15;

/**
 * The name supervisord prints for a signal number, or "signal N" when it has none.
 * @example signame(15) // "SIGTERM"; signame(40) // "signal 40"
 */
export function signame(sig: number): string {
  return signalDescription(sig);
}

/**
 * The number of a signal given as "SIGTERM", "TERM" (any case) or digits; null when unknown.
 * @example signalNumber("term") // 15
 */
export function signalNumber(name: string): number | null {
  try {
    const num = parseSignalNumber(name);
    return num === 0 ? null : num;
  } catch {
    return null;
  }
}

/**
 * Normalises a signal as the OS layer reports it (a name, possibly an alias, or a number) to
 * supervisord's spelling.
 */
export function normaliseSignal(sig: string | number): string {
  if (typeof sig === "number") return signame(sig);
  const num = signalNumber(sig);
  return num === null ? sig : signame(num);
}
