// The starter: application starts by start sequence (ST-SEQ-01..05), the global start of the
// DISTRIBUTION state and of restart_sequence (ST-SEQ-10), placement of each process through the
// model's strategies with the loads of starts already planned (ST-LD-03), and the starting
// failure strategy of required processes (ST-SFS-01..04).

import type { StartingStrategy } from "../../config/supvisors-model.ts";
import { ProcessStates } from "../../process/states.ts";
import { assignSigns } from "../model/identifiers.ts";
import { candidates, chooseInstance, placeApplication, placeProcess } from "../model/placement.ts";
import { nodeOf } from "../model/snapshot.ts";
import type { ProcessStatus } from "../model/synthesis.ts";
import { startOnEvent, startTimeCheck } from "./command-progress.ts";
import { type JobBehaviour, applicationJob, lowest, planJob } from "./commander.ts";
import type { AppJob, StartCommand } from "./jobs-model.ts";
import { isStopped } from "./process-kinds.ts";
import { processOf } from "./state.ts";
import type { Step } from "./step-context.ts";
import { stopApplication } from "./stopper.ts";

/** Processes of a managed application by start_sequence, 0 excluded (ST-SEQ-01). */
export function startGroups(step: Step, app: string): Map<number, string[]> {
  const groups = new Map<number, string[]>();
  if (!step.book.application(app).managed) return groups;
  for (const key of step.keysOf(app).sort()) {
    const seq = step.book.program(app, processOf(key)).start_sequence;
    if (seq <= 0) continue;
    groups.set(seq, [...(groups.get(seq) ?? []), key]);
  }
  return groups;
}

/** ST-SEQ-10: every process STOPPED with no stop time, on every instance. */
export function neverStarted(step: Step, app: string): boolean {
  for (const key of step.keysOf(app)) {
    for (const instance of step.snapshot.instances.values()) {
      const info = instance.processes.get(key);
      if (info !== undefined && (info.state !== ProcessStates.STOPPED || info.stop !== 0)) return false;
    }
  }
  return true;
}

function newCommand(step: Step, key: string, strategy: StartingStrategy, extraArgs: string, ignoreWaitExit: boolean): StartCommand {
  const app = step.appOf(key);
  return { key, application: app, process: processOf(key), strategy, identifier: null, extraArgs, ignoreWaitExit, since: step.now };
}

function newJob(step: Step, app: string, strategy: StartingStrategy, wholeApplication: boolean): AppJob<StartCommand> {
  return { id: step.newJobId(), application: app, planned: new Map(), current: [], done: 0, total: 0, strategy, restricted: null, stopRequest: false, spared: runningNow(step, app), wholeApplication };
}

/** The processes of `app` in a running state (or STOPPING): what a start job must leave running. */
function runningNow(step: Step, app: string): string[] {
  return step.keysOf(app).filter((key) => {
    const status = step.real(key);
    return status !== undefined && !isStopped(status);
  });
}

/**
 * Plans the start sequence of `app` with `strategy` at its application rank, replacing a planned
 * one; resolves its `#` / `@` rules now (RULE-48). False when it has nothing to start.
 */
export function storeApplication(step: Step, app: string, strategy: StartingStrategy): boolean {
  const groups = startGroups(step, app);
  if (groups.size === 0) {
    step.log("warn", `application ${app} has no valid start_sequence`);
    return false;
  }
  const keys = [...groups.values()].flat();
  const signs = assignSigns(step.book, step.snapshot, app, keys, step.jobs.assignments);
  step.jobs.assignments = signs.assignments;
  for (const error of signs.errors) step.log("error", error);
  const job = newJob(step, app, strategy, true);
  for (const [seq, group] of groups) {
    job.planned.set(seq, group.map((key) => newCommand(step, key, strategy, step.shown(key)?.extraArgs ?? "", false)));
    job.total += group.length;
  }
  planJob(step.jobs.starter, step.book.application(app).start_sequence, job);
  step.log("info", `start of application ${app} planned with strategy ${strategy}`);
  return true;
}

/**
 * ST-SEQ-10: applications to auto-start that never ran or are in failure, by rank. As Supvisors'
 * Starter.start_applications (supvisors/commander.py, 0.19): an application with start_sequence > 0
 * is planned when `application.never_started()` (every process STOPPED with no stop time on every
 * instance) or it has a major or minor failure ("give them a chance"); one that ran and has no
 * failure is left alone, stopped on purpose or running. A repair plan only starts processes that
 * are stopped at their turn, and its failure never stops what ran before it (AppJob.spared).
 */
export function startApplications(step: Step): void {
  for (const app of step.applicationNames().sort()) {
    const rules = step.book.application(app);
    if (rules.start_sequence <= 0) continue;
    const status = step.applicationStatus(app);
    if (neverStarted(step, app) || status?.majorFailure || status?.minorFailure) storeApplication(step, app, rules.starting_strategy);
  }
  step.schedule("start");
}

/** Starts `app` when it is STOPPED (else a warning); true when a job was planned. */
export function startApplication(step: Step, strategy: StartingStrategy, app: string): boolean {
  if (step.applicationStatus(app)?.state !== "STOPPED") {
    step.log("warn", `application ${app} already started`);
    return false;
  }
  const stored = storeApplication(step, app, strategy);
  step.schedule("start");
  return stored;
}

/**
 * ST-SEQ-05: starts one stopped process at its start_sequence rank, joining its application's job
 * if there is one; `wait_exit` does not apply; true when an order was planned.
 */
export function startProcess(step: Step, strategy: StartingStrategy, key: string, extraArgs: string): boolean {
  const status = step.real(key);
  if (status === undefined || !isStopped(status)) return false;
  const app = step.appOf(key);
  step.log("info", `start of ${key} planned with strategy ${strategy}`);
  const command = newCommand(step, key, strategy, extraArgs, true);
  const seq = step.book.program(app, command.process).start_sequence;
  const existing = applicationJob(step.jobs.starter, app);
  if (existing !== undefined) {
    const known = [...existing.current, ...[...existing.planned.values()].flat()].some((c) => c.key === key);
    if (known) step.log("warn", `${key} already planned`);
    else {
      existing.planned.set(seq, [...(existing.planned.get(seq) ?? []), command]);
      existing.total += 1;
    }
  } else {
    const job = newJob(step, app, strategy, false);
    job.planned.set(seq, [command]);
    job.total = 1;
    planJob(step.jobs.starter, step.book.application(app).start_sequence, job);
  }
  step.schedule("start");
  return true;
}

/** ST-STR-07/08: a restricted application start chooses its instances (or node) when it begins. */
function distribute(step: Step, job: AppJob<StartCommand>): void {
  const distribution = step.book.application(job.application).distribution;
  if (!job.wholeApplication || distribution === "ALL_INSTANCES") return;
  const commands = [...job.planned.values()].flat();
  const statuses = commands.map((c) => step.real(c.key)).filter((s): s is ProcessStatus => s !== undefined && isStopped(s));
  const plan = placeApplication(step.snapshot, step.book, job.application, statuses, job.strategy, step.loads(), step.jobs.assignments);
  for (const command of commands) command.identifier = plan.get(command.key) ?? null;
  const chosen = new Set([...plan.values()].filter((id): id is string => id !== null));
  if (distribution === "SINGLE_INSTANCE") {
    job.restricted = [...chosen];
  } else {
    const nodes = new Set([...chosen].map((id) => nodeOf(step.snapshot.instances.get(id)!)));
    job.restricted = [...step.snapshot.instances].filter(([, instance]) => nodes.has(nodeOf(instance))).map(([id]) => id);
  }
  if (chosen.size === 0) step.log("warn", `no instance found to start application ${job.application}`);
}

/** The instance for `command` now: the one chosen ahead if still usable, else by strategy. */
function target(step: Step, job: AppJob<StartCommand>, command: StartCommand): string | null {
  const preset = command.identifier;
  if (preset !== null && step.snapshot.instances.get(preset)?.state === "RUNNING") return preset;
  const status = step.real(command.key);
  if (status === undefined) return null;
  const loads = step.loads();
  if (job.restricted === null) return placeProcess(step.snapshot, step.book, status, command.strategy, loads, step.jobs.assignments);
  const restricted = job.restricted;
  const among = candidates(step.snapshot, step.book, status, step.jobs.assignments, true).filter((id) => restricted.includes(id));
  const load = step.book.program(command.application, command.process).expected_loading;
  const chosen = chooseInstance(command.strategy, among, load, loads, step.snapshot.localId);
  if (chosen !== null) loads.addPending(chosen, load);
  return chosen;
}

/** ST-SFS-01..04: a required process failed to start. */
function startFailure(step: Step, job: AppJob<StartCommand>, command: StartCommand): void {
  const rules = step.book.program(command.application, command.process);
  if (!rules.required) {
    step.log("info", `optional ${command.key} failed to start: starting ${command.application} goes on`);
    return;
  }
  const strategy = rules.starting_failure_strategy;
  if (strategy === "CONTINUE") {
    step.log("info", `required ${command.key} failed to start: starting ${command.application} goes on (CONTINUE)`);
    return;
  }
  const dropped = [...job.planned.values()].reduce((sum, group) => sum + group.length, 0);
  job.planned.clear();
  job.total -= dropped;
  if (strategy === "STOP") job.stopRequest = true;
  step.log("warn", `required ${command.key} failed to start: ${strategy === "STOP" ? "stopping" : "aborting the start of"} ${command.application}`);
}

export const STARTER: JobBehaviour<StartCommand> = {
  kind: "start",
  pick: lowest,
  failureState: "FATAL",
  commander: (step) => step.jobs.starter,
  before: distribute,
  processJob(step, job, command) {
    const status = step.real(command.key);
    // Only processes stopped at their turn are started (ST-SEQ-01).
    if (status === undefined || !isStopped(status)) return false;
    const identifier = target(step, job, command);
    if (identifier === null) {
      step.log("warn", `no resource available for ${command.key}`);
      step.force(command.key, "FATAL", "No resource available");
      startFailure(step, job, command);
      return false;
    }
    command.identifier = identifier;
    command.since = step.now;
    const args = command.extraArgs === "" ? "" : ` with extra args "${command.extraArgs}"`;
    step.log("info", `start_args ${command.key} on ${identifier}${args}`);
    step.emit({ type: "start", identifier, namespec: command.key, extraArgs: command.extraArgs });
    return true;
  },
  onEvent(step, _job, command, info) {
    const progress = startOnEvent(command, info, step.book.program(command.application, command.process).wait_exit);
    if (progress !== "backoff") return progress;
    // BACKOFF: Supervisor retries; the time to reach RUNNING counts again from now (ST-SEQ-03).
    command.since = step.now;
    return "inProgress";
  },
  timeCheck(step, command) {
    const waitExit = step.book.program(command.application, command.process).wait_exit;
    return startTimeCheck(command, command.identifier === null ? undefined : step.infoOn(command.identifier, command.key), waitExit, step.clock());
  },
  processFailure: startFailure,
  after(step, job) {
    if (!job.stopRequest) return;
    step.log("warn", `starting ${job.application} failed: stopping it (starting failure strategy STOP)`);
    // Supvisors stops the whole application here, even processes that ran before this job (a
    // repair at DISTRIBUTION, a single-process start); Flotilla leaves those running (job.spared).
    if (!stopApplication(step, job.application, job.spared) && job.spared.length > 0) {
      step.log("warn", `${job.application}: left running, as before this start: ${job.spared.join(", ")}`);
    }
  },
};
