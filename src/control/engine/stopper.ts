// The stopper: application stops by stop sequence, every process stopped on each instance where it
// runs (ST-SEQ-06/07), the global stop of RESTARTING / SHUTTING_DOWN (ST-SEQ-20), single-process
// stops, and restarts: stop first, then start once the application's stop jobs are over (ST-SEQ-08).

import type { StartingStrategy } from "../../config/supvisors-model.ts";
import { ProcessStates } from "../../process/states.ts";
import { stopOnEvent, stopTimeCheck } from "./command-progress.ts";
import { type JobBehaviour, applicationJob, highest, planJob } from "./commander.ts";
import type { AppJob, StopCommand } from "./jobs-model.ts";
import { isRunning } from "./process-kinds.ts";
import { processOf } from "./state.ts";
import { startApplication, startProcess } from "./starter.ts";
import type { Step } from "./step-context.ts";

/** Some process of `app` is in a running state (its application state may still be STOPPED). */
export function hasRunningProcesses(step: Step, app: string, except: readonly string[] = []): boolean {
  return step.keysOf(app).some((key) => {
    if (except.includes(key)) return false;
    const status = step.real(key);
    return status !== undefined && isRunning(status);
  });
}

function commandsFor(step: Step, key: string, only?: string[]): StopCommand[] {
  const runningOn = step.real(key)?.runningOn ?? [];
  return runningOn
    .filter((identifier) => only === undefined || only.includes(identifier))
    .map((identifier) => ({ key, application: step.appOf(key), process: processOf(key), identifier, since: step.now }));
}

function newJob(step: Step, app: string): AppJob<StopCommand> {
  return { id: step.newJobId(), application: app, planned: new Map(), current: [], done: 0, total: 0, strategy: "CONFIG", restricted: null, stopRequest: false, spared: [], wholeApplication: true };
}

/**
 * Plans the stop of every running process of `app` but those in `spare`, by stop_sequence
 * (replacing a planned stop).
 */
function storeApplication(step: Step, app: string, spare: readonly string[] = []): void {
  const job = newJob(step, app);
  for (const key of step.keysOf(app).sort()) {
    if (spare.includes(key)) continue;
    const commands = commandsFor(step, key);
    if (commands.length === 0) continue;
    const seq = step.book.program(app, processOf(key)).stop_sequence;
    job.planned.set(seq, [...(job.planned.get(seq) ?? []), ...commands]);
    job.total += commands.length;
  }
  if (job.total === 0) return;
  planJob(step.jobs.stopper, step.book.application(app).stop_sequence, job);
}

/** ST-SEQ-20: every application with a running process, managed or not, by decreasing rank. */
export function stopApplications(step: Step): void {
  for (const app of step.applicationNames().sort()) {
    if (!hasRunningProcesses(step, app)) continue;
    step.log("info", `stopping application ${app}`);
    storeApplication(step, app);
  }
  step.schedule("stop");
}

/** Stops `app` (but the processes in `spare`) if it has running processes; true when a job was planned. */
export function stopApplication(step: Step, app: string, spare: readonly string[] = []): boolean {
  if (!hasRunningProcesses(step, app, spare)) return false;
  step.log("info", spare.length === 0 ? `stopping application ${app}` : `stopping application ${app} but ${spare.join(", ")}`);
  storeApplication(step, app, spare);
  step.schedule("stop");
  return true;
}

/** ST-SEQ-08: stop, then start with `strategy` once stopped; start at once if nothing runs. */
export function restartApplication(step: Step, strategy: StartingStrategy, app: string): void {
  if (hasRunningProcesses(step, app)) {
    step.jobs.deferred.applications.set(app, strategy);
    stopApplication(step, app);
  } else {
    startApplication(step, strategy, app);
  }
}

/**
 * Stops one process wherever it runs (or only on `only`), joining its application's stop job if
 * there is one; true when some order was planned.
 */
export function stopProcess(step: Step, key: string, only?: string[]): boolean {
  const commands = commandsFor(step, key, only);
  if (commands.length === 0) return false;
  const app = step.appOf(key);
  step.log("info", `stop of ${key} planned on ${commands.map((c) => c.identifier).join(", ")}`);
  const seq = step.book.program(app, processOf(key)).stop_sequence;
  const existing = applicationJob(step.jobs.stopper, app);
  if (existing !== undefined) {
    const known = [...existing.current, ...[...existing.planned.values()].flat()];
    for (const command of commands) {
      if (known.some((c) => c.key === key && c.identifier === command.identifier)) {
        step.log("warn", `${key} already planned to stop on ${command.identifier}`);
        continue;
      }
      existing.planned.set(seq, [...(existing.planned.get(seq) ?? []), command]);
      existing.total += 1;
    }
  } else {
    const job = newJob(step, app);
    job.planned.set(seq, commands);
    job.total = commands.length;
    planJob(step.jobs.stopper, step.book.application(app).stop_sequence, job);
  }
  step.schedule("stop");
  return true;
}

/** ST-SEQ-08 for one process; a process neither running nor stopped (STOPPING) is left alone. */
export function restartProcess(step: Step, strategy: StartingStrategy, key: string, extraArgs: string): void {
  const status = step.real(key);
  if (status !== undefined && isRunning(status)) {
    const app = step.appOf(key);
    const deferred = step.jobs.deferred.processes;
    deferred.set(app, [...(deferred.get(app) ?? []), { key, strategy, extraArgs }]);
    stopProcess(step, key);
  } else {
    startProcess(step, strategy, key, extraArgs);
  }
}

export const STOPPER: JobBehaviour<StopCommand> = {
  kind: "stop",
  pick: highest,
  failureState: "STOPPED",
  commander: (step) => step.jobs.stopper,
  before() {},
  processJob(step, _job, command) {
    if (!(step.real(command.key)?.runningOn ?? []).includes(command.identifier)) return false;
    command.since = step.now;
    if (step.infoOn(command.identifier, command.key)?.state === ProcessStates.STOPPING) {
      // Already stopping there (Supervisor would answer NOT_RUNNING): its STOPPED is awaited.
      return true;
    }
    step.log("info", `stopProcess ${command.key} on ${command.identifier}`);
    step.emit({ type: "stop", identifier: command.identifier, namespec: command.key });
    return true;
  },
  onEvent: (_step, _job, _command, info) => stopOnEvent(info),
  timeCheck: (step, command) => stopTimeCheck(command, step.infoOn(command.identifier, command.key), step.clock()),
  processFailure() {},
  after(step, job) {
    // Starts deferred until the application was stopped (restarts, ST-SEQ-08).
    const app = job.application;
    const strategy = step.jobs.deferred.applications.get(app);
    if (strategy !== undefined) {
      step.jobs.deferred.applications.delete(app);
      startApplication(step, strategy, app);
    }
    const processes = step.jobs.deferred.processes.get(app);
    if (processes !== undefined) {
      step.jobs.deferred.processes.delete(app);
      for (const start of processes) startProcess(step, start.strategy, start.key, start.extraArgs);
    }
  },
};
