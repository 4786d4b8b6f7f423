// The vocabulary of the process state machine: its configuration, state, inputs and effects.
// machine.ts holds the transitions and re-exports these types.

import type { AutoRestart } from "../config/model.ts";
import { ProcessStates, type ProcessState, type SupervisorState } from "./states.ts";

/** What the machine needs from a ProcessConfig; times are in seconds as configured. */
export interface MachineConfig {
  /** The process name, as it appears in log lines. */
  name: string;
  startsecs: number;
  startretries: number;
  stopwaitsecs: number;
  autostart: boolean;
  autorestart: AutoRestart;
  exitcodes: number[];
  stopsignal: number;
  stopasgroup: boolean;
  killasgroup: boolean;
}

/** Everything getProcessInfo reports, plus the bookkeeping of the transitions. Times in ms. */
export interface MachineState {
  state: ProcessState;
  /** 0 when not running. */
  pid: number;
  /** Last spawn time; 0 if never started (drives autostart, ST-PR-20). */
  laststart: number;
  /** Last time the process was reaped; 0 if never. */
  laststop: number;
  /** Last "waiting for x to stop" log, to throttle it to one per 2 s. */
  laststopreport: number;
  /** Consecutive failed starts (BACKOFF count). */
  backoff: number;
  /** Deadline of the current wait (startsecs, BACKOFF retry, stopwaitsecs); 0 when none. */
  delay: number;
  /** A stop or kill signal was sent and the exit is awaited. */
  killing: boolean;
  /** Last spawn error or exit reason; "" when none. */
  spawnerr: string;
  /** Exit status of the last run (−1 for a signal); null before the first exit. */
  exitstatus: number | null;
  administrativeStop: boolean;
  systemStop: boolean;
  /** A spawn effect was emitted and its outcome (spawned / spawnFailed) is awaited. */
  spawnPending: boolean;
  /** Someone waits for the stop: log "waiting for x to stop" every 2 s while STOPPING. */
  stopReporting: boolean;
}

export type MachineInput =
  | { type: "start" }
  /** `waiting`: a client waits for the stop to complete (supervisord then logs "waiting for x to stop"). */
  | { type: "stop"; waiting?: boolean }
  | { type: "spawned"; pid: number }
  | { type: "spawnFailed"; error: string }
  | { type: "exited"; code: number | null; signal: string | null }
  | { type: "tick" }
  | { type: "signal"; signal: number }
  /** BACKOFF → FATAL without retrying, as supervisord's shutdown does for processes in BACKOFF. */
  | { type: "giveUp" }
  /** Sending a stop/kill signal failed for a reason other than "no such process". */
  | { type: "killFailed"; error: string }
  /** Sending a user signal failed for a reason other than "no such process". */
  | { type: "signalFailed"; error: string };

export type LogLevel = "info" | "warn" | "error" | "debug" | "critical";

export type Effect =
  | { type: "spawn" }
  /** `purpose`: "stop" for stop/kill signals (a failure makes the state UNKNOWN), "signal" for user signals. */
  | { type: "kill"; signal: number; group: boolean; pid: number; purpose: "stop" | "signal" }
  /**
   * A state change. `pid` and `tries` (the BACKOFF counter) are taken at the moment of the change,
   * as supervisord's process events render them eagerly (EXITED still carries the pid).
   */
  | { type: "transition"; from: ProcessState; to: ProcessState; expected?: boolean; pid: number; tries: number }
  | { type: "log"; level: LogLevel; message: string }
  /** The next time (ms) this process needs a "tick"; absent when nothing is due. */
  | { type: "wake"; at: number };

export interface DaemonView {
  state: SupervisorState;
}

export interface StepResult {
  state: MachineState;
  effects: Effect[];
}

export function initialState(): MachineState {
  return {
    state: ProcessStates.STOPPED,
    pid: 0,
    laststart: 0,
    laststop: 0,
    laststopreport: 0,
    backoff: 0,
    delay: 0,
    killing: false,
    spawnerr: "",
    exitstatus: null,
    administrativeStop: false,
    systemStop: false,
    spawnPending: false,
    stopReporting: false,
  };
}
