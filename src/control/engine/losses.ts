// Instances lost while jobs run (ST-SEQ-30) and processes left running nowhere (ST-RFS-01 a).
// Orders awaited on the lost instance fail as start failures; the processes they concern are not
// also treated as running failures. The Master applies the running failure strategy to the rest
// at once. Every other node remembers them: when the Master itself was lost, or was lost before it
// could act, the node elected next takes them over on its first tick as Master in a working state
// (Supvisors 0.19 leaves them FATAL there). A node forgets them once a live Master in OPERATION /
// CONCILIATION is in charge, or once they run again.

import { type Commander, allJobs } from "./jobs-model.ts";
import { commanderInstanceLost } from "./commander.ts";
import { addDefaultJob, triggerFailureJobs } from "./failure-handler.ts";
import { isRunning } from "./process-kinds.ts";
import { STARTER } from "./starter.ts";
import type { Step } from "./step-context.ts";
import { STOPPER } from "./stopper.ts";

/** ST-IN-17 / ST-SEQ-30 / ST-RFS-01 (a). */
export function onInstanceLost(step: Step, identifier: string, lostProcesses: string[]): void {
  const failed = new Set(lostProcesses);
  commanderInstanceLost(step, STARTER, identifier, failed);
  commanderInstanceLost(step, STOPPER, identifier, failed);
  if (failed.size === 0) return;
  if (step.masterWorking) {
    for (const key of failed) addDefaultJob(step, key, "lost");
    triggerFailureJobs(step);
    return;
  }
  for (const key of failed) step.jobs.lost.set(key, { lostWith: identifier, at: step.now });
  step.log("info", `processes lost with ${identifier}, left to the Master: ${[...failed].join(", ")}`);
}

function planned<C extends { key: string }>(commander: Commander<C>, key: string): boolean {
  for (const job of allJobs(commander)) {
    if (job.current.some((c) => c.key === key)) return true;
    for (const group of job.planned.values()) if (group.some((c) => c.key === key)) return true;
  }
  return false;
}

/** On each tick: a new Master takes the remembered losses over; others forget what is dealt with. */
export function lostOnTick(step: Step): void {
  if (step.peekJobs.lost.size === 0) return;
  const lost = step.jobs.lost;
  if (step.masterWorking) {
    for (const key of [...lost.keys()]) {
      lost.delete(key);
      const status = step.real(key);
      if (status === undefined || isRunning(status)) continue;
      if (planned(step.jobs.starter, key) || planned(step.jobs.stopper, key)) continue;
      step.log("warn", `taking over ${key}, left running nowhere by a lost instance`);
      addDefaultJob(step, key, "lost");
    }
    triggerFailureJobs(step);
    return;
  }
  const masterInCharge =
    step.snapshot.master !== "" &&
    step.snapshot.instances.get(step.snapshot.master)?.state === "RUNNING" &&
    (step.snapshot.fsm === "OPERATION" || step.snapshot.fsm === "CONCILIATION");
  for (const key of [...lost.keys()]) {
    const status = step.real(key);
    if (masterInCharge || status === undefined || isRunning(status)) lost.delete(key);
  }
}
