// Public face of the control engine: a pure, deterministic step function driving the starter, the
// stopper, the running failure strategies and conciliation on one node, and the queries the API
// doors read. No I/O, no timers, no clock: the node feeds inputs (ticks every tick_period) and
// carries the effects out.
//
//   let state = initialControlState(options, book);
//   const { state: next, effects } = controlStep(state, snapshot, { type: "tick" }, now);

export type {
  ControlEffect,
  ControlInput,
  ControlOptions,
  ControlReply,
  ControlRequest,
  JobProgress,
  PlannedStart,
} from "./types.ts";
export { type ControlState, initialControlState } from "./state.ts";
export { controlStep } from "./step.ts";
export { applicationStatuses, conflicts, jobsOf, processStatusOf, processStatuses } from "./queries.ts";
export { testStartApplication, testStartProcess } from "./dry-run.ts";
