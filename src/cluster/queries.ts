// Read-only questions the API asks the cluster core (RPC-SV-02..10, RPC-GEN-08), answered from a
// state value with the exact struct shapes and BAD_NAME details of Supvisors.
import type { ProcessInfo, Strategies } from "./messages.ts";
import type { NetworkInfo } from "./options.ts";
import { localStrategies } from "./strategies.ts";
import { coreIdentifiers as resolveCore, resolveInstances } from "./resolver.ts";
import { instanceInfo as serialInstanceInfo, stateModesStruct, supvisorsStatus, type InstanceInfo, type StateModesStruct, type SupvisorsStatus } from "./serial.ts";
import type { ClusterState } from "./state.ts";

export type QueryResult<T> = { ok: true; value: T } | { ok: false; fault: "BAD_NAME"; detail: string };

/** RPC-SV-08. */
export interface NetworkInfoStruct {
  identifier: string;
  nick_identifier: string;
  host_id: string;
  http_port: number;
  stereotypes: string[];
  network?: NetworkInfo;
}

function resolve(state: ClusterState, name: string): QueryResult<string[]> {
  const ids = resolveInstances(state, [name]);
  if (ids.length === 0) return { ok: false, fault: "BAD_NAME", detail: `identifier=${name} is unknown to Supvisors` };
  return { ok: true, value: ids };
}

const byIdentifier = (state: ClusterState) => [...state.instances.keys()].sort();

/** RPC-SV-02 (`get_supvisors_state`). */
export function supvisorsState(state: ClusterState, now: number): SupvisorsStatus {
  return supvisorsStatus(state, now);
}

/** Flotilla: while in SYNCHRONIZATION, what each unsatisfied option waits for ([] otherwise). */
export function waitingFor(state: ClusterState): string[] {
  return state.fsm === "SYNCHRONIZATION" ? [...state.waitingFor] : [];
}

/** RPC-SV-03. */
export function allInstancesStateModes(state: ClusterState, now: number): StateModesStruct[] {
  return byIdentifier(state).map((id) => stateModesStruct(state, id, now));
}

/** RPC-SV-04: identifier, nick or stereotype (several results for a stereotype). */
export function instanceStateModes(state: ClusterState, name: string, now: number): QueryResult<StateModesStruct[]> {
  const ids = resolve(state, name);
  return ids.ok ? { ok: true, value: ids.value.map((id) => stateModesStruct(state, id, now)) } : ids;
}

/** RPC-SV-05. */
export function masterIdentifier(state: ClusterState): { identifier: string; nick_identifier: string } | Record<string, never> {
  const master = state.instances.get(state.master);
  return master ? { identifier: master.identity.identifier, nick_identifier: master.identity.nick } : {};
}

/** RPC-SV-06 (the failure strategy as applied, CONTINUE when forced by TIMEOUT). */
export function strategies(state: ClusterState): Strategies {
  return localStrategies(state);
}

/** RPC-SV-09. `loadOf` gives an instance's load once rules exist (0 without rules). */
export function instanceInfo(state: ClusterState, name: string, loadOf: (identifier: string) => number = () => 0): QueryResult<InstanceInfo[]> {
  const ids = resolve(state, name);
  return ids.ok ? { ok: true, value: ids.value.map((id) => serialInstanceInfo(state.instances.get(id)!, loadOf(id))) } : ids;
}

/** RPC-SV-10. */
export function allInstancesInfo(state: ClusterState, loadOf: (identifier: string) => number = () => 0): InstanceInfo[] {
  return byIdentifier(state).map((id) => serialInstanceInfo(state.instances.get(id)!, loadOf(id)));
}

/** RPC-SV-08: Flotilla also accepts a nick resolving to exactly one instance (Supvisors fails). */
export function networkInfo(state: ClusterState, name: string): QueryResult<NetworkInfoStruct> {
  const ids = resolve(state, name);
  if (!ids.ok) return ids;
  if (ids.value.length !== 1) return { ok: false, fault: "BAD_NAME", detail: `identifier=${name} is not a single Supvisors instance` };
  const record = state.instances.get(ids.value[0])!;
  const result: NetworkInfoStruct = {
    identifier: record.identity.identifier,
    nick_identifier: record.identity.nick,
    host_id: record.identity.host,
    http_port: record.identity.httpPort,
    stereotypes: [...record.identity.stereotypes],
  };
  if (record.network) result.network = record.network;
  return { ok: true, value: result };
}

/** The core identifiers as they resolve now, in instance order. */
export function coreIdentifiers(state: ClusterState): string[] {
  return resolveCore(state);
}

/** RPC-GEN-08 resolver: identifier | nick | stereotype → identifiers (empty = BAD_NAME). */
export function resolveIdentifiers(state: ClusterState, name: string): string[] {
  return resolveInstances(state, [name]);
}

/** The processes one instance reported (the local one: RPC-SV-19's content). */
export function processesOf(state: ClusterState, identifier: string): ProcessInfo[] {
  return [...(state.instances.get(identifier)?.processes.values() ?? [])];
}

/** Every known instance's identifier with its current state, in instance order. */
export function instanceStates(state: ClusterState): { identifier: string; nick: string; state: string }[] {
  return [...state.instances.values()].map((r) => ({ identifier: r.identity.identifier, nick: r.identity.nick, state: r.state }));
}
