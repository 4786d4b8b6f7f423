// test_start_application / test_start_process (RPC-SV-23/28): the placement a start would make now,
// nothing started. Each process of the plan is assumed to reach RUNNING (EXITED for a wait_exit
// program) on the instance chosen for it, one sequence group after the other, the loads of those
// already placed counting against the next ones; a process with no resource is shown FATAL with
// "No resource available", and a required one stops the plan as its starting failure strategy
// ABORT / STOP would.

import type { StartingStrategy } from "../../config/supvisors-model.ts";
import { assignSigns } from "../model/identifiers.ts";
import { placeApplication, placeProcess } from "../model/placement.ts";
import type { ClusterSnapshot } from "../model/snapshot.ts";
import type { ProcessStatus } from "../model/synthesis.ts";
import { isRunning, isStopped } from "./process-kinds.ts";
import { Refusal, checkState, keysOf } from "./requests.ts";
import { startGroups } from "./starter.ts";
import { processOf, type ControlState } from "./state.ts";
import { Step } from "./step-context.ts";
import { refreshTable, syncSeen } from "./table.ts";
import type { ControlReply, PlannedStart } from "./types.ts";
import { displayNamespec, fault } from "./waits.ts";

/** A throw-away step: the helpers of the engine on a copy nobody keeps. */
function scratch(state: ControlState, snapshot: ClusterSnapshot): Step {
  const step = new Step(state, snapshot, 0);
  syncSeen(step);
  refreshTable(step);
  return step;
}

interface Outcome {
  state: string;
  reason: string;
  on: string[];
}

function plannedStarts(step: Step, keys: string[], outcomes: Map<string, Outcome>): PlannedStart[] {
  return [...keys]
    .sort()
    .map((key) => {
      const shown = step.shown(key);
      const outcome = outcomes.get(key) ?? { state: shown?.state ?? "UNKNOWN", reason: shown?.forcedReason ?? "", on: shown?.runningOn ?? [] };
      return {
        application_name: step.appOf(key),
        process_name: processOf(key),
        state: outcome.state,
        forced_reason: outcome.reason,
        running_identifiers: outcome.on,
      };
    });
}

/** Places the groups in order; false once a required process found no resource (ABORT / STOP). */
function simulate(step: Step, app: string, groups: Map<number, string[]>, place: (key: string) => string | null, outcomes: Map<string, Outcome>): void {
  for (const seq of [...groups.keys()].sort((a, b) => a - b)) {
    let aborted = false;
    for (const key of groups.get(seq) ?? []) {
      const status = step.real(key);
      if (status === undefined || !isStopped(status)) continue;
      const rules = step.book.program(app, processOf(key));
      const chosen = place(key);
      if (chosen !== null) {
        outcomes.set(key, { state: rules.wait_exit ? "EXITED" : "RUNNING", reason: "", on: [chosen] });
        continue;
      }
      outcomes.set(key, { state: "FATAL", reason: "No resource available", on: [] });
      if (rules.required && rules.starting_failure_strategy !== "CONTINUE") aborted = true;
    }
    if (aborted) return;
  }
}

function refusal(step: Step, app: string): ControlReply | null {
  if (step.record(app) === undefined) return fault("BAD_NAME", `application=${app} unknown to Supvisors`);
  if (!step.book.application(app).managed) return fault("NOT_MANAGED", app);
  if (step.applicationStatus(app)?.state !== "STOPPED") return fault("ALREADY_STARTED", app);
  return null;
}

/** RPC-SV-23: the predicted distribution of an application start. */
export function testStartApplication(state: ControlState, snapshot: ClusterSnapshot, strategy: StartingStrategy, application: string): ControlReply | PlannedStart[] {
  const stateRefusal = checkState(snapshot.fsm, ["OPERATION"]);
  if (stateRefusal !== null) return stateRefusal;
  const step = scratch(state, snapshot);
  const refused = refusal(step, application);
  if (refused !== null) return refused;
  const groups = startGroups(step, application);
  const keys = [...groups.values()].flat();
  const assignments = assignSigns(step.book, snapshot, application, keys, step.peekJobs.assignments).assignments;
  const loads = step.loads().clone();
  const restricted = step.book.application(application).distribution !== "ALL_INSTANCES";
  const stopped = keys.map((key) => step.real(key)).filter((s): s is ProcessStatus => s !== undefined && isStopped(s));
  const presets = restricted ? placeApplication(snapshot, step.book, application, stopped, strategy, loads, assignments) : new Map<string, string | null>();
  const outcomes = new Map<string, Outcome>();
  simulate(step, application, groups, (key) => {
    if (restricted) return presets.get(key) ?? null;
    const status = step.real(key);
    return status === undefined ? null : placeProcess(snapshot, step.book, status, strategy, loads, assignments);
  }, outcomes);
  return plannedStarts(step, keys, outcomes);
}

/** RPC-SV-28: the predicted placement of a process start (`group:*` for all of a group). */
export function testStartProcess(state: ControlState, snapshot: ClusterSnapshot, strategy: StartingStrategy, namespec: string): ControlReply | PlannedStart[] {
  const stateRefusal = checkState(snapshot.fsm, ["OPERATION"]);
  if (stateRefusal !== null) return stateRefusal;
  const step = scratch(state, snapshot);
  let keys: string[];
  try {
    keys = keysOf(step, namespec);
  } catch (error) {
    if (error instanceof Refusal) return error.reply;
    throw error;
  }
  for (const key of keys) {
    const status = step.real(key);
    if (status !== undefined && isRunning(status)) return fault("ALREADY_STARTED", displayNamespec(key));
  }
  const loads = step.loads().clone();
  const assignments = step.peekJobs.assignments;
  const groups = new Map<number, string[]>();
  for (const key of keys) {
    const seq = step.book.program(step.appOf(key), processOf(key)).start_sequence;
    groups.set(seq, [...(groups.get(seq) ?? []), key]);
  }
  const outcomes = new Map<string, Outcome>();
  const app = step.appOf(keys[0] as string);
  simulate(step, app, groups, (key) => {
    const status = step.real(key);
    return status === undefined ? null : placeProcess(snapshot, step.book, status, strategy, loads, assignments);
  }, outcomes);
  return plannedStarts(step, keys, outcomes);
}
