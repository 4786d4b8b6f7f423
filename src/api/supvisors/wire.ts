// Turns the cluster core's answers into XML-RPC values: floats that Python clients expect as
// floats become Double (a whole number would otherwise travel as <int>), and failed queries or
// refused requests become the faults Supvisors raises.

import type { InstanceInfo, NetworkInfoStruct, QueryResult, RequestReply, StateModesStruct, SupvisorsStatus } from "../../cluster/index.ts";
import { Faults, RpcFault } from "../faults.ts";
import { Double, type XmlRpcValue } from "../xmlrpc/value.ts";

export type Struct = { [key: string]: XmlRpcValue };

/** The value of a query, or the fault it names (BAD_NAME with Supvisors' detail text). */
export function valueOf<T>(result: QueryResult<T>): T {
  if (result.ok) return result.value;
  throw new RpcFault(Faults[result.fault], result.detail);
}

/**
 * A request reply as an XML-RPC answer: `true`, a named fault, or, for a reply without fault
 * name, a plain error (HTTP 500), as Supvisors' non-RPC exceptions give.
 */
export function replyValue(reply: RequestReply): true {
  if (reply.ok) return true;
  if (reply.fault === null) throw new Error(reply.detail);
  throw new RpcFault(Faults[reply.fault], reply.detail);
}

/** RPC-SV-03/04 item: `now_monotonic` is a float, jobs are booleans. */
export function stateModesValue(s: StateModesStruct): Struct {
  return {
    identifier: s.identifier,
    nick_identifier: s.nick_identifier,
    now_monotonic: new Double(s.now_monotonic),
    fsm_statecode: s.fsm_statecode,
    fsm_statename: s.fsm_statename,
    degraded_mode: s.degraded_mode,
    discovery_mode: s.discovery_mode,
    master_identifier: s.master_identifier,
    starting_jobs: s.starting_jobs,
    stopping_jobs: s.stopping_jobs,
    instance_states: { ...s.instance_states },
  };
}

/** RPC-SV-02: jobs as lists of identifiers, plus Flotilla's `waiting_for` ("" when not synchronizing). */
export function supvisorsStateValue(s: SupvisorsStatus, waitingFor: readonly string[]): Struct {
  return {
    ...stateModesValue({ ...s, starting_jobs: false, stopping_jobs: false }),
    starting_jobs: [...s.starting_jobs],
    stopping_jobs: [...s.stopping_jobs],
    waiting_for: waitingFor.join("; "),
  };
}

/** RPC-SV-09 item: `*_mtime` are monotonic floats, `*_time` capped ints (RPC-GEN-06). */
export function instanceInfoValue(i: InstanceInfo): Struct {
  return {
    identifier: i.identifier,
    nick_identifier: i.nick_identifier,
    node_name: i.node_name,
    port: i.port,
    statecode: i.statecode,
    statename: i.statename,
    loading: Math.trunc(i.loading),
    process_failure: i.process_failure,
    remote_sequence_counter: i.remote_sequence_counter,
    remote_mtime: new Double(i.remote_mtime),
    remote_time: i.remote_time,
    local_sequence_counter: i.local_sequence_counter,
    local_mtime: new Double(i.local_mtime),
    local_time: i.local_time,
  };
}

/** RPC-SV-08; `network` appears once the instance has told it (handshake). */
export function networkInfoValue(n: NetworkInfoStruct): Struct {
  const result: Struct = {
    identifier: n.identifier,
    nick_identifier: n.nick_identifier,
    host_id: n.host_id,
    http_port: n.http_port,
    stereotypes: [...n.stereotypes],
  };
  if (n.network) result.network = jsonValue(n.network);
  return result;
}

/**
 * Network details come from peers as JSON; anything JSON cannot hold (undefined, functions)
 * is dropped, null stays nil (`nic_info` may be nil).
 */
export function jsonValue(v: unknown): XmlRpcValue {
  if (v === null || typeof v === "string" || typeof v === "boolean") return v;
  if (typeof v === "number") return Number.isFinite(v) ? v : String(v);
  if (Array.isArray(v)) return v.filter((x) => x !== undefined && typeof x !== "function").map(jsonValue);
  if (typeof v === "object") {
    const out: Struct = {};
    for (const [key, value] of Object.entries(v as Record<string, unknown>)) {
      if (value !== undefined && typeof value !== "function") out[key] = jsonValue(value);
    }
    return out;
  }
  return String(v);
}
