// The numbered states of the cluster, as they travel on the wire and in the API: instance states
// (ST-IN), the global FSM states (ST-FSM) and handshake verdicts (EVT-INT-13).

export const InstanceStates = {
  STOPPED: 0,
  CHECKING: 1,
  CHECKED: 2,
  RUNNING: 3,
  FAILED: 4,
  ISOLATED: 5,
} as const;
export type InstanceState = keyof typeof InstanceStates;
export const INSTANCE_STATE_NAMES = Object.keys(InstanceStates) as InstanceState[];

/** ST-IN-07: states in which an instance is expected to talk to us. */
export const ACTIVE_INSTANCE_STATES: readonly InstanceState[] = ["CHECKING", "CHECKED", "RUNNING", "FAILED"];
/** ST-MST-02: states that do not make the context unstable. */
export const STABLE_INSTANCE_STATES: readonly InstanceState[] = ["RUNNING", "STOPPED", "ISOLATED"];

export const FsmStates = {
  OFF: 0,
  SYNCHRONIZATION: 1,
  ELECTION: 2,
  DISTRIBUTION: 3,
  OPERATION: 4,
  CONCILIATION: 5,
  RESTARTING: 6,
  SHUTTING_DOWN: 7,
  FINAL: 8,
} as const;
export type FsmState = keyof typeof FsmStates;
export const FSM_STATE_NAMES = Object.keys(FsmStates) as FsmState[];

/** ST-FSM-17. */
export const WORKING_STATES: readonly FsmState[] = ["ELECTION", "DISTRIBUTION", "OPERATION", "CONCILIATION"];
export const CLOSING_STATES: readonly FsmState[] = ["RESTARTING", "SHUTTING_DOWN", "FINAL"];

/** Handshake verdicts (ST-HS-06), with Supvisors' numbers. */
export const Authorizations = {
  UNKNOWN: 0,
  AUTHORIZED: 1,
  NOT_AUTHORIZED: 2,
  INCONSISTENT: 3,
} as const;
export type Authorization = keyof typeof Authorizations;

export function isInstanceState(value: unknown): value is InstanceState {
  return typeof value === "string" && Object.hasOwn(InstanceStates, value);
}

export function isFsmState(value: unknown): value is FsmState {
  return typeof value === "string" && Object.hasOwn(FsmStates, value);
}

/** The FSM state for a code received on the wire, or undefined when it is not one. */
export function fsmStateOfCode(code: number): FsmState | undefined {
  return FSM_STATE_NAMES.find((name) => FsmStates[name] === code);
}
