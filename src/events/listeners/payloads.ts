// The payload texts of every event type (EVT-SUP-04..11), byte for byte as Supervisor 4.2.5 (and
// Supvisors 0.19 for the PROCESS_* types) writes them; checked against a real supervisord. Pure:
// an event is built once, when the fact happens, and keeps its text (Supervisor renders the state
// extras eagerly too, so a later pid change does not leak into a buffered event).
//
// Example: processStateEvent({ processName: "web", groupName: "web", from: 10, to: 20, pid: 42,
//          tries: 0, expected: true }).payload // "processname:web groupname:web from_state:STARTING pid:42"

import { outputText } from "../../process/logs/child-output.ts";
import { processStateName, ProcessStates, type ProcessState } from "../../process/states.ts";
import type { ConcreteEventType } from "./event-types.ts";

/** An event before any pool numbered it. */
export interface ListenerEvent {
  readonly type: ConcreteEventType;
  /** Text as Supervisor builds it; its length in code points is the header's `len`. */
  readonly payload: string;
}

export type OutputChannel = "stdout" | "stderr";

export interface ProcessStateFact {
  processName: string;
  groupName: string;
  from: ProcessState;
  to: ProcessState;
  /** pid at the change (EXITED and STOPPED still carry the pid that ended). */
  pid: number;
  /** The BACKOFF counter at the change. */
  tries: number;
  expected: boolean;
}

const STATE_TYPES: Record<ProcessState, ConcreteEventType> = {
  [ProcessStates.STOPPED]: "PROCESS_STATE_STOPPED",
  [ProcessStates.STARTING]: "PROCESS_STATE_STARTING",
  [ProcessStates.RUNNING]: "PROCESS_STATE_RUNNING",
  [ProcessStates.BACKOFF]: "PROCESS_STATE_BACKOFF",
  [ProcessStates.STOPPING]: "PROCESS_STATE_STOPPING",
  [ProcessStates.EXITED]: "PROCESS_STATE_EXITED",
  [ProcessStates.FATAL]: "PROCESS_STATE_FATAL",
  [ProcessStates.UNKNOWN]: "PROCESS_STATE_UNKNOWN",
};

/** The extra `key:value` pairs each state adds after from_state (events.py get_extra_values). */
function stateExtras(fact: ProcessStateFact): [string, string | number][] {
  switch (fact.to) {
    case ProcessStates.STARTING:
    case ProcessStates.BACKOFF:
      return [["tries", fact.tries]];
    case ProcessStates.EXITED:
      return [
        ["expected", fact.expected ? 1 : 0],
        ["pid", fact.pid],
      ];
    case ProcessStates.RUNNING:
    case ProcessStates.STOPPING:
    case ProcessStates.STOPPED:
      return [["pid", fact.pid]];
    default:
      return [];
  }
}

/** PROCESS_STATE_* (EVT-SUP-04): `processname:X groupname:G from_state:S` + extras, no newline. */
export function processStateEvent(fact: ProcessStateFact): ListenerEvent {
  const pairs: [string, string | number][] = [
    ["processname", fact.processName],
    ["groupname", fact.groupName],
    ["from_state", processStateName(fact.from)],
    ...stateExtras(fact),
  ];
  return { type: STATE_TYPES[fact.to], payload: pairs.map(([k, v]) => `${k}:${v}`).join(" ") };
}

/** PROCESS_LOG_STDOUT / _STDERR (EVT-SUP-05). */
export function processLogEvent(
  processName: string,
  groupName: string,
  pid: number,
  channel: OutputChannel,
  data: Uint8Array,
): ListenerEvent {
  return {
    type: channel === "stdout" ? "PROCESS_LOG_STDOUT" : "PROCESS_LOG_STDERR",
    payload: `processname:${processName} groupname:${groupName} pid:${pid} channel:${channel}\n${outputText(data)}`,
  };
}

/** PROCESS_COMMUNICATION_STDOUT / _STDERR (EVT-SUP-06): what was captured between the tokens. */
export function processCommunicationEvent(
  processName: string,
  groupName: string,
  pid: number,
  channel: OutputChannel,
  data: Uint8Array,
): ListenerEvent {
  return {
    type: channel === "stdout" ? "PROCESS_COMMUNICATION_STDOUT" : "PROCESS_COMMUNICATION_STDERR",
    payload: `processname:${processName} groupname:${groupName} pid:${pid}\n${outputText(data)}`,
  };
}

/** REMOTE_COMMUNICATION (EVT-SUP-07), from supervisor.sendRemoteCommEvent. */
export function remoteCommunicationEvent(type: string, data: string): ListenerEvent {
  return { type: "REMOTE_COMMUNICATION", payload: `type:${type}\n${data}` };
}

/** SUPERVISOR_STATE_CHANGE_RUNNING / _STOPPING (EVT-SUP-08): empty payload. */
export function supervisorStateEvent(state: "RUNNING" | "STOPPING"): ListenerEvent {
  return { type: state === "RUNNING" ? "SUPERVISOR_STATE_CHANGE_RUNNING" : "SUPERVISOR_STATE_CHANGE_STOPPING", payload: "" };
}

export type TickPeriod = 5 | 60 | 3600;

const TICK_TYPES: Record<TickPeriod, ConcreteEventType> = { 5: "TICK_5", 60: "TICK_60", 3600: "TICK_3600" };

/** TICK_5 / TICK_60 / TICK_3600 (EVT-SUP-09): `when` is the start of the period, in epoch seconds. */
export function tickEvent(period: TickPeriod, when: number): ListenerEvent {
  return { type: TICK_TYPES[period], payload: `when:${when}` };
}

/** PROCESS_GROUP_ADDED / _REMOVED (EVT-SUP-10): with a trailing newline. */
export function processGroupEvent(change: "ADDED" | "REMOVED", groupName: string): ListenerEvent {
  return { type: change === "ADDED" ? "PROCESS_GROUP_ADDED" : "PROCESS_GROUP_REMOVED", payload: `groupname:${groupName}\n` };
}

export type ProcessChange = "ADDED" | "REMOVED" | "ENABLED" | "DISABLED";

/** Supvisors' PROCESS_ADDED / _REMOVED / _ENABLED / _DISABLED (EVT-SUP-11): note the trailing space. */
export function processEvent(change: ProcessChange, processName: string, groupName: string): ListenerEvent {
  return { type: `PROCESS_${change}`, payload: `processname:${processName} groupname:${groupName} ` };
}
