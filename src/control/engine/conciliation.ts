// Conciliation of conflicts: managed processes running on several instances (ST-CON-01..07).
//
// Uptime (ST-CON-07) of a copy = its uptime when its instance last reported it
// (`now_monotonic − start_monotonic`, both read on that instance's own clock) plus the local time
// elapsed since that report arrived. No two clocks are ever compared, so it holds on several hosts
// whose clocks differ; copies not RUNNING or STOPPING count 0.

import type { ConciliationStrategy } from "../../config/supvisors-model.ts";
import { ProcessStates } from "../../process/states.ts";
import { addDefaultJob, triggerFailureJobs } from "./failure-handler.ts";
import type { Step } from "./step-context.ts";
import { restartProcess, stopProcess } from "./stopper.ts";

/** ST-CON-07, measured as described above. */
export function uptime(step: Step, key: string, identifier: string): number {
  const info = step.infoOn(identifier, key);
  if (info === undefined || (info.state !== ProcessStates.RUNNING && info.state !== ProcessStates.STOPPING)) return 0;
  const reportedAt = step.eventTimesOf(key)?.get(identifier) ?? step.now;
  return info.now_monotonic - info.start_monotonic + (step.now - reportedAt);
}

/** The copy to keep: the youngest (SENICIDE) or the oldest (INFANTICIDE); the first on ties. */
function survivor(step: Step, key: string, runningOn: string[], youngest: boolean): string | undefined {
  let kept: string | undefined;
  let keptUptime = 0;
  for (const identifier of runningOn) {
    const value = uptime(step, key, identifier);
    if (kept === undefined || (youngest ? value < keptUptime : value > keptUptime)) {
      kept = identifier;
      keptUptime = value;
    }
  }
  return kept;
}

/** Applies `strategy` to every conflict now; false for USER, which leaves them to the user. */
export function conciliate(step: Step, strategy: ConciliationStrategy): boolean {
  if (strategy === "USER") return false;
  const conflicts = [...(step.conflicts ?? step.base.table.conflicts)].sort();
  for (const key of conflicts) {
    const runningOn = step.real(key)?.runningOn ?? [];
    if (runningOn.length < 2) continue;
    step.log("warn", `conciliation ${strategy}: ${key} runs on ${runningOn.join(", ")}`);
    switch (strategy) {
      case "SENICIDE":
      case "INFANTICIDE": {
        const kept = survivor(step, key, runningOn, strategy === "SENICIDE");
        step.log("warn", `conciliation ${strategy}: ${key} kept on ${kept}`);
        stopProcess(step, key, runningOn.filter((identifier) => identifier !== kept));
        break;
      }
      case "STOP":
        stopProcess(step, key);
        break;
      case "RESTART":
        restartProcess(step, step.book.application(step.appOf(key)).starting_strategy, key, step.shown(key)?.extraArgs ?? "");
        break;
      case "RUNNING_FAILURE":
        stopProcess(step, key);
        addDefaultJob(step, key, "conciliation");
        break;
    }
  }
  if (strategy === "RUNNING_FAILURE") triggerFailureJobs(step);
  return true;
}
