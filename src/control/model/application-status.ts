// The state and operational status of an application (ST-APP-01..13), derived from the displayed
// states of its processes and its rules: the `required` flags, or the `operational_status` formula
// when the rules give one (RULE-60..63).
//
//   const status = applicationStatus(book, "store", statuses.filter((s) => s.application === "store"));
//   status.operational; // → "Degraded"

import { knownGroups } from "./lookup.ts";
import type { RulesBook } from "./rules-book.ts";
import type { ClusterSnapshot } from "./snapshot.ts";
import { type ProcessStatus, processValue } from "./synthesis.ts";

export type ApplicationState = "STOPPED" | "STARTING" | "RUNNING" | "STOPPING";

/** ST-APP-01: the numbers of the API; DELETED is only ever published, never computed here. */
export const ApplicationStates = { STOPPED: 0, STARTING: 1, RUNNING: 2, STOPPING: 3, DELETED: 4 } as const;

export interface ApplicationStatus {
  name: string;
  managed: boolean;
  state: ApplicationState;
  majorFailure: boolean;
  minorFailure: boolean;
  /** ST-APP-12: only when RUNNING, else "". */
  operational: "" | "Operational" | "Degraded" | "Not Operational";
}

/** ST-APP-02: STOPPING over STARTING over RUNNING over STOPPED. */
function stateOf(processes: ProcessStatus[]): ApplicationState {
  const states = new Set(processes.map((process) => process.state));
  if (states.has("STOPPING")) return "STOPPING";
  if (states.has("STARTING") || states.has("BACKOFF")) return "STARTING";
  if (states.has("RUNNING")) return "RUNNING";
  return "STOPPED";
}

/** FATAL, UNKNOWN or an unexpected EXITED: a failure in ST-APP-10 and RULE-63. */
function failed(process: ProcessStatus): boolean {
  return process.state === "FATAL" || process.state === "UNKNOWN" || (process.state === "EXITED" && !process.expectedExit);
}

/** Evaluates the formula of `name`: its value, or the error text; null when there is no formula. */
function evaluateFormula(book: RulesBook, name: string, processes: ProcessStatus[]): { value: boolean } | { error: string } | null {
  const formula = book.formula(name);
  if (formula === null) return null;
  const byName = new Map(processes.map((process) => [process.name, process]));
  try {
    return { value: formula.evaluate([...byName.keys()], (process) => processValue(byName.get(process) as ProcessStatus)) };
  } catch (error) {
    return { error: `application ${name} operational_status: ${(error as Error).message}` };
  }
}

/** The status of application `name` from the statuses of its processes (`processes`). */
export function applicationStatus(book: RulesBook, name: string, processes: ProcessStatus[]): ApplicationStatus {
  const rules = book.application(name);
  const state = stateOf(processes);
  let major = false;
  let minor = false;
  const evaluated = evaluateFormula(book, name, processes);
  if (evaluated !== null) {
    // RULE-63: a false value or an evaluation error is a major failure.
    major = "error" in evaluated || !evaluated.value;
    minor = !major && rules.managed && processes.some(failed);
  } else {
    // ST-APP-10: a stopped required process only counts once the application is not STOPPED.
    let stoppedRequired = false;
    for (const process of processes) {
      const required = book.program(name, process.name).required;
      if (failed(process)) {
        if (required) major = true;
        else if (rules.managed) minor = true;
      } else if (process.state === "STOPPED" && required) {
        stoppedRequired = true;
      }
    }
    if (state !== "STOPPED") major ||= stoppedRequired;
    if (major) minor = false;
  }
  let operational: ApplicationStatus["operational"] = "";
  if (state === "RUNNING") operational = major ? "Not Operational" : minor ? "Degraded" : "Operational";
  return { name, managed: rules.managed, state, majorFailure: major, minorFailure: minor, operational };
}

/** The evaluation error of the formula of `name`, for the engine to log; null when none (or no formula). */
export function formulaError(book: RulesBook, name: string, processes: ProcessStatus[]): string | null {
  const evaluated = evaluateFormula(book, name, processes);
  return evaluated !== null && "error" in evaluated ? evaluated.error : null;
}

/** Every group known anywhere, sorted. */
export function applicationNames(snapshot: ClusterSnapshot): string[] {
  return knownGroups(snapshot);
}
