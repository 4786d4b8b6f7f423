// Public face of the Supvisors rules reader: parse one file, load and merge several, derive the
// effective rules of an application or process from the merged document, and list what looks
// wrong in it against the configured groups.

export * from "./model.ts";
export { parseRulesFile } from "./parse.ts";
export { loadRulesFiles, mergeRulesTexts } from "./load.ts";
export {
  type ApplicationRules,
  type IdentifierRules,
  type ProgramRules,
  applicationRules,
  bestPattern,
  expandAliases,
  findApplication,
  findProgram,
  identifierRules,
  programRules,
} from "./effective.ts";
export { type CheckedGroup, rulesWarnings } from "./check.ts";
export { takesOverAutorestart } from "./autorestart.ts";
