// Waiting on a condition with a deadline, for tests that run real processes.

import { readFileSync } from "node:fs";

/** Resolves once `cond()` is truthy; rejects with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, cond: () => T | undefined | null | false, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = cond();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    // Yield to the event loop (pipes, exits, timers) before checking again.
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** The state letter of a pid from /proc (R, S, Z...), or null when the process is gone. */
export function procState(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the parenthesised command name: state, ppid, pgrp, session...
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[0];
  } catch {
    return null;
  }
}

/** Process group and session of a live pid, from /proc. */
export function procGroupAndSession(pid: number): { pgrp: number; session: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return { pgrp: Number(fields[2]), session: Number(fields[3]) };
}

/** Gone, or a zombie nobody reaped (containers whose init does not reap orphans). */
export function isDead(pid: number): boolean {
  const state = procState(pid);
  return state === null || state === "Z";
}
