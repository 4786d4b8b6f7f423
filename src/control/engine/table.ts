// The process table kept in step with the snapshot: which processes each application has, their
// displayed statuses and the application statuses, published when they change (and only the
// processes a step touched are computed again, so a process event costs the size of its
// application). Changes the node did not report as events (a whole list received after a
// handshake) are found by comparing an instance's process map with the one last indexed.

import type { ProcessInfo } from "../../cluster/messages.ts";
import { type ApplicationStatus, applicationStatus, formulaError } from "../model/application-status.ts";
import { type ProcessStatus, processStatus } from "../model/synthesis.ts";
import { LayeredMap } from "../../layered-map.ts";
import { applicationOf } from "./state.ts";
import { type Step, emptyRecord } from "./step-context.ts";

/**
 * Finds the processes that changed since the last step. `hint`: the process event of this step,
 * whose key is touched anyway; when its instance's map only differs by that entry (same size, key
 * already there) the comparison is skipped.
 */
export function syncSeen(step: Step, hint?: { identifier: string; key: string }): void {
  const seen = step.seen ?? step.base.table.seen;
  let next: Map<string, ReadonlyMap<string, ProcessInfo>> | null = null;
  for (const [identifier, instance] of step.snapshot.instances) {
    const before = seen.get(identifier);
    const after = instance.processes;
    if (before === after) continue;
    next ??= new Map(seen);
    next.set(identifier, after);
    const hinted = hint !== undefined && hint.identifier === identifier;
    if (hinted && before !== undefined && before.size === after.size && before.has(hint.key)) continue;
    const changed: [string, string][] = [];
    for (const [key, info] of after) if (before?.get(key) !== info) changed.push([identifier, key]);
    step.noteTimes(changed);
    if (before !== undefined) for (const key of before.keys()) if (!after.has(key)) step.touch(key);
  }
  for (const [identifier, before] of seen) {
    if (step.snapshot.instances.has(identifier)) continue;
    next ??= new Map(seen);
    next.delete(identifier);
    for (const key of before.keys()) step.touch(key);
  }
  if (next !== null) step.seen = next;
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

export function sameProcessStatus(a: ProcessStatus, b: ProcessStatus): boolean {
  return (
    a.state === b.state &&
    a.expectedExit === b.expectedExit &&
    a.lastEventMtime === b.lastEventMtime &&
    a.extraArgs === b.extraArgs &&
    a.forcedReason === b.forcedReason &&
    a.disabled === b.disabled &&
    a.crashed === b.crashed &&
    a.namespec === b.namespec &&
    sameList(a.runningOn, b.runningOn) &&
    sameList(a.configuredOn, b.configuredOn)
  );
}

function sameApplicationStatus(a: ApplicationStatus, b: ApplicationStatus): boolean {
  return (
    a.state === b.state &&
    a.managed === b.managed &&
    a.majorFailure === b.majorFailure &&
    a.minorFailure === b.minorFailure &&
    a.operational === b.operational
  );
}

/**
 * Computes again the statuses of the touched processes and of their applications; publishes what
 * changed; keeps the conflict set (managed processes running on several instances) up to date.
 */
export function refreshTable(step: Step): void {
  if (step.touched.size === 0) return;
  const keys = [...step.touched];
  step.touched.clear();
  step.dropLoads();
  const byApp = new Map<string, string[]>();
  for (const key of keys) {
    const app = applicationOf(key);
    const list = byApp.get(app) ?? [];
    list.push(key);
    byApp.set(app, list);
  }
  for (const [app, appKeys] of byApp) refreshApplication(step, app, appKeys);
}

function refreshApplication(step: Step, app: string, keys: string[]): void {
  const record = step.record(app) ?? emptyRecord(app);
  const published = record.statuses.size > 0;
  // Derived, not copied: a copy of each map per process event made a start of 90 processes cost
  // an observer 90 × 3 copies of the application's tables (see layered-map.ts).
  const statuses = LayeredMap.derive(record.statuses);
  const forced = LayeredMap.derive(record.forced);
  const eventTimes = LayeredMap.derive(record.eventTimes);
  const managed = step.book.application(app).managed;
  let processPublished = false;
  for (const key of keys) {
    const status = processStatus(step.snapshot, key, forced.get(key), eventTimes.get(key));
    if (status === undefined) {
      // Configured nowhere any more: a last status tells subscribers it is gone (EVT-13).
      const last = statuses.get(key);
      if (last !== undefined) step.emit({ type: "publish", topic: "process", status: last, deleted: true });
      statuses.delete(key);
      forced.delete(key);
      eventTimes.delete(key);
      setConflict(step, key, false);
      continue;
    }
    const previous = statuses.get(key);
    if (previous === undefined || !sameProcessStatus(previous, status)) {
      statuses.set(key, status);
      step.emit({ type: "publish", topic: "process", status });
      processPublished = true;
    }
    setConflict(step, key, managed && status.runningOn.length > 1);
  }
  if (statuses.size === 0) {
    if (published) step.emit({ type: "publish", topic: "application", status: record.status, deleted: true });
    step.setRecord(app, undefined);
    return;
  }
  const list = [...statuses.values()];
  const status = applicationStatus(step.book, app, list);
  // As Supvisors: every process status published is followed by its application's (EVT-12).
  if (!published || processPublished || !sameApplicationStatus(status, record.status)) {
    step.emit({ type: "publish", topic: "application", status });
  }
  let error = record.formulaError;
  if (step.book.formula(app) !== null) {
    const now = formulaError(step.book, app, list);
    if (now !== null && now !== error) step.log("error", now);
    error = now;
  }
  for (const warning of step.book.warnings()) step.log("error", warning);
  step.setRecord(app, { statuses, forced, eventTimes, status, formulaError: error });
}

function setConflict(step: Step, key: string, conflicting: boolean): void {
  const current = step.conflicts ?? step.base.table.conflicts;
  if (current.has(key) === conflicting) return;
  const next = step.conflicts ?? new Set(current);
  if (conflicting) next.add(key);
  else next.delete(key);
  step.conflicts = next;
}
