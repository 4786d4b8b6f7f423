// The typed Supvisors rules model (spec/rules.md): what a rules XML file declares, element by
// element, before any placement decision. Option values are optional here because the original
// applies an option only when its element is present (a model's value survives unless the program
// sets its own); `effective.ts` turns these declarations into rules with every default filled in.

import type { SourceRef } from "../model.ts";
import { STARTING_STRATEGIES, type StartingStrategy } from "../supvisors-model.ts";

export { STARTING_STRATEGIES, type StartingStrategy };

/** `<distribution>` values (RULE-22), in Supvisors' enum order. */
export const DISTRIBUTIONS = ["ALL_INSTANCES", "SINGLE_INSTANCE", "SINGLE_NODE"] as const;
export type Distribution = (typeof DISTRIBUTIONS)[number];

/** `<starting_failure_strategy>` values (RULE-27), in the XSD's order. */
export const STARTING_FAILURE_STRATEGIES = ["ABORT", "CONTINUE", "STOP"] as const;
export type StartingFailureStrategy = (typeof STARTING_FAILURE_STRATEGIES)[number];

/** `<running_failure_strategy>` values (RULE-28), in the XSD's order. */
export const RUNNING_FAILURE_STRATEGIES = [
  "CONTINUE",
  "RESTART_PROCESS",
  "STOP_APPLICATION",
  "RESTART_APPLICATION",
  "SHUTDOWN",
  "RESTART",
] as const;
export type RunningFailureStrategy = (typeof RUNNING_FAILURE_STRATEGIES)[number];

/** Special identifier signs (RULE-40..44). */
export const WILDCARD = "*";
export const HASHTAG = "#";
export const ATSIGN = "@";

/** `<alias name="N">a,b,c</alias>` (RULE-10). Empty aliases are dropped by the reader. */
export interface AliasDecl {
  source: SourceRef;
  name: string;
  /** The comma list split and trimmed, as written (other aliases not yet expanded). */
  members: string[];
}

/** Option elements shared by `<program>` and `<model>` (RULE-31..39c). Absent element = undefined. */
export interface ProgramOptions {
  reference?: string;
  /** The comma list split and trimmed, as written (aliases and signs not yet resolved). */
  identifiers?: string[];
  start_sequence?: number;
  stop_sequence?: number;
  required?: boolean;
  wait_exit?: boolean;
  expected_loading?: number;
  starting_failure_strategy?: StartingFailureStrategy;
  running_failure_strategy?: RunningFailureStrategy;
}

/** A `<program>` inside `<programs>` or a root-level `<model>`. */
export interface ProgramDecl extends ProgramOptions {
  kind: "program" | "model";
  source: SourceRef;
  name?: string;
  pattern?: string;
}

/** An `<application>` element (RULE-20..30). */
export interface ApplicationDecl {
  source: SourceRef;
  name?: string;
  pattern?: string;
  distribution?: Distribution;
  identifiers?: string[];
  start_sequence?: number;
  stop_sequence?: number;
  starting_strategy?: StartingStrategy;
  starting_failure_strategy?: StartingFailureStrategy;
  running_failure_strategy?: RunningFailureStrategy;
  /** Formula text (RULE-60), trimmed; its grammar is checked by the formula evaluator, not here. */
  operational_status?: string;
  /** `<programs>` children in document order (empty when there is no `<programs>`). */
  programs: ProgramDecl[];
}

/**
 * One or several rules files read in order. `applications` keeps document order (exact-name lookups
 * take the first); `aliases` and `models` behave like Python dicts: a later declaration with the same
 * name replaces the value but keeps the first one's position (RULE-04, RULE-11).
 */
export interface RulesDocument {
  files: string[];
  applications: ApplicationDecl[];
  aliases: Map<string, AliasDecl>;
  models: Map<string, ProgramDecl>;
}

/** Defaults of an `<application>` (RULE-22..29); `starting_strategy` comes from the options. */
export const APPLICATION_DEFAULTS = {
  distribution: "ALL_INSTANCES" as Distribution,
  identifiers: [WILDCARD],
  start_sequence: 0,
  starting_failure_strategy: "ABORT" as StartingFailureStrategy,
  running_failure_strategy: "CONTINUE" as RunningFailureStrategy,
} as const;

/** Defaults of a `<program>` (RULE-34..39); the failure strategies come from the application. */
export const PROGRAM_DEFAULTS = {
  identifiers: [WILDCARD],
  start_sequence: 0,
  required: false,
  wait_exit: false,
  expected_loading: 0,
} as const;

/** Thrown for a document the XSD would reject: `FILE:LINE: <element> <attribute>: what is wrong`. */
export class RulesError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly element: string,
    readonly attribute: string | null,
    readonly detail: string,
  ) {
    super(`${file}:${line}: ${attribute === null ? element : `${element} ${attribute}`}: ${detail}`);
    this.name = "RulesError";
  }
}

/** An empty document, the neutral element of the merge in load.ts. */
export function emptyRulesDocument(): RulesDocument {
  return { files: [], applications: [], aliases: new Map(), models: new Map() };
}
