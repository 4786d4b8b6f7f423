// Valid but suspicious rules (spec/rules.md): what a document the reader accepted will silently
// ignore or correct once it meets the configured groups — elements that match nothing or are always
// outranked, references and aliases that will not resolve, identifier signs the original resets,
// `required` flags it drops. `flotilla check` prints these; nothing here changes the rules.
// Each warning reads `FILE:LINE: element attribute: detail`, in file then line order.
//
//   const warnings = rulesWarnings(loaded.rules, config.groups);
//   // ["/etc/rules.xml:12: application name: \"web\" matches no configured group"]

import type { SourceRef } from "../model.ts";
import { expandAliases, findApplication, findProgram } from "./effective.ts";
import { ATSIGN, type ApplicationDecl, HASHTAG, type ProgramDecl, type ProgramOptions, type RulesDocument } from "./model.ts";

/** The part of a configured group the checks need (a GroupConfig fits). */
export interface CheckedGroup {
  name: string;
  processes: { name: string; programName: string }[];
}

interface Finding {
  source: SourceRef;
  text: string;
}

/** Warnings about `doc` against the configured `groups`; empty when nothing looks wrong. */
export function rulesWarnings(doc: RulesDocument, groups: CheckedGroup[]): string[] {
  const findings = [...applicationFindings(doc, groups), ...referenceFindings(doc), ...aliasFindings(doc)];
  const rank = (file: string): number => {
    const index = doc.files.indexOf(file);
    return index < 0 ? doc.files.length : index;
  };
  findings.sort((a, b) => rank(a.source.file) - rank(b.source.file) || a.source.line - b.source.line);
  return [...new Set(findings.map((f) => `${where(f)}: ${f.text}`))];
}

function where(decl: { source: SourceRef }): string {
  return `${decl.source.file}:${decl.source.line}`;
}

function quoted(names: string[]): string {
  return names.map((n) => `"${n}"`).join(", ");
}

/** How an element is selected: `name "x"` wins over its pattern in messages, as in lookups. */
function selector(decl: { name?: string; pattern?: string }): { attribute: string; value: string } | null {
  if (decl.name !== undefined) return { attribute: "name", value: decl.name };
  if (decl.pattern !== undefined) return { attribute: "pattern", value: decl.pattern };
  return null;
}

function matches(decl: { name?: string; pattern?: string }, text: string): boolean {
  return text === decl.name || (decl.pattern !== undefined && new RegExp(decl.pattern).test(text));
}

/**
 * An element outranked by a duplicate is already reported by the reader (a later equal name is never
 * used, an earlier equal pattern is replaced), so the "outranked" warning is kept for the other cases.
 */
function hasDuplicate<T extends { name?: string; pattern?: string }>(decl: T, all: T[]): boolean {
  const index = all.indexOf(decl);
  return (
    (decl.name !== undefined && all.slice(0, index).some((d) => d.name === decl.name)) ||
    (decl.pattern !== undefined && all.slice(index + 1).some((d) => d.pattern === decl.pattern))
  );
}

function applicationFindings(doc: RulesDocument, groups: CheckedGroup[]): Finding[] {
  const findings: Finding[] = [];
  for (const app of doc.applications) {
    findings.push(...signFindings(doc, app, "application", app.identifiers, null));
    const sel = selector(app);
    // an element without name or pattern never matches: the reader has said so already
    if (sel === null) continue;
    const matched = groups.filter((g) => matches(app, g.name));
    const governed = matched.filter((g) => findApplication(doc, g.name) === app);
    const label = `application ${sel.attribute}: "${sel.value}"`;
    if (matched.length === 0) {
      findings.push({ source: app.source, text: `${label} matches no configured group` });
    } else if (governed.length === 0 && !hasDuplicate(app, doc.applications)) {
      const owners = matched.map((g) => `"${g.name}" by ${where(findApplication(doc, g.name) as ApplicationDecl)}`);
      findings.push({ source: app.source, text: `${label}: every group it matches is governed by another element (${owners.join(", ")})` });
    }
    findings.push(...hashNameFindings(doc, app, governed));
    for (const program of app.programs) {
      findings.push(...programFindings(doc, app, program, governed));
    }
  }
  return findings;
}

/** RULE-45: an application `#` takes its instance index from a `-N` / `_N` suffix of the group name. */
function hashNameFindings(doc: RulesDocument, app: ApplicationDecl, governed: CheckedGroup[]): Finding[] {
  const list = expandAliases(app.identifiers ?? [], doc);
  if (!list.includes(HASHTAG)) return [];
  const bad = governed.map((g) => g.name).filter((name) => {
    const suffix = /[-_](\d+)$/.exec(name);
    return suffix === null || Number.parseInt(suffix[1] as string, 10) < 1;
  });
  if (bad.length === 0) return [];
  const text =
    `application identifiers: # needs group names ending in -N or _N (N >= 1, the instance index); ` +
    `${quoted(bad)} ${bad.length === 1 ? "does" : "do"} not: start_sequence is reset to 0`;
  return [{ source: app.source, text }];
}

/** The program, then the models it references: program → model → model (RULE-33). */
function modelChain(doc: RulesDocument, program: ProgramDecl): ProgramDecl[] {
  const chain = [program];
  let current = program;
  while (chain.length < 3 && current.reference !== undefined) {
    const model = doc.models.get(current.reference);
    if (model === undefined) break;
    chain.push(model);
    current = model;
  }
  return chain;
}

/** The nearest declaration of option `key` along the chain, with the element that declared it. */
function inherited<K extends keyof ProgramOptions>(
  chain: ProgramDecl[],
  key: K,
): { value: NonNullable<ProgramOptions[K]>; from: ProgramDecl } | null {
  for (const decl of chain) {
    const value = decl[key];
    if (value !== undefined && value !== null) return { value: value as NonNullable<ProgramOptions[K]>, from: decl };
  }
  return null;
}

function fromModel(decl: ProgramDecl, what: string): string {
  return decl.kind === "model" ? `; ${what} is set by model "${decl.name}"` : "";
}

function programFindings(doc: RulesDocument, app: ApplicationDecl, program: ProgramDecl, governed: CheckedGroup[]): Finding[] {
  const findings: Finding[] = [];
  const add = (text: string): void => {
    findings.push({ source: program.source, text });
  };
  const chain = modelChain(doc, program);
  const identifiers = inherited(chain, "identifiers");
  findings.push(...signFindings(doc, program, "program", identifiers?.value, identifiers?.from ?? null));

  const required = inherited(chain, "required");
  const start = inherited(chain, "start_sequence");
  if (required?.value === true && (start?.value ?? 0) === 0) {
    add(`program required: forced to false because start_sequence is 0${fromModel(required.from, "required")}`);
  }
  if (program.identifiers !== undefined && app.distribution !== undefined && app.distribution !== "ALL_INSTANCES") {
    add(`program identifiers: ignored, the application's distribution is ${app.distribution} (its own identifiers apply)`);
  }

  const sel = selector(program);
  // no group governed: the application warning already covers its programs
  if (sel === null || governed.length === 0) return findings;
  const processes = governed.flatMap((g) => g.processes.map((p) => ({ group: g.name, ...p })));
  const matched = processes.filter((p) => matches(program, p.name));
  const label = `program ${sel.attribute}: "${sel.value}"`;
  const groupNames = quoted(governed.map((g) => g.name));
  if (matched.length === 0) {
    const sameProgram = program.name === undefined ? [] : processes.filter((p) => p.programName === program.name);
    if (sameProgram.length > 0) {
      add(
        `${label} matches no process of ${groupNames}: name is compared with process names, and the ` +
          `processes of program ${program.name} are ${quoted(sameProgram.map((p) => p.name))}; use a pattern`,
      );
    } else {
      add(`${label} matches no process of ${groupNames}`);
    }
  } else if (!matched.some((p) => findProgram(doc, p.group, p.name)?.program === program) && !hasDuplicate(program, app.programs)) {
    const owners = matched.map((p) => `"${p.name}" by ${where((findProgram(doc, p.group, p.name) as { program: ProgramDecl }).program)}`);
    add(`${label}: every process it matches is governed by another element (${owners.join(", ")})`);
  }
  return findings;
}

/**
 * The `#` / `@` signs of an identifiers value. On a program (RULE-43, RULE-44): both together drop
 * `#`; on a program found by name they are reset to `*`. On an application (RULE-23): `@` is never
 * resolved, so alone it leaves the application without candidates.
 */
function signFindings(
  doc: RulesDocument,
  decl: ApplicationDecl | ProgramDecl,
  element: "application" | "program",
  raw: string[] | undefined,
  from: ProgramDecl | null,
): Finding[] {
  if (raw === undefined) return [];
  const list = expandAliases(raw, doc);
  const hash = list.includes(HASHTAG);
  const at = list.includes(ATSIGN);
  const origin = from === null ? "" : fromModel(from, "identifiers");
  const texts: string[] = [];
  if (element === "application") {
    // an application's @ list is never resolved; with # beside it, # alone decides
    if (at && hash) texts.push("application identifiers: @ is not supported on an application and is ignored (# applies)");
    else if (at) texts.push("application identifiers: @ is not supported on an application: it would have no candidate instance");
    return texts.map((text) => ({ source: decl.source, text }));
  }
  if (hash && at) texts.push(`program identifiers: # and @ together: @ is kept and # is dropped${origin}`);
  if ((hash || at) && decl.name !== undefined) {
    texts.push(`program identifiers: # and @ need a pattern program; for the process named "${decl.name}" the identifiers are reset to *${origin}`);
  }
  return texts.map((text) => ({ source: decl.source, text }));
}

/** RULE-33: unknown models are ignored; from a program only program → model → model is followed. */
function referenceFindings(doc: RulesDocument): Finding[] {
  const findings: Finding[] = [];
  const holders: ProgramDecl[] = [...doc.models.values(), ...doc.applications.flatMap((a) => a.programs)];
  for (const holder of holders) {
    if (holder.reference === undefined) continue;
    const model = doc.models.get(holder.reference);
    if (model === undefined) {
      findings.push({ source: holder.source, text: `${holder.kind} reference: unknown model "${holder.reference}" is ignored` });
      continue;
    }
    if (holder.kind !== "program") continue;
    const second = model.reference === undefined ? undefined : doc.models.get(model.reference);
    if (second?.reference !== undefined && doc.models.has(second.reference)) {
      findings.push({
        source: holder.source,
        text: `program reference: model chain ${holder.reference} → ${model.reference} → ${second.reference} is too deep; "${second.reference}" is ignored`,
      });
    }
  }
  return findings;
}

/**
 * RULE-11: aliases expand once each, in declaration order. An alias naming itself, or an alias
 * declared before it, leaves that name as it is; a loop is reported once, at its last alias.
 */
function aliasFindings(doc: RulesDocument): Finding[] {
  const findings: Finding[] = [];
  const order = [...doc.aliases.keys()];
  const members = (name: string): string[] => (doc.aliases.get(name)?.members ?? []).filter((m) => doc.aliases.has(m));
  const reported = new Set<string>();
  order.forEach((name, index) => {
    const alias = doc.aliases.get(name);
    if (alias === undefined) return;
    for (const member of members(name)) {
      if (member === name) {
        findings.push({ source: alias.source, text: `alias ${name}: refers to itself; "${name}" will not be expanded` });
        continue;
      }
      if (order.indexOf(member) > index) continue;
      findings.push({ source: alias.source, text: `alias ${name}: refers to alias "${member}" declared before it; "${member}" will not be expanded` });
      const path = pathBetween(member, name, members);
      if (path === null) continue;
      const loop = [name, ...path];
      const key = [...new Set(loop)].sort().join(",");
      if (reported.has(key)) continue;
      reported.add(key);
      findings.push({ source: alias.source, text: `alias ${name}: loop ${loop.join(" → ")}` });
    }
  });
  return findings;
}

/** A path of alias names from `from` to `to` following alias members (breadth first), or null. */
function pathBetween(from: string, to: string, members: (name: string) => string[]): string[] | null {
  const previous = new Map<string, string | null>([[from, null]]);
  const queue = [from];
  while (queue.length > 0) {
    const current = queue.shift() as string;
    if (current === to) {
      const path: string[] = [];
      for (let at: string | null = current; at !== null; at = previous.get(at) ?? null) path.unshift(at);
      return path;
    }
    for (const next of members(current)) {
      if (!previous.has(next)) {
        previous.set(next, current);
        queue.push(next);
      }
    }
  }
  return null;
}
