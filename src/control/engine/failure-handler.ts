// The running failure strategies (ST-RFS-01..07): what the Master does when a process is lost with
// its instance (a), crashes (b) or loses a conciliation (c). Jobs are kept by priority — stopping
// an application supersedes restarting it, which supersedes restarting processes of its start
// sequence, which supersedes doing nothing — and wait while their application has starter or
// stopper jobs; they are tried again on every tick.

import type { RunningFailureStrategy } from "../../config/rules/index.ts";
import type { FailureOrigin } from "./jobs-model.ts";
import { hasJob } from "./jobs-model.ts";
import { isCrashed, isRunning } from "./process-kinds.ts";
import { processOf } from "./state.ts";
import { restartApplication, restartProcess, stopApplication } from "./stopper.ts";
import type { Step } from "./step-context.ts";

/** The process is in its application's start sequence (start_sequence > 0, managed application). */
function inStartSequence(step: Step, key: string): boolean {
  const app = step.appOf(key);
  return step.book.application(app).managed && step.book.program(app, processOf(key)).start_sequence > 0;
}

function addJob(step: Step, strategy: RunningFailureStrategy, key: string, origin: FailureOrigin): void {
  const f = step.jobs.failures;
  const app = step.appOf(key);
  const ofApp = (k: string) => step.appOf(k) === app;
  switch (strategy) {
    case "STOP_APPLICATION":
      f.stopApplications.set(app, origin);
      f.restartApplications.delete(app);
      for (const k of [...f.restartProcesses.keys()]) if (ofApp(k)) f.restartProcesses.delete(k);
      for (const k of [...f.continueProcesses]) if (ofApp(k)) f.continueProcesses.delete(k);
      step.log("info", `running failure of ${key}: application ${app} to stop`);
      return;
    case "RESTART_APPLICATION": {
      if (f.stopApplications.has(app)) return;
      const known = f.restartApplications.get(app);
      f.restartApplications.set(app, { origin: known?.origin ?? origin, keys: [...(known?.keys ?? []), key] });
      for (const k of [...f.restartProcesses.keys()]) if (ofApp(k) && inStartSequence(step, k)) f.restartProcesses.delete(k);
      for (const k of [...f.continueProcesses]) if (ofApp(k) && inStartSequence(step, k)) f.continueProcesses.delete(k);
      step.log("info", `running failure of ${key}: application ${app} to restart`);
      return;
    }
    case "RESTART_PROCESS":
      if (f.stopApplications.has(app)) return;
      if (f.restartApplications.has(app) && inStartSequence(step, key)) return;
      f.restartProcesses.set(key, origin);
      f.continueProcesses.delete(key);
      step.log("info", `running failure of ${key}: process to restart`);
      return;
    case "CONTINUE":
      if (f.stopApplications.has(app)) return;
      if (f.restartApplications.has(app) && inStartSequence(step, key)) return;
      if (f.restartProcesses.has(key)) return;
      f.continueProcesses.add(key);
      return;
    case "SHUTDOWN":
    case "RESTART":
      // Only a crash seen by the Master shuts down or restarts Supvisors (ST-RFS-06).
      return;
  }
}

/**
 * The strategy of the process's rules; RESTART_PROCESS is promoted to RESTART_APPLICATION when the
 * application is now STOPPED and the process is in its start sequence (ST-RFS-03).
 */
export function addDefaultJob(step: Step, key: string, origin: FailureOrigin): void {
  const strategy = step.book.program(step.appOf(key), processOf(key)).running_failure_strategy;
  addJob(step, strategy, key, origin);
  if (strategy !== "RESTART_PROCESS") return;
  if (step.applicationStatus(step.appOf(key))?.state === "STOPPED" && inStartSequence(step, key)) {
    step.log("warn", `${key}: RESTART_PROCESS in a stopped application promoted to RESTART_APPLICATION`);
    addJob(step, "RESTART_APPLICATION", key, origin);
  }
}

/** A process lost with its instance that runs again (someone restarted it) needs nothing more. */
function runningAgain(step: Step, key: string): boolean {
  const status = step.real(key);
  return status !== undefined && isRunning(status);
}

/** Applies the jobs whose application has no starter / stopper job (ST-RFS-07). */
export function triggerFailureJobs(step: Step): void {
  const f = step.peekJobs.failures;
  if (f.stopApplications.size + f.restartApplications.size + f.restartProcesses.size + f.continueProcesses.size === 0) return;
  const jobs = step.jobs;
  const busy = (app: string) => hasJob(jobs.starter, app) || hasJob(jobs.stopper, app);
  for (const app of [...jobs.failures.stopApplications.keys()]) {
    if (busy(app)) continue;
    jobs.failures.stopApplications.delete(app);
    step.log("info", `running failure strategy: stopping application ${app}`);
    stopApplication(step, app);
  }
  for (const [app, job] of [...jobs.failures.restartApplications]) {
    if (busy(app)) continue;
    jobs.failures.restartApplications.delete(app);
    if (job.origin === "lost" && job.keys.every((key) => runningAgain(step, key))) {
      step.log("info", `running failure strategy: application ${app} already running again`);
      continue;
    }
    step.log("info", `running failure strategy: restarting application ${app}`);
    restartApplication(step, step.book.application(app).starting_strategy, app);
  }
  for (const [key, origin] of [...jobs.failures.restartProcesses]) {
    const app = step.appOf(key);
    if (busy(app)) continue;
    jobs.failures.restartProcesses.delete(key);
    if (origin === "lost" && runningAgain(step, key)) {
      step.log("info", `running failure strategy: ${key} already running again`);
      continue;
    }
    step.log("info", `running failure strategy: restarting ${key}`);
    // The process keeps the extra args it was running with.
    restartProcess(step, step.book.application(app).starting_strategy, key, step.shown(key)?.extraArgs ?? "");
  }
  for (const key of jobs.failures.continueProcesses) step.log("info", `running failure strategy: continue despite the failure of ${key}`);
  jobs.failures.continueProcesses.clear();
}

/**
 * ST-RFS-01 (b): a crash (FATAL, unexpected EXITED) seen by the Master in OPERATION or
 * CONCILIATION. RESTART / SHUTDOWN close the cluster; STOP_APPLICATION / RESTART_APPLICATION
 * apply unless the state was forced by a failed start (restarting would fail again).
 */
export function crashCheck(step: Step, key: string): void {
  if (!step.isMaster || !["OPERATION", "CONCILIATION"].includes(step.snapshot.fsm)) return;
  const status = step.real(key);
  if (status === undefined || !isCrashed(status)) return;
  const strategy = step.book.program(step.appOf(key), processOf(key)).running_failure_strategy;
  if (strategy === "RESTART" || strategy === "SHUTDOWN") {
    const action = strategy === "RESTART" ? "restart" : "shutdown";
    if (step.effects.some((e) => e.type === "closeCluster")) return;
    step.log("warn", `${key} crashed: running failure strategy ${strategy}`);
    step.emit({ type: "closeCluster", action });
    return;
  }
  if ((strategy === "STOP_APPLICATION" || strategy === "RESTART_APPLICATION") && step.forcedOf(key) === undefined) {
    step.log("warn", `${key} crashed: running failure strategy ${strategy}`);
    addDefaultJob(step, key, "crash");
    triggerFailureJobs(step);
  }
}
