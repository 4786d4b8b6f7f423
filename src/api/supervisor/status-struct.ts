// Running one action over many processes and reporting a status struct for each, as Supervisor's
// group and "all" methods do: immediate outcomes first, then deferred ones in the order they end.

import type { XmlRpcValue } from "../xmlrpc/value.ts";
import { Faults, RpcFault } from "../faults.ts";
import type { ProcessEntry } from "../../supervisor/process-entry.ts";
import type { LocalSupervisor } from "../../supervisor/local-supervisor.ts";

export interface StatusStruct {
  [key: string]: XmlRpcValue;
  name: string;
  group: string;
  status: number;
  description: string;
}

/** What an action on one process gives: a result now, or a check to repeat until it settles. */
export type ActionOutcome = { done: true } | { done: false; check: () => boolean };

export function okStatus(entry: ProcessEntry): StatusStruct {
  return { name: entry.name, group: entry.group, status: Faults.SUCCESS, description: "OK" };
}

export function faultStatus(entry: ProcessEntry, fault: RpcFault): StatusStruct {
  // Supervisor puts the RPCError's text in `description`: the fault name, then ": detail" if any
  // (checked against supervisord 4.2.5: "NO_FILE: can't find command '/nonexistent/x'").
  return { name: entry.name, group: entry.group, status: fault.code, description: fault.faultString };
}

/**
 * Applies `action` to every entry that `predicate` accepts. A check returns true once done and
 * throws an RpcFault when the process settles badly; pending checks run after each state change.
 */
export async function forEachProcess(
  sup: LocalSupervisor,
  entries: ProcessEntry[],
  predicate: (entry: ProcessEntry) => boolean,
  action: (entry: ProcessEntry) => ActionOutcome,
): Promise<StatusStruct[]> {
  const results: StatusStruct[] = [];
  let pending: { entry: ProcessEntry; check: () => boolean }[] = [];
  for (const entry of entries) {
    if (!predicate(entry)) continue;
    try {
      const outcome = action(entry);
      if (outcome.done) results.push(okStatus(entry));
      else pending.push({ entry, check: outcome.check });
    } catch (err) {
      if (!(err instanceof RpcFault)) throw err;
      results.push(faultStatus(entry, err));
    }
  }
  if (pending.length === 0) return results;
  return sup.waitFor(() => {
    const still: typeof pending = [];
    for (const item of pending) {
      try {
        if (item.check()) results.push(okStatus(item.entry));
        else still.push(item);
      } catch (err) {
        if (!(err instanceof RpcFault)) throw err;
        results.push(faultStatus(item.entry, err));
      }
    }
    pending = still;
    return pending.length === 0 ? results : undefined;
  });
}

/** Waits for a single process's check, turning its faults into a rejected promise. */
export function settle(sup: LocalSupervisor, outcome: ActionOutcome): Promise<boolean> | boolean {
  if (outcome.done) return true;
  return sup.waitFor(() => (outcome.check() ? true : undefined));
}
