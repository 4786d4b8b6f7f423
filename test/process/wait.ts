// Waiting on a condition with a deadline, for tests that run real processes.

import { readFileSync } from "node:fs";
import { waitFor } from "../support/wait-for.ts";

export { waitFor };

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
