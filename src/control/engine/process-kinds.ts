// Which of Supervisor's process states count as stopped, running or crashed (ST-PR-09, ST-PS-06),
// for a displayed status or a reported state number.

import { STOPPED_STATES } from "../../process/states.ts";
import type { ProcessStatus } from "../model/synthesis.ts";

const STOPPED_NAMES = new Set(["STOPPED", "EXITED", "FATAL", "UNKNOWN"]);
const RUNNING_NAMES = new Set(["STARTING", "RUNNING", "BACKOFF"]);

/** Supervisor's stopped states (ST-PR-09). */
export function isStopped(status: ProcessStatus): boolean {
  return STOPPED_NAMES.has(status.state);
}

/** Supervisor's running states (ST-PR-09); STOPPING is neither. */
export function isRunning(status: ProcessStatus): boolean {
  return RUNNING_NAMES.has(status.state);
}

/** ST-PS-06 on the synthetic state: FATAL, or EXITED unexpectedly. */
export function isCrashed(status: ProcessStatus): boolean {
  return status.state === "FATAL" || (status.state === "EXITED" && !status.expectedExit);
}

/** A reported state number in Supervisor's stopped states. */
export function stoppedState(state: number): boolean {
  return (STOPPED_STATES as readonly number[]).includes(state);
}
