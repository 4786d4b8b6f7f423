// The whole state of one node's control engine: the process table (per application: the statuses
// last published, the forced states, the times events arrived), the jobs, and the view last handed
// to the cluster FSM. A value: controlStep never alters one it received, it returns the next.

import type { ProcessInfo } from "../../cluster/messages.ts";
import type { ControlView } from "../../cluster/state.ts";
import type { ApplicationStatus } from "../model/application-status.ts";
import type { Assignments } from "../model/identifiers.ts";
import type { RulesBook } from "../model/rules-book.ts";
import type { ForcedState } from "../model/snapshot.ts";
import type { ProcessStatus } from "../model/synthesis.ts";
import { emptyJobs, type JobsState } from "./jobs-model.ts";
import type { ControlOptions } from "./types.ts";

/**
 * What the engine keeps about one application. Grouping by application keeps the cost of a process
 * event to the size of its application: a changed record is copied, the others are shared.
 */
export interface AppRecord {
  /** Displayed statuses by `group:name`, as last published. */
  statuses: ReadonlyMap<string, ProcessStatus>;
  /** Forced states (ST-PS-05) until the next real event of the process. */
  forced: ReadonlyMap<string, ForcedState>;
  /** `group:name` → identifier → local monotonic time of the last event from that instance. */
  eventTimes: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** As last published. */
  status: ApplicationStatus;
  /** Last formula evaluation error logged, so that each one is logged once. */
  formulaError: string | null;
}

export interface ProcessTable {
  applications: ReadonlyMap<string, AppRecord>;
  /**
   * The process map of each instance as last indexed: the cluster core replaces an instance's map
   * when it changes, so a different map means changes the engine has not seen yet (a full list
   * after a handshake), found by comparing entries.
   */
  seen: ReadonlyMap<string, ReadonlyMap<string, ProcessInfo>>;
  /** Managed processes running on more than one instance (ST-APP-13, conflicts). */
  conflicts: ReadonlySet<string>;
}

export interface ControlState {
  readonly options: ControlOptions;
  readonly book: RulesBook;
  readonly table: ProcessTable;
  readonly jobs: JobsState;
  /** The view last sent to the cluster FSM. */
  readonly view: ControlView;
  /** `#` / `@` assignments made so far (RULE-45..48), for get_process_rules / get_application_rules. */
  readonly assignments: Assignments;
}

/**
 * The state of a node that has just started: nothing known, nothing planned.
 * @example initialControlState({ localId: "a:9001", tickPeriod: 5, startingStrategy: "CONFIG", conciliationStrategy: "USER" }, RulesBook.empty("CONFIG"))
 */
export function initialControlState(options: ControlOptions, book: RulesBook): ControlState {
  const jobs = emptyJobs();
  return {
    options,
    book,
    table: { applications: new Map(), seen: new Map(), conflicts: new Set() },
    jobs,
    view: { startingJobs: false, stoppingJobs: false, conflicting: false },
    assignments: jobs.assignments,
  };
}

/** The application (group) part of a `group:name` key. */
export function applicationOf(key: string): string {
  const colon = key.indexOf(":");
  return colon < 0 ? key : key.slice(0, colon);
}

/** The process part of a `group:name` key. */
export function processOf(key: string): string {
  const colon = key.indexOf(":");
  return colon < 0 ? key : key.slice(colon + 1);
}
