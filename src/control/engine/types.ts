// What goes into the control engine (inputs, user requests) and what comes out of it (effects,
// replies, dry-run plans). The node turns process events, instance losses, FSM job commands, peer
// messages, ticks and user requests into inputs, and carries the effects out.

import type { FaultName } from "../../api/faults.ts";
import type { JobsCommand } from "../../cluster/effects.ts";
import type { ProcessInfo } from "../../cluster/messages.ts";
import type { LogLevelName } from "../../config/model.ts";
import type { ConciliationStrategy, StartingStrategy } from "../../config/supvisors-model.ts";
import type { ApplicationStatus } from "../model/application-status.ts";
import type { ProcessStatus } from "../model/synthesis.ts";

export type { ConciliationStrategy, StartingStrategy };

export interface ControlOptions {
  /** Identifier of the local instance: the LOCAL strategy places there; it runs user requests. */
  localId: string;
  /** Seconds between two ticks: the unit of every job timeout (ST-SEQ-04/07). */
  tickPeriod: number;
  /** The `starting_strategy` option (default of applications without their own). */
  startingStrategy: StartingStrategy;
  /** The `conciliation_strategy` option, applied on `jobs: conciliate`. */
  conciliationStrategy: ConciliationStrategy;
}

export type ControlInput =
  /** Every tick_period: job timeouts, deferred failure jobs, lost processes a new Master takes over. */
  | { type: "tick" }
  /** A process changed on an instance; the snapshot already includes it. */
  | { type: "processEvent"; identifier: string; info: ProcessInfo }
  /**
   * Several process events arrived together (a handshake's whole list), each `group:name` at most
   * once: the same as one processEvent each, with the table refreshed once for all of them.
   */
  | { type: "processEvents"; events: { identifier: string; info: ProcessInfo }[] }
  /** A process (`group:name`) disappeared from an instance; the snapshot is already without it. */
  | { type: "processRemoved"; identifier: string; namespec: string }
  /** ST-IN-17: an instance was invalidated; `lostProcesses` (`group:name`) now run nowhere. */
  | { type: "instanceLost"; identifier: string; lostProcesses: string[] }
  /** What the cluster FSM asks of the control layer on entering a state. */
  | { type: "jobs"; command: JobsCommand }
  /**
   * A peer imposed a state on a process (ST-PS-05); `identifier` is the instance where another
   * state was expected ("" when none could be chosen).
   */
  | { type: "forced"; namespec: string; state: "FATAL" | "STOPPED"; reason: string; identifier?: string }
  /** An order this node gave could not be carried out on the target instance. */
  | { type: "commandFailed"; identifier: string; namespec: string; action: "start" | "stop"; reason: string }
  /** A user request (XML-RPC, UI, REST, ctl); its reply comes as a `reply` effect with the same id. */
  | { type: "request"; id: number; request: ControlRequest };

/**
 * User requests. Namespecs are `group:name`, `group:*`, `group:` or `name` (= `name:name`).
 * Strategies are already checked by the API door (INCORRECT_PARAMETERS is its fault).
 */
export type ControlRequest =
  | { kind: "startApplication"; strategy: StartingStrategy; application: string; wait: boolean }
  | { kind: "stopApplication"; application: string; wait: boolean }
  | { kind: "restartApplication"; strategy: StartingStrategy; application: string; wait: boolean }
  | { kind: "startProcess"; strategy: StartingStrategy; namespec: string; extraArgs: string; wait: boolean }
  | { kind: "stopProcess"; namespec: string; wait: boolean }
  | { kind: "restartProcess"; strategy: StartingStrategy; namespec: string; extraArgs: string; wait: boolean }
  | { kind: "startAnyProcess"; strategy: StartingStrategy; regex: string; extraArgs: string; wait: boolean }
  | { kind: "restartSequence"; wait: boolean }
  | { kind: "conciliate"; strategy: ConciliationStrategy };

export type ControlReply = { ok: true; value: boolean | string } | { ok: false; fault: FaultName; detail: string };

export type ControlEffect =
  /** The node runs `supvisors.start_args(namespec, extraArgs, false)` on that instance. */
  | { type: "start"; identifier: string; namespec: string; extraArgs: string }
  /** The node runs `supervisor.stopProcess(namespec, false)` on that instance. */
  | { type: "stop"; identifier: string; namespec: string }
  /** The node tells every peer (ST-PS-05); the engine already applied it locally. */
  /** `at`: the engine's clock when it forced the state (EVT-15's now_monotonic). */
  | { type: "forced"; namespec: string; state: "FATAL" | "STOPPED"; reason: string; identifier: string; at: number }
  /** The starter / stopper / conflicts view for the cluster FSM; only when one of them changed. */
  | { type: "view"; startingJobs: boolean; stoppingJobs: boolean; conflicting: boolean }
  /** Running failure strategy RESTART / SHUTDOWN (ST-RFS-06): `supvisors.restart` / `shutdown`. */
  | { type: "closeCluster"; action: "restart" | "shutdown" }
  | { type: "reply"; id: number; reply: ControlReply }
  | { type: "log"; level: LogLevelName; text: string }
  /** On every change; `deleted` when the last process of the application disappeared (ST-APP-03). */
  | { type: "publish"; topic: "application"; status: ApplicationStatus; deleted?: boolean }
  /** On every change; `deleted` when the process is configured nowhere any more (EVT-13). */
  | { type: "publish"; topic: "process"; status: ProcessStatus; deleted?: boolean };

/** One item of `test_start_application` / `test_start_process` (RPC-SV-23). */
export interface PlannedStart {
  application_name: string;
  process_name: string;
  state: string;
  forced_reason: string;
  running_identifiers: string[];
}

/** Progress of one application job of the starter or the stopper (UI, diagnostics). */
export interface JobProgress {
  application: string;
  kind: "start" | "stop";
  /** Commands finished (succeeded or failed) so far. */
  done: number;
  /** Commands planned in all, finished ones included. */
  total: number;
  /** `group:name` of the processes whose command is in progress. */
  waitingOn: string[];
}
