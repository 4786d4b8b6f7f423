// The engine's step function: (state, snapshot, input, now) → (next state, effects). Each input
// first brings the process table in line with the snapshot, then drives the jobs; every step ends
// the same way: next jobs triggered, statuses published, crash rules for states forced during the
// step, the view for the cluster FSM when it changed, and the replies of finished waits.

import { namespecOf } from "../model/snapshot.ts";
import type { ClusterSnapshot } from "../model/snapshot.ts";
import {
  commanderAbort,
  commanderCheck,
  commanderOnEvent,
  commanderProcessRemoved,
  commanderRefused,
} from "./commander.ts";
import { conciliate } from "./conciliation.ts";
import { crashCheck, triggerFailureJobs } from "./failure-handler.ts";
import { commanderBusy, emptyFailureJobs } from "./jobs-model.ts";
import { lostOnTick, onInstanceLost } from "./losses.ts";
import { handleRequest } from "./requests.ts";
import { settle } from "./settle.ts";
import { STARTER, startApplications } from "./starter.ts";
import { applicationOf, type ControlState } from "./state.ts";
import { Step } from "./step-context.ts";
import { STOPPER, stopApplications } from "./stopper.ts";
import { refreshTable, syncSeen } from "./table.ts";
import type { ControlEffect, ControlInput } from "./types.ts";
import { abortWaits, settleWaits } from "./waits.ts";

/** Events are only taken from instances the cluster accepts them from (CHECKED / RUNNING). */
function acceptsEvents(step: Step, identifier: string): boolean {
  const state = step.snapshot.instances.get(identifier)?.state;
  return state === "CHECKED" || state === "RUNNING";
}

function onTick(step: Step): void {
  syncSeen(step);
  refreshTable(step);
  if (commanderBusy(step.peekJobs.starter)) commanderCheck(step, STARTER);
  if (commanderBusy(step.peekJobs.stopper)) commanderCheck(step, STOPPER);
  lostOnTick(step);
  triggerFailureJobs(step);
}

function onProcessEvent(step: Step, identifier: string, key: string): void {
  syncSeen(step, { identifier, key });
  step.noteEvent(identifier, key);
  refreshTable(step);
  afterEvent(step, identifier, key);
}

/**
 * Events of distinct processes at once: the table is brought up to date once for all of them (a
 * handshake brings a peer's whole list, and refreshing an application per event made that
 * quadratic in the application's size), then each event drives the jobs as a lone one would.
 */
function onProcessEvents(step: Step, events: readonly { identifier: string; info: { group: string; name: string } }[]): void {
  const reports = events.map((e) => [e.identifier, namespecOf(e.info.group, e.info.name)] as [string, string]);
  syncSeen(step);
  step.noteEvents(reports);
  refreshTable(step);
  for (const [identifier, key] of reports) afterEvent(step, identifier, key);
}

/** What a process event does once the table holds its new status. */
function afterEvent(step: Step, identifier: string, key: string): void {
  // An instance being invalidated reports its processes FATAL ("Supervisor … lost") before the
  // loss itself: that is no crash, and the loss input deals with the jobs (ST-SEQ-30).
  if (!acceptsEvents(step, identifier)) return;
  const app = applicationOf(key);
  if (step.peekJobs.starter.current.has(app)) commanderOnEvent(step, STARTER, key, identifier);
  if (step.peekJobs.stopper.current.has(app)) commanderOnEvent(step, STOPPER, key, identifier);
  const remembered = step.peekJobs.lost.get(key);
  if (remembered !== undefined && step.real(key)?.runningOn.length) step.jobs.lost.delete(key);
  crashCheck(step, key);
}

function onJobs(step: Step, command: Extract<ControlInput, { type: "jobs" }>["command"]): void {
  syncSeen(step);
  refreshTable(step);
  switch (command) {
    case "abort": {
      const jobs = step.jobs;
      commanderAbort(jobs.starter);
      commanderAbort(jobs.stopper);
      jobs.failures = emptyFailureJobs();
      jobs.deferred = { applications: new Map(), processes: new Map() };
      abortWaits(step);
      step.log("info", "all starting, stopping and failure jobs aborted");
      return;
    }
    case "startApplications":
      if (step.isMaster) startApplications(step);
      return;
    case "stopApplications":
      if (step.isMaster) stopApplications(step);
      return;
    case "conciliate":
      if (step.isMaster) conciliate(step, step.options.conciliationStrategy);
      return;
  }
}

function dispatch(step: Step, input: ControlInput): void {
  switch (input.type) {
    case "tick":
      return onTick(step);
    case "processEvent":
      return onProcessEvent(step, input.identifier, namespecOf(input.info.group, input.info.name));
    case "processEvents":
      return onProcessEvents(step, input.events);
    case "processRemoved":
      syncSeen(step);
      step.touch(input.namespec);
      refreshTable(step);
      if (step.peekJobs.starter.current.has(applicationOf(input.namespec))) commanderProcessRemoved(step, STARTER, input.identifier, input.namespec);
      if (step.peekJobs.stopper.current.has(applicationOf(input.namespec))) commanderProcessRemoved(step, STOPPER, input.identifier, input.namespec);
      return;
    case "instanceLost":
      syncSeen(step);
      refreshTable(step);
      return onInstanceLost(step, input.identifier, input.lostProcesses);
    case "jobs":
      return onJobs(step, input.command);
    case "forced":
      syncSeen(step);
      step.setForced(input.namespec, input.state, input.reason);
      refreshTable(step);
      // The node that forced it is in charge of that process now.
      if (step.peekJobs.lost.has(input.namespec)) step.jobs.lost.delete(input.namespec);
      return crashCheck(step, input.namespec);
    case "commandFailed": {
      syncSeen(step);
      refreshTable(step);
      const known = input.action === "start" ? commanderBusy(step.peekJobs.starter) : commanderBusy(step.peekJobs.stopper);
      const refused = known && (input.action === "start"
        ? commanderRefused(step, STARTER, input.identifier, input.namespec, input.reason)
        : commanderRefused(step, STOPPER, input.identifier, input.namespec, input.reason));
      if (!refused) {
        step.log("warn", `${input.action} of ${input.namespec} on ${input.identifier} failed (${input.reason}), no job awaited it`);
      }
      return;
    }
    case "request":
      syncSeen(step);
      refreshTable(step);
      return handleRequest(step, input.id, input.request);
  }
}

/** Triggered jobs, published statuses, crash rules for forced states, view, finished waits. */
function finish(step: Step): ControlState {
  for (let round = 0; ; round += 1) {
    settle(step);
    // Failure jobs deferred while their application had a job go as soon as that job is over, not
    // only at the next tick (ST-RFS-07 triggers them on ticks; this brings the same jobs forward).
    triggerFailureJobs(step);
    settle(step);
    refreshTable(step);
    const forced = step.forcedFatal.splice(0);
    if (forced.length === 0 || round > 8) break;
    for (const key of forced) crashCheck(step, key);
  }
  const base = step.base;
  const conflicts = step.conflicts ?? base.table.conflicts;
  const busy = step.peekJobs;
  const view = { startingJobs: commanderBusy(busy.starter), stoppingJobs: commanderBusy(busy.stopper), conflicting: conflicts.size > 0 };
  const changed =
    view.startingJobs !== base.view.startingJobs || view.stoppingJobs !== base.view.stoppingJobs || view.conflicting !== base.view.conflicting;
  if (changed) step.emit({ type: "view", ...view });
  settleWaits(step);
  // After the waits: answering one edits the jobs.
  const jobs = step.peekJobs;
  return {
    options: base.options,
    book: base.book,
    table: {
      applications: step.applications ?? base.table.applications,
      seen: step.seen ?? base.table.seen,
      conflicts,
    },
    jobs,
    view: changed ? view : base.view,
    assignments: jobs.assignments,
  };
}

/**
 * One step of the control engine. `snapshot` is the cluster as it is now (already including the
 * input's change); `now` is monotonic seconds. `state` is never altered.
 * @example const { state: next, effects } = controlStep(state, snapshot, { type: "tick" }, 12.5);
 */
export function controlStep(
  state: ControlState,
  snapshot: ClusterSnapshot,
  input: ControlInput,
  now: number,
): { state: ControlState; effects: ControlEffect[] } {
  const step = new Step(state, snapshot, now);
  dispatch(step, input);
  const next = finish(step);
  return { state: next, effects: step.effects };
}
