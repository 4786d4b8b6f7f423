// How far one start or stop order has got, judged from what the target instance reports of the
// process: on each of its events (ST-SEQ-03, ST-SEQ-07) and, on each tick, against the time it
// may take (ST-SEQ-04, ST-SEQ-07). Timeouts are counted in ticks as in Supvisors, a tick being
// `tick_period` seconds here:
//
//   min_ticks   = max(2, ⌊non-isolated instances / 10⌋)     (network margin, ticks in flight)
//   start limit = min_ticks ticks to see STARTING, then ⌈startsecs / tick_period⌉ + min_ticks
//                 ticks from the order (or the last BACKOFF) to see RUNNING
//   stop limit  = min_ticks ticks to see STOPPING, then ⌈stopwaitsecs / tick_period⌉ + min_ticks
//
// A limit is passed once more than that many tick periods have elapsed.

import type { ProcessInfo } from "../../cluster/messages.ts";
import { ProcessStates, processStateName, type ProcessStateName } from "../../process/states.ts";
import type { ClusterSnapshot } from "../model/snapshot.ts";
import type { StartCommand, StopCommand } from "./jobs-model.ts";
import { stoppedState } from "./process-kinds.ts";

export type Progress = "inProgress" | "success" | "failed";

/** Supvisors' margin, in ticks, for any acknowledgement (ST-SEQ-04). */
export const DEFAULT_TICK_TIMEOUT = 2;

/** ST-SEQ-04: max(2, ⌊non-isolated instances / 10⌋). */
export function minTicks(snapshot: ClusterSnapshot): number {
  let valid = 0;
  for (const instance of snapshot.instances.values()) if (instance.state !== "ISOLATED") valid += 1;
  return Math.max(DEFAULT_TICK_TIMEOUT, Math.floor(valid / 10));
}

/** Ticks allowed for a process that takes `secs` seconds (startsecs / stopwaitsecs) to settle. */
export function waitTicks(secs: number, tickPeriod: number, min: number): number {
  return Math.ceil(secs / tickPeriod) + min;
}

/** ST-SEQ-03: a start order after an event of the process on its target. */
export function startOnEvent(command: StartCommand, info: ProcessInfo | undefined, waitExit: boolean): Progress | "backoff" {
  switch (info?.state ?? ProcessStates.STOPPED) {
    case ProcessStates.STARTING:
      return "inProgress";
    case ProcessStates.RUNNING:
      return waitExit && !command.ignoreWaitExit ? "inProgress" : "success";
    case ProcessStates.EXITED:
      return waitExit && info?.expected === true ? "success" : "failed";
    case ProcessStates.BACKOFF:
      return "backoff";
    default:
      // FATAL; STOPPED, STOPPING (someone stopped it meanwhile), UNKNOWN.
      return "failed";
  }
}

/** ST-SEQ-07: a stop order after an event of the process on its target. */
export function stopOnEvent(info: ProcessInfo | undefined): Progress {
  return info === undefined || stoppedState(info.state) ? "success" : "inProgress";
}

export interface TimeCheck {
  progress: Progress | "timedOut";
  /** The state that was awaited, for the forced-state reason (ST-PS-05). */
  expected: ProcessStateName;
}

export interface Clock {
  now: number;
  tickPeriod: number;
  minTicks: number;
}

function elapsedTicks(since: number, clock: Clock): number {
  return (clock.now - since) / clock.tickPeriod;
}

/** ST-SEQ-04: a start order checked on a tick. */
export function startTimeCheck(command: StartCommand, info: ProcessInfo | undefined, waitExit: boolean, clock: Clock): TimeCheck {
  const state = info?.state ?? ProcessStates.STOPPED;
  if (state === ProcessStates.RUNNING) {
    // Waiting for the exit of a wait_exit program has no limit (ST-SEQ-04).
    if (waitExit && !command.ignoreWaitExit) return { progress: "inProgress", expected: "EXITED" };
    return { progress: "success", expected: "RUNNING" };
  }
  if (state === ProcessStates.STARTING || state === ProcessStates.BACKOFF) {
    const limit = waitTicks(info?.startsecs ?? 0, clock.tickPeriod, clock.minTicks);
    return { progress: elapsedTicks(command.since, clock) > limit ? "timedOut" : "inProgress", expected: "RUNNING" };
  }
  return { progress: elapsedTicks(command.since, clock) > clock.minTicks ? "timedOut" : "inProgress", expected: "STARTING" };
}

/** ST-SEQ-07: a stop order checked on a tick. */
export function stopTimeCheck(command: StopCommand, info: ProcessInfo | undefined, clock: Clock): TimeCheck {
  const state = info?.state ?? ProcessStates.STOPPED;
  if (state === ProcessStates.STOPPING) {
    const limit = waitTicks(info?.stopwaitsecs ?? 0, clock.tickPeriod, clock.minTicks);
    return { progress: elapsedTicks(command.since, clock) > limit ? "timedOut" : "inProgress", expected: "STOPPED" };
  }
  if (stoppedState(state)) return { progress: "success", expected: processStateName(state) };
  return { progress: elapsedTicks(command.since, clock) > clock.minTicks ? "timedOut" : "inProgress", expected: "STOPPING" };
}

/** ST-PS-05: the reason shown with the forced state. */
export function timeoutReason(expected: ProcessStateName): string {
  return `process ${expected} event not received in time`;
}
