// The structs the API and the event interface show: state & modes (RPC-SV-02/03, EVT-10),
// instance info (RPC-SV-09, EVT-11) and process events (EVT-14), built from a cluster state.
import { ProcessStates, RUNNING_STATES, type ProcessState } from "../process/states.ts";
import type { ProcessInfo, StateModesWire } from "./messages.ts";
import { FsmStates, InstanceStates, type FsmState, type InstanceState } from "./states.ts";
import type { ClusterState, InstanceRecord } from "./state.ts";

/** RPC-SV-03 item: as published by one instance, jobs as booleans. */
export interface StateModesStruct {
  identifier: string;
  nick_identifier: string;
  now_monotonic: number;
  fsm_statecode: number;
  fsm_statename: FsmState;
  degraded_mode: boolean;
  discovery_mode: boolean;
  master_identifier: string;
  starting_jobs: boolean;
  stopping_jobs: boolean;
  instance_states: Record<string, InstanceState>;
}

/** RPC-SV-02 / EVT-10: the local state & modes, jobs as lists of identifiers having some. */
export interface SupvisorsStatus extends Omit<StateModesStruct, "starting_jobs" | "stopping_jobs"> {
  starting_jobs: string[];
  stopping_jobs: string[];
}

/** RPC-SV-09 item / EVT-11. */
export interface InstanceInfo {
  identifier: string;
  nick_identifier: string;
  node_name: string;
  port: number;
  statecode: number;
  statename: InstanceState;
  loading: number;
  process_failure: boolean;
  remote_sequence_counter: number;
  remote_mtime: number;
  remote_time: number;
  local_sequence_counter: number;
  local_mtime: number;
  local_time: number;
}

/** EVT-14: a process state change seen on one instance. */
export interface ProcessEventBody extends ProcessInfo {
  identifier: string;
  nick_identifier: string;
  event_mtime: number;
}

/** RPC-GEN-06: XML-RPC ints are 32-bit. */
const INT32_MAX = 2 ** 31 - 1;
export function cappedInt(value: number): number {
  return Math.min(Math.trunc(value), INT32_MAX);
}

/** What the local instance publishes about itself. */
export function localWire(state: ClusterState): StateModesWire {
  const instanceStates: Record<string, InstanceState> = {};
  for (const [id, record] of state.instances) instanceStates[id] = record.state;
  return {
    fsm: state.fsm,
    degraded: state.degraded,
    discovery: state.options.discoveryMode,
    master: state.master,
    startingJobs: state.control.startingJobs,
    stoppingJobs: state.control.stoppingJobs,
    instanceStates,
  };
}

/** An instance's published state & modes; null when it published nothing (yet, or since reset). */
export function viewOf(state: ClusterState, identifier: string): StateModesWire | null {
  if (identifier === state.localId) return localWire(state);
  return state.instances.get(identifier)?.view ?? null;
}

const UNKNOWN_VIEW: StateModesWire = {
  fsm: "OFF",
  degraded: false,
  discovery: false,
  master: "",
  startingJobs: false,
  stoppingJobs: false,
  instanceStates: {},
};

export function stateModesStruct(state: ClusterState, identifier: string, now: number): StateModesStruct {
  const record = state.instances.get(identifier)!;
  const view = viewOf(state, identifier) ?? UNKNOWN_VIEW;
  return {
    identifier,
    nick_identifier: record.identity.nick,
    now_monotonic: now,
    fsm_statecode: FsmStates[view.fsm],
    fsm_statename: view.fsm,
    degraded_mode: view.degraded,
    discovery_mode: view.discovery,
    master_identifier: view.master,
    starting_jobs: view.startingJobs,
    stopping_jobs: view.stoppingJobs,
    instance_states: { ...view.instanceStates },
  };
}

export function supvisorsStatus(state: ClusterState, now: number): SupvisorsStatus {
  const starting: string[] = [];
  const stopping: string[] = [];
  for (const id of state.instances.keys()) {
    const view = viewOf(state, id);
    if (view?.startingJobs) starting.push(id);
    if (view?.stoppingJobs) stopping.push(id);
  }
  return { ...stateModesStruct(state, state.localId, now), starting_jobs: starting, stopping_jobs: stopping };
}

/** Supvisors' `has_error`: a RUNNING instance with a crashed process (FATAL, or EXITED unexpectedly). */
function processFailure(record: InstanceRecord): boolean {
  if (record.state !== "RUNNING") return false;
  for (const info of record.processes.values()) {
    if (info.state === ProcessStates.FATAL || (info.state === ProcessStates.EXITED && !info.expected)) return true;
  }
  return false;
}

export function isRunningProcess(info: ProcessInfo): boolean {
  return RUNNING_STATES.includes(info.state as ProcessState);
}

/** `loading` sums rule loads of running processes; rules (issue 4) give none yet, hence 0 by default. */
export function instanceInfo(record: InstanceRecord, loading = 0): InstanceInfo {
  const t = record.times;
  return {
    identifier: record.identity.identifier,
    nick_identifier: record.identity.nick,
    node_name: record.identity.host,
    port: record.identity.httpPort,
    statecode: InstanceStates[record.state],
    statename: record.state,
    loading,
    process_failure: processFailure(record),
    remote_sequence_counter: t.remoteSeq,
    remote_mtime: t.remoteMtime,
    remote_time: cappedInt(t.remoteTime),
    local_sequence_counter: t.localSeq,
    local_mtime: t.localMtime,
    local_time: cappedInt(t.localTime),
  };
}

export function processEventBody(record: InstanceRecord, info: ProcessInfo, now: number): ProcessEventBody {
  return { ...info, identifier: record.identity.identifier, nick_identifier: record.identity.nick, event_mtime: now };
}
