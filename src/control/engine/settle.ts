// Triggers the starter's and stopper's next jobs until neither has anything new to trigger. Job
// hooks never call into the other commander directly (a restart's start follows its stop, a
// failed start may stop its application): they schedule it, and this loop runs it, so that no
// commander is re-entered while it is walking its own jobs.

import { commanderNext } from "./commander.ts";
import { STARTER } from "./starter.ts";
import type { Step } from "./step-context.ts";
import { STOPPER } from "./stopper.ts";

export function settle(step: Step): void {
  while (step.scheduled.size > 0) {
    const kinds = [...step.scheduled];
    step.scheduled.clear();
    for (const kind of kinds) {
      if (kind === "start") commanderNext(step, STARTER);
      else commanderNext(step, STOPPER);
    }
  }
}
