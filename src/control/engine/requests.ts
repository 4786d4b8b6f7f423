// User requests (RPC-SV-22..36): the checks and faults of the XML-RPC, in Supvisors' order and
// words; the jobs they plan on this node's starter / stopper; the reply right after queuing, or a
// wait answered when the jobs are over (waits.ts).

import type { FsmState } from "../../cluster/states.ts";
import type { StartingStrategy } from "../../config/supvisors-model.ts";
import { parseNamespec } from "../../supervisor/namespec.ts";
import { placeProcess } from "../model/placement.ts";
import { commanderBusy } from "./jobs-model.ts";
import { conciliate } from "./conciliation.ts";
import { isRunning } from "./process-kinds.ts";
import { settle } from "./settle.ts";
import { startApplication, startApplications, startProcess } from "./starter.ts";
import type { Step } from "./step-context.ts";
import { hasRunningProcesses, restartApplication, restartProcess, stopApplication, stopProcess } from "./stopper.ts";
import type { ControlReply, ControlRequest } from "./types.ts";
import { applicationIdle, displayNamespec, fault } from "./waits.ts";

const OP: readonly FsmState[] = ["OPERATION"];
const OP_CONC: readonly FsmState[] = ["OPERATION", "CONCILIATION"];
const CONC: readonly FsmState[] = ["CONCILIATION"];

/** Thrown inside a request handler: the fault the request gets. */
export class Refusal {
  constructor(readonly reply: ControlReply) {}
}

function refuse(name: Parameters<typeof fault>[0], detail: string): never {
  throw new Refusal(fault(name, detail));
}

/** BAD_SUPVISORS_STATE worded as Supvisors words it. */
export function checkState(fsm: FsmState, allowed: readonly FsmState[]): ControlReply | null {
  if (allowed.includes(fsm)) return null;
  return fault("BAD_SUPVISORS_STATE", `invalid Supvisors state=${fsm} - state expected in [${allowed.map((s) => `'${s}'`).join(", ")}]`);
}

function requireState(step: Step, allowed: readonly FsmState[]): void {
  const refused = checkState(step.snapshot.fsm, allowed);
  if (refused !== null) throw new Refusal(refused);
}

function requireApplication(step: Step, app: string): void {
  if (step.record(app) === undefined) refuse("BAD_NAME", `application=${app} unknown to Supvisors`);
}

function requireManaged(step: Step, app: string): void {
  if (!step.book.application(app).managed) refuse("NOT_MANAGED", app);
}

/** The `group:name` keys a namespec designates (RPC-GEN-09), BAD_NAME as Supvisors words it. */
export function keysOf(step: Step, namespec: string): string[] {
  const { group, process } = parseNamespec(namespec);
  requireApplication(step, group);
  if (process === null) return step.keysOf(group).sort();
  const key = `${group}:${process}`;
  if (step.record(group)?.statuses.has(key) !== true) refuse("BAD_NAME", `process=${process} unknown in application=${group}`);
  return [key];
}

function requireStopped(step: Step, keys: string[]): void {
  for (const key of keys) {
    const status = step.real(key);
    if (status !== undefined && isRunning(status)) refuse("ALREADY_STARTED", displayNamespec(key));
  }
}

function idle(step: Step, apps: string[]): boolean {
  return apps.every((app) => applicationIdle(step, app));
}

/** Replies now (`wait` false or nothing to wait for) or registers the wait. */
function queued(step: Step, id: number, request: ControlRequest, wait: boolean, apps: string[], keys: string[], value: boolean | string): void {
  if (!wait) {
    step.emit({ type: "reply", id, reply: { ok: true, value } });
    return;
  }
  step.jobs.waits.push({ id, request, applications: apps, keys, wholeStarter: request.kind === "restartSequence", value });
}

const appsOf = (step: Step, keys: string[]) => [...new Set(keys.map((key) => step.appOf(key)))];

/** RPC-SV-29: the first process matching `regex` not running and with a valid instance now. */
function anyProcess(step: Step, strategy: StartingStrategy, regex: string): string {
  let pattern: RegExp;
  try {
    pattern = new RegExp(regex);
  } catch {
    refuse("FAILED", `no candidate process matching "${regex}"`);
  }
  for (const app of step.applicationNames().sort()) {
    for (const key of step.keysOf(app).sort()) {
      if (!pattern.test(displayNamespec(key))) continue;
      const status = step.real(key);
      if (status === undefined || isRunning(status)) continue;
      if (placeProcess(step.snapshot, step.book, status, strategy, step.loads().clone(), step.jobs.assignments) !== null) return key;
    }
  }
  refuse("FAILED", `no candidate process matching "${regex}"`);
}

function run(step: Step, id: number, request: ControlRequest): void {
  switch (request.kind) {
    case "startApplication": {
      requireState(step, OP);
      requireApplication(step, request.application);
      requireManaged(step, request.application);
      if (step.applicationStatus(request.application)?.state !== "STOPPED") refuse("ALREADY_STARTED", request.application);
      startApplication(step, request.strategy, request.application);
      settle(step);
      if (idle(step, [request.application])) refuse("ABNORMAL_TERMINATION", `failed to start ${request.application}`);
      return queued(step, id, request, request.wait, [request.application], [], true);
    }
    case "stopApplication": {
      requireState(step, OP_CONC);
      requireApplication(step, request.application);
      requireManaged(step, request.application);
      if (!hasRunningProcesses(step, request.application)) refuse("NOT_RUNNING", `failed to stop ${request.application}`);
      stopApplication(step, request.application);
      settle(step);
      const busy = !idle(step, [request.application]);
      return queued(step, id, request, request.wait && busy, [request.application], [], busy);
    }
    case "restartApplication": {
      requireState(step, OP);
      requireApplication(step, request.application);
      restartApplication(step, request.strategy, request.application);
      settle(step);
      if (idle(step, [request.application])) refuse("ABNORMAL_TERMINATION", `failed to restart ${request.application}`);
      return queued(step, id, request, request.wait, [request.application], [], true);
    }
    case "startProcess":
    case "startAnyProcess": {
      requireState(step, OP);
      const keys = request.kind === "startProcess" ? keysOf(step, request.namespec) : [anyProcess(step, request.strategy, request.regex)];
      const name = request.kind === "startProcess" ? request.namespec : displayNamespec(keys[0] as string);
      requireStopped(step, keys);
      for (const key of keys) startProcess(step, request.strategy, key, request.extraArgs);
      settle(step);
      if (idle(step, appsOf(step, keys))) refuse("ABNORMAL_TERMINATION", `failed to start ${name}`);
      return queued(step, id, request, request.wait, appsOf(step, keys), keys, request.kind === "startProcess" ? true : name);
    }
    case "stopProcess": {
      requireState(step, OP_CONC);
      const keys = keysOf(step, request.namespec);
      for (const key of keys) stopProcess(step, key);
      settle(step);
      if (idle(step, appsOf(step, keys))) refuse("NOT_RUNNING", `${request.namespec} already stopped`);
      return queued(step, id, request, request.wait, appsOf(step, keys), keys, true);
    }
    case "restartProcess": {
      requireState(step, OP);
      const keys = keysOf(step, request.namespec);
      for (const key of keys) restartProcess(step, request.strategy, key, request.extraArgs);
      settle(step);
      if (idle(step, appsOf(step, keys))) refuse("ABNORMAL_TERMINATION", `failed to restart ${request.namespec}`);
      return queued(step, id, request, request.wait, appsOf(step, keys), keys, true);
    }
    case "restartSequence": {
      requireState(step, OP);
      // Only this node's jobs are known here; the cluster view of other instances' jobs is not.
      if (commanderBusy(step.peekJobs.starter) || commanderBusy(step.peekJobs.stopper)) refuse("BAD_SUPVISORS_STATE", "jobs in progress");
      startApplications(step);
      settle(step);
      if (!commanderBusy(step.peekJobs.starter)) refuse("ABNORMAL_TERMINATION", "failed to trigger start sequence");
      return queued(step, id, request, request.wait, [], [], true);
    }
    case "conciliate": {
      requireState(step, CONC);
      const applied = conciliate(step, request.strategy);
      settle(step);
      step.emit({ type: "reply", id, reply: { ok: true, value: applied } });
      return;
    }
  }
}

/** Runs a request: its jobs are planned, and its reply is emitted now or when they end. */
export function handleRequest(step: Step, id: number, request: ControlRequest): void {
  try {
    run(step, id, request);
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    step.emit({ type: "reply", id, reply: error.reply });
  }
}
