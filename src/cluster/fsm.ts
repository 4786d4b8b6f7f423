// The global state machine (ST-FSM): the allowed transitions in one table, the entry and exit
// actions of each state, and the chaining loop that re-evaluates after every transition until
// the state is stable (ST-FSM-11). The evaluation itself lives in fsm-next.ts.
import type { Draft } from "./draft.ts";
import { evaluate } from "./fsm-next.ts";
import { publishLocalState } from "./publication.ts";
import { isLocalMaster, runningIdentifiers } from "./election.ts";
import type { FsmState } from "./states.ts";

/**
 * ST-FSM-10: every allowed edge. Anything else is refused with a critical log. One deviation:
 * CONCILIATION → ELECTION is allowed. Supvisors refuses it, so a node in CONCILIATION that loses
 * its Master (or meets a new instance) stays there for ever, without Master; here it elects again.
 */
export const FSM_TRANSITIONS: Readonly<Record<FsmState, readonly FsmState[]>> = {
  OFF: ["SYNCHRONIZATION"],
  SYNCHRONIZATION: ["OFF", "ELECTION"],
  ELECTION: ["OFF", "SYNCHRONIZATION", "DISTRIBUTION", "SHUTTING_DOWN"],
  DISTRIBUTION: ["OFF", "ELECTION", "OPERATION", "RESTARTING", "SHUTTING_DOWN"],
  OPERATION: ["OFF", "SYNCHRONIZATION", "ELECTION", "CONCILIATION", "RESTARTING", "SHUTTING_DOWN"],
  CONCILIATION: ["OFF", "SYNCHRONIZATION", "ELECTION", "OPERATION", "RESTARTING", "SHUTTING_DOWN"],
  RESTARTING: ["FINAL"],
  SHUTTING_DOWN: ["FINAL"],
  FINAL: [],
};

export function fsmTransitionAllowed(from: FsmState, to: FsmState): boolean {
  return FSM_TRANSITIONS[from].includes(to);
}

/** Entry actions (ST-FSM-00..08). */
function enter(d: Draft, state: FsmState): void {
  if (state !== "SYNCHRONIZATION") d.state.waitingFor = [];
  switch (state) {
    case "OFF":
      d.state.startDate = d.now;
      d.state.offAlerted = false;
      return;
    case "SYNCHRONIZATION":
    case "ELECTION":
      d.jobs("abort");
      return;
    case "DISTRIBUTION":
      if (isLocalMaster(d.state)) d.jobs("startApplications");
      return;
    case "CONCILIATION":
      if (isLocalMaster(d.state)) d.jobs("conciliate");
      return;
    case "RESTARTING":
    case "SHUTTING_DOWN":
      d.jobs("abort");
      if (isLocalMaster(d.state)) d.jobs("stopApplications");
      return;
    case "OPERATION":
    case "FINAL":
      return;
  }
}

/** Exit actions: the end of RESTARTING / SHUTTING_DOWN acts on the local daemon. */
function exit(d: Draft, state: FsmState): void {
  if (state === "SYNCHRONIZATION") d.log("info", `end of synchronization: running instances ${runningIdentifiers(d.state).join(", ")}`);
  if (state === "RESTARTING") d.emit({ type: "restartLocal" });
  if (state === "SHUTTING_DOWN") d.emit({ type: "shutdownLocal" });
}

/** More transitions than states in one evaluation means a loop: stop rather than spin. */
const CHAIN_LIMIT = 32;

/**
 * Moves the FSM: to `requested` if given, else wherever the evaluation leads, chaining while each
 * new state's evaluation asks for another one.
 */
export function runFsm(d: Draft, requested?: FsmState): void {
  let next = requested ?? evaluate(d);
  for (let hops = 0; next !== undefined && next !== d.state.fsm; hops += 1) {
    const from = d.state.fsm;
    if (!fsmTransitionAllowed(from, next)) {
      d.log("critical", `unexpected transition from ${from} to ${next} refused`);
      return;
    }
    if (hops >= CHAIN_LIMIT) {
      d.log("critical", `FSM still moving after ${CHAIN_LIMIT} transitions (at ${from} → ${next}): stopped for this step`);
      return;
    }
    exit(d, from);
    d.state.fsm = next;
    d.log("warn", `Supvisors state: ${next}`);
    publishLocalState(d);
    enter(d, next);
    next = evaluate(d);
  }
}
