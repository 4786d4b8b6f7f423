// Requests whose reply waits for their jobs (RPC-GEN-05, `wait=true`): each is answered once its
// applications have no starter or stopper job left (restart_sequence: once the whole starter is
// idle), with the end-of-wait checks of RPC-SV-22/24/25/27/29/30/31/36.

import { makeNamespec } from "../../supervisor/namespec.ts";
import { commanderBusy, hasJob, type Wait } from "./jobs-model.ts";
import { isRunning, isStopped } from "./process-kinds.ts";
import { processOf } from "./state.ts";
import type { Step } from "./step-context.ts";
import type { ControlReply } from "./types.ts";

/** The namespec as Supvisors writes it in messages (`name` alone when group and name are equal). */
export function displayNamespec(key: string): string {
  const colon = key.indexOf(":");
  return colon < 0 ? key : makeNamespec(key.slice(0, colon), processOf(key));
}

/** A Python list of strings, as Supvisors' fault details print one. */
export function pythonList(items: string[]): string {
  return `[${items.map((item) => `'${item}'`).join(", ")}]`;
}

export function fault(fault: Extract<ControlReply, { ok: false }>["fault"], detail: string): ControlReply {
  return { ok: false, fault, detail };
}

/** The application has nothing planned or running in the starter or the stopper, nor a deferred start. */
export function applicationIdle(step: Step, app: string): boolean {
  const jobs = step.peekJobs;
  return !hasJob(jobs.starter, app) && !hasJob(jobs.stopper, app) && !jobs.deferred.applications.has(app) && !jobs.deferred.processes.has(app);
}

function over(step: Step, wait: Wait): boolean {
  if (wait.wholeStarter) return !commanderBusy(step.peekJobs.starter);
  return wait.applications.every((app) => applicationIdle(step, app));
}

function keysWhere(step: Step, keys: string[], test: (key: string) => boolean): string[] {
  return keys.filter(test).map(displayNamespec);
}

/** The end-of-wait check of the request. */
function outcome(step: Step, wait: Wait): ControlReply {
  const request = wait.request;
  const stopped = (key: string) => {
    const status = step.real(key);
    return status === undefined || isStopped(status);
  };
  const running = (key: string) => {
    const status = step.real(key);
    return status !== undefined && isRunning(status);
  };
  switch (request.kind) {
    case "startApplication":
      return step.applicationStatus(request.application)?.state === "RUNNING" ? { ok: true, value: true } : fault("NOT_RUNNING", request.application);
    case "stopApplication":
      return step.applicationStatus(request.application)?.state === "STOPPED" ? { ok: true, value: true } : fault("STILL_RUNNING", request.application);
    case "restartApplication":
      return step.applicationStatus(request.application)?.state === "STOPPED" ? fault("NOT_RUNNING", request.application) : { ok: true, value: true };
    case "startProcess":
    case "restartProcess":
    case "startAnyProcess": {
      const failed = keysWhere(step, wait.keys, stopped);
      return failed.length > 0 ? fault("NOT_RUNNING", `processes=${pythonList(failed)}`) : { ok: true, value: wait.value };
    }
    case "stopProcess": {
      const still = keysWhere(step, wait.keys, running);
      return still.length > 0 ? fault("STILL_RUNNING", `processes=${pythonList(still)}`) : { ok: true, value: true };
    }
    case "restartSequence":
    case "conciliate":
      return { ok: true, value: true };
  }
}

/** Answers the waits whose jobs are over. */
export function settleWaits(step: Step): void {
  if (step.peekJobs.waits.length === 0) return;
  if (!step.peekJobs.waits.some((wait) => over(step, wait))) return;
  const waits = step.jobs.waits;
  step.jobs.waits = waits.filter((wait) => {
    if (!over(step, wait)) return true;
    step.emit({ type: "reply", id: wait.id, reply: outcome(step, wait) });
    return false;
  });
}

/** `jobs: abort`: nothing will end the waits any more. */
export function abortWaits(step: Step): void {
  for (const wait of step.jobs.waits) {
    step.emit({ type: "reply", id: wait.id, reply: fault("ABNORMAL_TERMINATION", `jobs aborted (Supvisors state ${step.snapshot.fsm})`) });
  }
  step.jobs.waits = [];
}
