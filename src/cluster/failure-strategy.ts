// After synchronization (ST-SFA): are the selected synchro conditions still met, and what the
// supvisors_failure_strategy does when they are not. Precedence USER > CORE > STRICT > LIST.
import type { SupvisorsFailureStrategy, SynchroOption } from "./options.ts";
import type { FsmState } from "./states.ts";
import type { ClusterState } from "./state.ts";
import { missingCore, missingDeclared, missingKnown } from "./synchro.ts";

export interface FailureCheck {
  /** Per selected option (TIMEOUT never fails): true = its condition is lost. */
  failures: Partial<Record<SynchroOption, boolean>>;
  /** The option that decides, by precedence, and whether it failed. */
  failed: boolean;
  degraded: boolean;
}

const PRECEDENCE: readonly SynchroOption[] = ["USER", "CORE", "STRICT", "LIST"];

/**
 * ST-SFA-01. `lostNow` = instances invalidated in this evaluation (USER failure).
 * @example checkFailures(state, ["b:9001"]).failed // true when USER is selected
 */
export function checkFailures(state: ClusterState, lostNow: readonly string[]): FailureCheck {
  const selected = state.options.synchroOptions;
  const failures: Partial<Record<SynchroOption, boolean>> = {};
  if (selected.includes("USER")) failures.USER = lostNow.length > 0;
  if (selected.includes("CORE")) failures.CORE = missingCore(state).length > 0;
  if (selected.includes("STRICT")) failures.STRICT = missingDeclared(state).length > 0;
  if (selected.includes("LIST")) failures.LIST = missingKnown(state).length > 0;
  const decider = PRECEDENCE.find((option) => failures[option] !== undefined);
  return {
    failures,
    failed: decider !== undefined && failures[decider] === true,
    degraded: failures.STRICT === true || failures.LIST === true || failures.CORE === true,
  };
}

/** ST-SFA-02..04: the state the strategy asks for, or undefined to carry on (CONTINUE). */
export function strategyTarget(strategy: SupvisorsFailureStrategy): FsmState | undefined {
  if (strategy === "RESYNC") return "SYNCHRONIZATION";
  if (strategy === "SHUTDOWN") return "SHUTTING_DOWN";
  return undefined;
}
