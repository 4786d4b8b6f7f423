// From the declared rules to the rules of one application or process, with every default filled
// in, as far as the reader goes (no instance list needed): element lookup by exact name then
// longest pattern match (RULE-21/31/32), model references (RULE-33), alias expansion and the
// `*`/`#`/`@` signs (RULE-11, RULE-40..44), stop_sequence and required corrections (RULE-25/36/37).
// Assigning instances to `#`/`@` lists belongs to the placement engine (RULE-45..48).
//
//   const app = applicationRules(doc, "store", "CONFIG");
//   const db = programRules(doc, "store", "db");

import {
  APPLICATION_DEFAULTS,
  ATSIGN,
  type ApplicationDecl,
  type Distribution,
  HASHTAG,
  PROGRAM_DEFAULTS,
  type ProgramDecl,
  type ProgramOptions,
  type RulesDocument,
  type RunningFailureStrategy,
  type StartingFailureStrategy,
  type StartingStrategy,
  WILDCARD,
} from "./model.ts";

/** Where a rule may run: a plain list, or a `#` / `@` list still to be assigned by placement. */
export interface IdentifierRules {
  identifiers: string[];
  hash_identifiers: string[];
  at_identifiers: string[];
}

export interface ApplicationRules extends IdentifierRules {
  managed: boolean;
  distribution: Distribution;
  start_sequence: number;
  stop_sequence: number;
  starting_strategy: StartingStrategy;
  starting_failure_strategy: StartingFailureStrategy;
  running_failure_strategy: RunningFailureStrategy;
  operational_status: string | null;
}

export interface ProgramRules extends IdentifierRules {
  start_sequence: number;
  stop_sequence: number;
  required: boolean;
  wait_exit: boolean;
  expected_loading: number;
  starting_failure_strategy: StartingFailureStrategy;
  running_failure_strategy: RunningFailureStrategy;
  /** Non-fatal corrections made while building these rules (Supvisors logs them as errors). */
  warnings: string[];
}

/** Of `candidates`, the pattern whose first match in `name` is the longest; ties → first (RULE-21). */
export function bestPattern<T extends { pattern?: string }>(name: string, candidates: Iterable<T>): T | undefined {
  let best: T | undefined;
  let bestLength = -1;
  for (const candidate of candidates) {
    if (candidate.pattern === undefined) continue;
    const match = new RegExp(candidate.pattern).exec(name);
    if (match !== null && match[0].length > bestLength) {
      best = candidate;
      bestLength = match[0].length;
    }
  }
  return best;
}

/** Python-dict view of pattern elements: a later equal pattern replaces the value in the first one's slot. */
function patternSlots<T extends { pattern?: string }>(elements: T[]): T[] {
  const slots = new Map<string, T>();
  for (const element of elements) if (element.pattern !== undefined) slots.set(element.pattern, element);
  return [...slots.values()];
}

/** The `<application>` governing group `name`: first exact name, else best pattern. */
export function findApplication(doc: RulesDocument, name: string): ApplicationDecl | undefined {
  return doc.applications.find((a) => a.name === name) ?? bestPattern(name, patternSlots(doc.applications));
}

/** The `<program>` governing process `processName` of group `appName`, and whether a pattern matched. */
export function findProgram(
  doc: RulesDocument,
  appName: string,
  processName: string,
): { program: ProgramDecl; isPattern: boolean } | undefined {
  const app = findApplication(doc, appName);
  if (app === undefined) return undefined;
  const exact = app.programs.find((p) => p.name === processName);
  if (exact !== undefined) return { program: exact, isPattern: false };
  const byPattern = bestPattern(processName, patternSlots(app.programs));
  return byPattern === undefined ? undefined : { program: byPattern, isPattern: true };
}

/** RULE-11: each alias, in declaration order, replaces its first occurrence; then dedupe, drop empties. */
export function expandAliases(names: string[], doc: RulesDocument): string[] {
  const list = [...names];
  for (const [name, alias] of doc.aliases) {
    const at = list.indexOf(name);
    if (at >= 0) list.splice(at, 1, ...alias.members);
  }
  return [...new Set(list.filter((item) => item !== ""))];
}

/** RULE-41..43 on an `identifiers` value: the signs are taken out and select which list is filled. */
export function identifierRules(raw: string[], doc: RulesDocument): IdentifierRules {
  let list = expandAliases(raw, doc);
  const hasAt = list.includes(ATSIGN);
  const hasHash = list.includes(HASHTAG);
  list = list.filter((item) => item !== ATSIGN && item !== HASHTAG);
  if (((hasAt || hasHash) && list.length === 0) || list.includes(WILDCARD)) list = [WILDCARD];
  return {
    identifiers: hasAt || hasHash ? [] : list,
    at_identifiers: hasAt ? list : [],
    hash_identifiers: hasHash ? list : [],
  };
}

/** Rules of group `name`; `optionStrategy` is the `starting_strategy` option (RULE-26, RULE-50). */
export function applicationRules(doc: RulesDocument, name: string, optionStrategy: StartingStrategy): ApplicationRules {
  const app = findApplication(doc, name);
  const start = app?.start_sequence ?? APPLICATION_DEFAULTS.start_sequence;
  const identifiers =
    app?.identifiers === undefined
      ? { identifiers: [...APPLICATION_DEFAULTS.identifiers], hash_identifiers: [], at_identifiers: [] }
      : identifierRules(app.identifiers, doc);
  return {
    managed: app !== undefined,
    distribution: app?.distribution ?? APPLICATION_DEFAULTS.distribution,
    ...identifiers,
    start_sequence: start,
    stop_sequence: app?.stop_sequence ?? start,
    starting_strategy: app?.starting_strategy ?? optionStrategy,
    starting_failure_strategy: app?.starting_failure_strategy ?? APPLICATION_DEFAULTS.starting_failure_strategy,
    running_failure_strategy: app?.running_failure_strategy ?? APPLICATION_DEFAULTS.running_failure_strategy,
    operational_status: app?.operational_status ?? null,
  };
}

/** How many `reference` hops are followed from a program: program → model → model (RULE-33). */
const MODEL_DEPTH = 2;

/** Options of `decl` over those of its models, the nearest declaration winning. */
function withModels(decl: ProgramDecl, doc: RulesDocument, depth: number): ProgramOptions {
  const model = decl.reference === undefined ? undefined : doc.models.get(decl.reference);
  const base = model !== undefined && depth > 0 ? withModels(model, doc, depth - 1) : {};
  const own = Object.fromEntries(Object.entries(decl).filter(([key, v]) => v !== undefined && key !== "reference"));
  return { ...base, ...own };
}

/** Rules of process `processName` in group `appName` (RULE-31..39b, RULE-44, RULE-37, RULE-36). */
export function programRules(doc: RulesDocument, appName: string, processName: string): ProgramRules {
  const app = applicationRules(doc, appName, "CONFIG");
  const found = findProgram(doc, appName, processName);
  const options = found === undefined ? {} : withModels(found.program, doc, MODEL_DEPTH);
  const namespec = `${appName}:${processName}`;
  const warnings: string[] = [];
  let idRules: IdentifierRules =
    options.identifiers === undefined
      ? { identifiers: [...PROGRAM_DEFAULTS.identifiers], hash_identifiers: [], at_identifiers: [] }
      : identifierRules(options.identifiers, doc);
  if ((idRules.at_identifiers.length > 0 || idRules.hash_identifiers.length > 0) && !found?.isPattern) {
    warnings.push(`${namespec}: # and @ need a program pattern; identifiers reset to *`);
    idRules = { identifiers: [WILDCARD], hash_identifiers: [], at_identifiers: [] };
  }
  if (idRules.at_identifiers.length > 0 && idRules.hash_identifiers.length > 0) {
    warnings.push(`${namespec}: both # and @ given; # dropped`);
    idRules = { ...idRules, hash_identifiers: [] };
  }
  const start = options.start_sequence ?? PROGRAM_DEFAULTS.start_sequence;
  let required = options.required ?? PROGRAM_DEFAULTS.required;
  if (required && start === 0) {
    warnings.push(`${namespec}: required forced to false because start_sequence is 0`);
    required = false;
  }
  return {
    ...idRules,
    start_sequence: start,
    stop_sequence: options.stop_sequence ?? start,
    required,
    wait_exit: options.wait_exit ?? PROGRAM_DEFAULTS.wait_exit,
    expected_loading: options.expected_loading ?? PROGRAM_DEFAULTS.expected_loading,
    starting_failure_strategy: options.starting_failure_strategy ?? app.starting_failure_strategy,
    running_failure_strategy: options.running_failure_strategy ?? app.running_failure_strategy,
    warnings,
  };
}
