// Pure reads for the XML-RPC, REST and UI doors: statuses with the engine's forced states and
// event times applied, application statuses, conflicts, and the progress of jobs.

import { type ApplicationStatus, applicationNames, applicationStatus } from "../model/application-status.ts";
import { byText } from "../model/lookup.ts";
import type { ClusterSnapshot, ForcedState } from "../model/snapshot.ts";
import { type ProcessStatus, allProcessStatuses, processStatus } from "../model/synthesis.ts";
import { allJobs, commanderBusy, type AppJob } from "./jobs-model.ts";
import { applicationOf, type ControlState } from "./state.ts";
import type { JobProgress } from "./types.ts";

function flatten(state: ControlState): {
  forced: Map<string, ForcedState>;
  eventTimes: Map<string, ReadonlyMap<string, number>>;
} {
  const forced = new Map<string, ForcedState>();
  const eventTimes = new Map<string, ReadonlyMap<string, number>>();
  for (const record of state.table.applications.values()) {
    for (const [key, value] of record.forced) forced.set(key, value);
    for (const [key, value] of record.eventTimes) eventTimes.set(key, value);
  }
  return { forced, eventTimes };
}

/** `name` alone stands for `name:name` (Supervisor's convention). */
function keyOf(namespec: string): string {
  return namespec.includes(":") ? namespec : `${namespec}:${namespec}`;
}

/**
 * Whether the engine's table was computed from exactly the process maps of `snapshot`: the cluster
 * core replaces an instance's map on every change, so the same maps (and the same instances, hence
 * the same instance order) mean every status in the table is what synthesis would compute now.
 */
export function tableMatches(state: ControlState, snapshot: ClusterSnapshot): boolean {
  const seen = state.table.seen;
  if (seen.size !== snapshot.instances.size) return false;
  for (const [identifier, instance] of snapshot.instances) if (seen.get(identifier) !== instance.processes) return false;
  return true;
}

// Sorted lists built from one table, kept as long as that table is the current one: the table is
// replaced (never edited) when a status changes, so reads between two changes share one list.
const sortedProcesses = new WeakMap<object, readonly ProcessStatus[]>();
const sortedApplications = new WeakMap<object, readonly ApplicationStatus[]>();

function tableProcesses(state: ControlState): readonly ProcessStatus[] {
  const applications = state.table.applications;
  let list = sortedProcesses.get(applications);
  if (list === undefined) {
    const all: ProcessStatus[] = [];
    for (const record of applications.values()) for (const status of record.statuses.values()) all.push(status);
    list = all.sort((a, b) => byText(a.namespec, b.namespec));
    sortedProcesses.set(applications, list);
  }
  return list;
}

/**
 * Every process known anywhere, sorted by `group:name`, as displayed (RPC-SV-16). Read from the
 * engine's table, kept up to date on each change, when it matches the snapshot; computed from the
 * snapshot otherwise (a change the engine has not stepped over yet).
 */
export function processStatuses(state: ControlState, snapshot: ClusterSnapshot): ProcessStatus[] {
  if (tableMatches(state, snapshot)) return [...tableProcesses(state)];
  const { forced, eventTimes } = flatten(state);
  return allProcessStatuses(snapshot, forced, eventTimes);
}

/** One process as displayed, or undefined when no instance reports it. */
export function processStatusOf(state: ControlState, snapshot: ClusterSnapshot, namespec: string): ProcessStatus | undefined {
  const key = keyOf(namespec);
  const record = state.table.applications.get(applicationOf(key));
  return processStatus(snapshot, key, record?.forced.get(key), record?.eventTimes.get(key));
}

/** Every application known anywhere, sorted by name (RPC-SV-12). */
export function applicationStatuses(state: ControlState, snapshot: ClusterSnapshot): ApplicationStatus[] {
  if (tableMatches(state, snapshot)) {
    const applications = state.table.applications;
    let list = sortedApplications.get(applications);
    if (list === undefined) {
      list = [...applications.values()].filter((record) => record.statuses.size > 0).map((record) => record.status).sort((a, b) => byText(a.name, b.name));
      sortedApplications.set(applications, list);
    }
    return [...list];
  }
  const byApp = new Map<string, ProcessStatus[]>();
  for (const status of processStatuses(state, snapshot)) {
    const list = byApp.get(status.application);
    if (list === undefined) byApp.set(status.application, [status]);
    else list.push(status);
  }
  return applicationNames(snapshot).map((name) => applicationStatus(state.book, name, byApp.get(name) ?? []));
}

/** Managed processes running on more than one instance (RPC-SV-17). */
export function conflicts(state: ControlState, snapshot: ClusterSnapshot): ProcessStatus[] {
  // The table keeps the conflict set: with no conflict there is nothing to list or compute.
  if (state.table.conflicts.size === 0 && tableMatches(state, snapshot)) return [];
  return processStatuses(state, snapshot).filter(
    (status) => status.runningOn.length > 1 && state.book.application(status.application).managed,
  );
}

function progress<C extends { key: string }>(job: AppJob<C>, kind: "start" | "stop"): JobProgress {
  return { application: job.application, kind, done: job.done, total: job.total, waitingOn: job.current.map((c) => c.key) };
}

/** Whether the starter / stopper have jobs (ST-MOD-03), and each application job's progress. */
export function jobsOf(state: ControlState): { starting: boolean; stopping: boolean; applications: JobProgress[] } {
  const applications = [
    ...[...allJobs(state.jobs.starter)].map((job) => progress(job, "start")),
    ...[...allJobs(state.jobs.stopper)].map((job) => progress(job, "stop")),
  ];
  return { starting: commanderBusy(state.jobs.starter), stopping: commanderBusy(state.jobs.stopper), applications };
}
