// Pure reads for the XML-RPC, REST and UI doors: statuses with the engine's forced states and
// event times applied, application statuses, conflicts, and the progress of jobs.

import { type ApplicationStatus, applicationNames, applicationStatus } from "../model/application-status.ts";
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

/** Every process known anywhere, sorted by `group:name`, as displayed (RPC-SV-16). */
export function processStatuses(state: ControlState, snapshot: ClusterSnapshot): ProcessStatus[] {
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
  const byApp = new Map<string, ProcessStatus[]>();
  for (const status of processStatuses(state, snapshot)) {
    byApp.set(status.application, [...(byApp.get(status.application) ?? []), status]);
  }
  return applicationNames(snapshot).map((name) => applicationStatus(state.book, name, byApp.get(name) ?? []));
}

/** Managed processes running on more than one instance (RPC-SV-17). */
export function conflicts(state: ControlState, snapshot: ClusterSnapshot): ProcessStatus[] {
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
