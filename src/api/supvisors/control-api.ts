// What the application-scope `supvisors.*` methods need from the node: the control engine's state,
// the cluster snapshot it reads, the rules, and a way to run a request and await its reply. The
// web UI and REST use the same interface, so an action behaves the same whichever door it took.

import type { ControlReply, ControlRequest, ControlState } from "../../control/engine/index.ts";
import type { RulesBook } from "../../control/model/rules-book.ts";
import type { ClusterSnapshot } from "../../control/model/snapshot.ts";
import type { FsmState } from "../../cluster/states.ts";
import { parseNamespec } from "../../supervisor/namespec.ts";
import { Faults, RpcFault } from "../faults.ts";

export interface ControlApi {
  state(): ControlState;
  snapshot(): ClusterSnapshot;
  book(): RulesBook;
  request(request: ControlRequest): Promise<ControlReply>;
  /** Monotonic seconds. */
  now(): number;
}

/** RPC-SV availability column: ≥DIST (ELECTION excluded), OP, OP/CONC, CONC. */
export const FROM_DISTRIBUTION: readonly FsmState[] = ["DISTRIBUTION", "OPERATION", "CONCILIATION", "RESTARTING", "SHUTTING_DOWN"];

/** BAD_SUPVISORS_STATE worded as Supvisors words it. */
export function assertState(current: FsmState, allowed: readonly FsmState[]): void {
  if (allowed.includes(current)) return;
  const list = `[${allowed.map((s) => `'${s}'`).join(", ")}]`;
  throw new RpcFault(Faults.BAD_SUPVISORS_STATE, `invalid Supvisors state=${current} - state expected in ${list}`);
}

/** A reply as an XML-RPC answer: its value, or the fault it names. */
export function controlValue(reply: ControlReply): boolean | string {
  if (reply.ok) return reply.value;
  throw new RpcFault(Faults[reply.fault], reply.detail);
}

/**
 * The `group:name` keys a namespec designates among the known processes: `group:*` / `group:` →
 * every process of the group; `name` alone → `name:name` (Supervisor's convention). BAD_NAME
 * with Supvisors' wording for an unknown application, then for an unknown process.
 */
export function selectKeys(known: Iterable<string>, namespec: string): string[] {
  const { group, process } = parseNamespec(namespec);
  const inGroup = [...known].filter((key) => key.slice(0, key.indexOf(":")) === group);
  if (inGroup.length === 0) throw new RpcFault(Faults.BAD_NAME, `application=${group} unknown to Supvisors`);
  const keys = process === null ? inGroup : inGroup.filter((key) => key.slice(key.indexOf(":") + 1) === process);
  if (keys.length === 0) throw new RpcFault(Faults.BAD_NAME, `process=${process} unknown in application=${group}`);
  return keys.sort();
}

/** A namespec in the engine's `group:name` / `group:*` form. */
export function canonicalNamespec(namespec: string): string {
  const { group, process } = parseNamespec(namespec);
  return `${group}:${process ?? "*"}`;
}

/** Every `group:name` reported by any instance. */
export function knownKeys(snapshot: ClusterSnapshot): Set<string> {
  const keys = new Set<string>();
  for (const instance of snapshot.instances.values()) for (const key of instance.processes.keys()) keys.add(key);
  return keys;
}
