// The sequencing shared by the starter and the stopper (ST-SEQ-01/06/10/20): application jobs run
// one application rank at a time (lowest first for starts, highest first for stops), the
// applications of a rank in parallel; inside an application job, one process sequence group at a
// time. A group is over when each of its orders succeeded, failed or timed out. What differs
// between starting and stopping is given by a JobBehaviour.

import type { ProcessInfo } from "../../cluster/messages.ts";
import type { AppJob, Commander, JobKind } from "./jobs-model.ts";
import { type Progress, type TimeCheck, timeoutReason } from "./command-progress.ts";
import { applicationOf } from "./state.ts";
import type { Step } from "./step-context.ts";

export interface BaseCommand {
  key: string;
  application: string;
  process: string;
  identifier: string | null;
}

export interface JobBehaviour<C extends BaseCommand> {
  kind: JobKind;
  /** Which rank / sequence number goes first. */
  pick(numbers: Iterable<number>): number;
  /** State imposed when an order times out or is refused (ST-PS-05). */
  failureState: "FATAL" | "STOPPED";
  commander(step: Step): Commander<C>;
  /** Called when the application job leaves the planned ranks to run. */
  before(step: Step, job: AppJob<C>): void;
  /** Sends the order if there is something to do; true when it is now awaited. */
  processJob(step: Step, job: AppJob<C>, command: C): boolean;
  onEvent(step: Step, job: AppJob<C>, command: C, info: ProcessInfo | undefined): Progress;
  timeCheck(step: Step, command: C): TimeCheck;
  /** An order failed (event, timeout, refusal, lost target). */
  processFailure(step: Step, job: AppJob<C>, command: C): void;
  /** The application job is over. */
  after(step: Step, job: AppJob<C>): void;
}

export const lowest = (numbers: Iterable<number>): number => Math.min(...numbers);
export const highest = (numbers: Iterable<number>): number => Math.max(...numbers);

export function jobInProgress<C>(job: AppJob<C>): boolean {
  return job.current.length > 0 || job.planned.size > 0;
}

/** Triggers the application job's next sequence groups while the current one is empty. */
export function jobNext<C extends BaseCommand>(step: Step, b: JobBehaviour<C>, job: AppJob<C>): void {
  while (job.current.length === 0 && job.planned.size > 0) {
    const seq = b.pick(job.planned.keys());
    const group = job.planned.get(seq) ?? [];
    job.planned.delete(seq);
    // One by one: each placement sees the loads of those placed before (ST-LD-03).
    for (const command of group) {
      if (b.processJob(step, job, command)) job.current.push(command);
      else job.done += 1;
    }
  }
}

/** The job of `application`, current or planned (a process joins it rather than making another). */
export function applicationJob<C>(commander: Commander<C>, application: string): AppJob<C> | undefined {
  const current = commander.current.get(application);
  if (current !== undefined) return current;
  for (const jobs of commander.planned.values()) {
    const job = jobs.get(application);
    if (job !== undefined) return job;
  }
  return undefined;
}

/** Adds a new application job at its application rank, replacing a planned one of that rank. */
export function planJob<C>(commander: Commander<C>, rank: number, job: AppJob<C>): void {
  const jobs = commander.planned.get(rank) ?? new Map<string, AppJob<C>>();
  jobs.set(job.application, job);
  commander.planned.set(rank, jobs);
}

/**
 * Ends the application jobs that are over, and starts the next rank when none is left running
 * (Commander.next). `after` hooks may plan jobs in the other commander: they only schedule it.
 */
export function commanderNext<C extends BaseCommand>(step: Step, b: JobBehaviour<C>): void {
  const commander = b.commander(step);
  for (;;) {
    for (const [app, job] of [...commander.current]) {
      if (jobInProgress(job)) continue;
      commander.current.delete(app);
      b.after(step, job);
    }
    if (commander.current.size > 0 || commander.planned.size === 0) return;
    const rank = b.pick(commander.planned.keys());
    const jobs = commander.planned.get(rank) ?? new Map<string, AppJob<C>>();
    commander.planned.delete(rank);
    for (const [app, job] of jobs) commander.current.set(app, job);
    for (const job of jobs.values()) {
      step.log("info", `${b.kind === "start" ? "starting" : "stopping"} application ${job.application} (rank ${rank})`);
      b.before(step, job);
      jobNext(step, b, job);
    }
  }
}

function finish<C extends BaseCommand>(step: Step, b: JobBehaviour<C>, job: AppJob<C>, command: C, failed: boolean): void {
  job.current.splice(job.current.indexOf(command), 1);
  job.done += 1;
  if (failed) b.processFailure(step, job, command);
}

/** A process event from `identifier`: the order awaiting it, if any, may be over (ST-SEQ-03/07). */
export function commanderOnEvent<C extends BaseCommand>(step: Step, b: JobBehaviour<C>, key: string, identifier: string): void {
  const job = b.commander(step).current.get(applicationOf(key));
  const command = job?.current.find((c) => c.key === key && c.identifier === identifier);
  if (job === undefined || command === undefined) return;
  const progress = b.onEvent(step, job, command, step.infoOn(identifier, key));
  if (progress === "inProgress") return;
  finish(step, b, job, command, progress === "failed");
  jobNext(step, b, job);
  step.schedule(b.kind);
}

/** On each tick: orders not acknowledged in time fail with a forced state (ST-SEQ-04/07). */
export function commanderCheck<C extends BaseCommand>(step: Step, b: JobBehaviour<C>): void {
  const commander = b.commander(step);
  for (const job of [...commander.current.values()]) {
    for (const command of [...job.current]) {
      const check = b.timeCheck(step, command);
      if (check.progress === "inProgress") continue;
      if (check.progress === "timedOut") {
        step.log("error", `${command.key} still not ${check.expected} on ${command.identifier} in time: ${b.kind} aborted`);
        // Removed before the forced state is applied, as Supvisors does, then counted as failed.
        job.current.splice(job.current.indexOf(command), 1);
        job.done += 1;
        step.force(command.key, b.failureState, timeoutReason(check.expected), command.identifier ?? "");
        b.processFailure(step, job, command);
      } else {
        finish(step, b, job, command, check.progress === "failed");
      }
    }
    jobNext(step, b, job);
  }
  step.schedule(b.kind);
}

/** The target refused the order (e.g. spawn error): a failure at once, with a forced state. */
export function commanderRefused<C extends BaseCommand>(step: Step, b: JobBehaviour<C>, identifier: string, key: string, reason: string): boolean {
  const job = b.commander(step).current.get(applicationOf(key));
  const command = job?.current.find((c) => c.key === key && c.identifier === identifier);
  if (job === undefined || command === undefined) return false;
  job.current.splice(job.current.indexOf(command), 1);
  job.done += 1;
  step.force(key, b.failureState, reason, identifier);
  b.processFailure(step, job, command);
  jobNext(step, b, job);
  step.schedule(b.kind);
  return true;
}

/**
 * ST-SEQ-30: orders awaited on a lost instance fail (a start failure, not a running failure: the
 * process leaves `failed`); a process with an order still planned leaves `failed` too.
 */
export function commanderInstanceLost<C extends BaseCommand>(step: Step, b: JobBehaviour<C>, lost: string, failed: Set<string>): void {
  const commander = b.commander(step);
  for (const job of [...commander.current.values()]) {
    for (const command of [...job.current]) {
      if (command.identifier !== lost) continue;
      step.log("warn", `${command.key}: ${b.kind} order on ${lost} dropped, instance lost`);
      finish(step, b, job, command, true);
      failed.delete(command.key);
    }
  }
  for (const job of [...commander.current.values(), ...[...commander.planned.values()].flatMap((jobs) => [...jobs.values()])]) {
    for (const commands of job.planned.values()) for (const command of commands) failed.delete(command.key);
  }
  for (const job of commander.current.values()) jobNext(step, b, job);
  step.schedule(b.kind);
}

/** A process vanished from an instance: an order awaited there cannot end well. */
export function commanderProcessRemoved<C extends BaseCommand>(step: Step, b: JobBehaviour<C>, identifier: string, key: string): void {
  const job = b.commander(step).current.get(applicationOf(key));
  const command = job?.current.find((c) => c.key === key && c.identifier === identifier);
  if (job === undefined || command === undefined) return;
  step.log("warn", `${key}: removed from ${identifier} while its ${b.kind} was awaited`);
  finish(step, b, job, command, true);
  jobNext(step, b, job);
  step.schedule(b.kind);
}

/** ST-FSM-01/02: every job dropped. */
export function commanderAbort<C>(commander: Commander<C>): void {
  commander.current.clear();
  commander.planned.clear();
}
