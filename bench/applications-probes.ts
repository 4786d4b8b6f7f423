// What the applications benchmarks read from an instance over XML-RPC: the cluster-wide process
// statuses (supvisors.get_process_info), the conflicts, the FSM state, one instance's own view of a
// process (supervisor.getProcessInfo), and a poller that records when a condition first held.

import { RpcClient } from "./lib/rpc.ts";

export interface ProcessStatus {
  application: string;
  name: string;
  statename: string;
  /** Where it runs, as identifiers. */
  identifiers: string[];
}

function statusOf(item: unknown): ProcessStatus {
  const s = item as { application_name?: unknown; process_name?: unknown; statename?: unknown; identifiers?: unknown };
  if (typeof s.process_name !== "string" || typeof s.statename !== "string" || !Array.isArray(s.identifiers)) {
    throw new Error(`unexpected process status: ${JSON.stringify(item)}`);
  }
  return {
    application: String(s.application_name),
    name: s.process_name,
    statename: s.statename,
    identifiers: s.identifiers.map(String),
  };
}

/** supvisors.get_process_info(namespec), e.g. "fast:*". */
export async function processStatuses(rpc: RpcClient, namespec: string): Promise<ProcessStatus[]> {
  const { value } = await rpc.call("supvisors.get_process_info", [namespec], 5_000);
  if (!Array.isArray(value)) throw new Error(`get_process_info ${namespec}: expected an array`);
  return value.map(statusOf);
}

/** supvisors.get_conflicts: the namespecs of the processes running on several instances. */
export async function conflicts(rpc: RpcClient): Promise<string[]> {
  const { value } = await rpc.call("supvisors.get_conflicts", [], 5_000);
  if (!Array.isArray(value)) throw new Error("get_conflicts: expected an array");
  return value.map(statusOf).map((s) => `${s.application}:${s.name}`);
}

/** supvisors.get_supvisors_state's fsm_statename. */
export async function fsm(rpc: RpcClient): Promise<string> {
  const { value } = await rpc.call("supvisors.get_supvisors_state", [], 5_000);
  const name = (value as { fsm_statename?: unknown } | null)?.fsm_statename;
  if (typeof name !== "string") throw new Error(`get_supvisors_state: ${JSON.stringify(value)}`);
  return name;
}

export interface LocalProcess {
  statename: string;
  pid: number;
}

/** supervisor.getProcessInfo on one instance: that instance's own view of `namespec`. */
export async function localProcess(rpc: RpcClient, namespec: string): Promise<LocalProcess> {
  const { value } = await rpc.call("supervisor.getProcessInfo", [namespec], 5_000);
  const info = value as { statename?: unknown; pid?: unknown };
  if (typeof info.statename !== "string" || typeof info.pid !== "number") throw new Error(`getProcessInfo ${namespec}: ${JSON.stringify(value)}`);
  return { statename: info.statename, pid: info.pid };
}

/** The pids of the processes an instance runs now (supervisor.getAllProcessInfo). */
export async function runningPids(rpc: RpcClient): Promise<number[]> {
  const { value } = await rpc.call("supervisor.getAllProcessInfo", [], 5_000);
  if (!Array.isArray(value)) throw new Error("getAllProcessInfo: expected an array");
  return value.map((p) => (p as { pid?: unknown }).pid).filter((pid): pid is number => typeof pid === "number" && pid > 0);
}

/** True when every status is RUNNING on exactly one instance. */
export function allRunningOnce(statuses: ProcessStatus[], count: number): boolean {
  return statuses.length === count && statuses.every((s) => s.statename === "RUNNING" && s.identifiers.length === 1);
}

/** True when every status is STOPPED and runs nowhere. */
export function allStopped(statuses: ProcessStatus[], count: number): boolean {
  return statuses.length === count && statuses.every((s) => s.statename === "STOPPED" && s.identifiers.length === 0);
}

/**
 * Polls `probe` every `everyMs` until it is true; resolves with performance.now() taken when the
 * satisfying answer arrived. Throws after `deadlineMs`, naming `what` and the last error if any.
 */
export async function firstTrue(what: string, everyMs: number, deadlineMs: number, probe: () => Promise<boolean>): Promise<number> {
  const deadline = performance.now() + deadlineMs;
  let lastError = "";
  for (;;) {
    const before = performance.now();
    try {
      if (await probe()) return performance.now();
      lastError = "";
    } catch (err) {
      // An instance between states may fault (e.g. not yet in DISTRIBUTION): poll again.
      lastError = String(err);
    }
    if (performance.now() > deadline) throw new Error(`timed out after ${deadlineMs} ms waiting for ${what}${lastError ? ` (${lastError})` : ""}`);
    const spent = performance.now() - before;
    if (spent < everyMs) await Bun.sleep(everyMs - spent);
  }
}
