// Public face of the control layer's pure model: the cluster snapshot seam, rules lookups,
// process and application synthesis, identifier resolution and `#`/`@` assignment, loads,
// starting strategies and placement. No I/O, no clock: the engine passes times in.

export * from "./snapshot.ts";
export { RulesBook, applicationIndex } from "./rules-book.ts";
export { FormulaError, type OperationalFormula, compileFormula } from "./formula.ts";
export { type ProcessStatus, allProcessStatuses, processStatus, processValue } from "./synthesis.ts";
export {
  type ApplicationState,
  type ApplicationStatus,
  ApplicationStates,
  applicationNames,
  applicationStatus,
  formulaError,
} from "./application-status.ts";
export { type Assignments, assignSigns, emptyAssignments, resolveIdentifiers } from "./identifiers.ts";
export { LoadBook, NODE_CAPACITY } from "./load.ts";
export { candidates, chooseInstance, placeApplication, placeProcess } from "./placement.ts";
