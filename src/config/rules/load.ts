// Reads several rules files in the given order (the `rules_files` globs, already expanded and
// sorted by the options reader) and merges them as Supvisors does (RULE-04): applications are kept
// in order so exact-name lookups find the first; aliases and models are maps where a later
// declaration replaces an earlier one of the same name, with a warning for each element the merge
// hides. What the merged rules mean against the configured groups (unknown models, aliases that
// will not expand, patterns matching nothing…) is check.ts's rulesWarnings.
//
//   const { rules, warnings } = loadRulesFiles(["/etc/flotilla/rules.xml"]);

import { readFileSync } from "node:fs";
import { type ApplicationDecl, type ProgramDecl, type RulesDocument, emptyRulesDocument } from "./model.ts";
import { parseRulesFile } from "./parse.ts";

/** Reads and merges `paths` in order; throws RulesError for an invalid file, Error for an unreadable one. */
export function loadRulesFiles(paths: string[]): { rules: RulesDocument; warnings: string[] } {
  const texts = paths.map((path) => {
    try {
      return { path, text: readFileSync(path, "utf8") };
    } catch (error) {
      throw new Error(`${path}: cannot read rules file: ${(error as Error).message}`);
    }
  });
  return mergeRulesTexts(texts);
}

/** The pure part of loadRulesFiles, for callers (and tests) that already hold the texts. */
export function mergeRulesTexts(texts: { path: string; text: string }[]): { rules: RulesDocument; warnings: string[] } {
  const merged = emptyRulesDocument();
  const warnings: string[] = [];
  for (const { path, text } of texts) {
    const parsed = parseRulesFile(path, text);
    warnings.push(...parsed.warnings);
    merged.files.push(path);
    merged.applications.push(...parsed.rules.applications);
    for (const [name, alias] of parsed.rules.aliases) {
      const previous = merged.aliases.get(name);
      if (previous !== undefined) warnings.push(`${where(alias)}: alias ${name}: replaces the alias declared at ${where(previous)}`);
      merged.aliases.set(name, alias);
    }
    for (const [name, model] of parsed.rules.models) {
      const previous = merged.models.get(name);
      if (previous !== undefined) warnings.push(`${where(model)}: model ${name}: replaces the model declared at ${where(previous)}`);
      merged.models.set(name, model);
    }
  }
  warnings.push(...checkApplications(merged));
  return { rules: merged, warnings };
}

function where(decl: { source: { file: string; line: number } }): string {
  return `${decl.source.file}:${decl.source.line}`;
}

/** Duplicate names are never used (first wins); duplicate patterns replace the earlier one. */
function checkApplications(doc: RulesDocument): string[] {
  const warnings: string[] = [];
  const names = new Map<string, ApplicationDecl>();
  const patterns = new Map<string, ApplicationDecl>();
  for (const app of doc.applications) {
    if (app.name !== undefined) {
      const first = names.get(app.name);
      if (first !== undefined) warnings.push(`${where(app)}: application name: "${app.name}" already declared at ${where(first)}; this one is never used`);
      else names.set(app.name, app);
    }
    if (app.pattern !== undefined) {
      const earlier = patterns.get(app.pattern);
      if (earlier !== undefined) warnings.push(`${where(app)}: application pattern: "${app.pattern}" replaces the one declared at ${where(earlier)}`);
      patterns.set(app.pattern, app);
    }
    warnings.push(...checkPrograms(app));
  }
  return warnings;
}

function checkPrograms(app: ApplicationDecl): string[] {
  const warnings: string[] = [];
  const names = new Map<string, ProgramDecl>();
  const patterns = new Map<string, ProgramDecl>();
  for (const program of app.programs) {
    if (program.name !== undefined) {
      const first = names.get(program.name);
      if (first !== undefined) warnings.push(`${where(program)}: program name: "${program.name}" already declared at ${where(first)}; this one is never used`);
      else names.set(program.name, program);
    }
    if (program.pattern !== undefined) {
      const earlier = patterns.get(program.pattern);
      if (earlier !== undefined) warnings.push(`${where(program)}: program pattern: "${program.pattern}" replaces the one declared at ${where(earlier)}`);
      patterns.set(program.pattern, program);
    }
  }
  return warnings;
}
