// Names of instances as rules and users write them, turned into instance identifiers (RULE-11,
// RULE-40..41), and the `#` / `@` signs of rules turned into instance assignments (RULE-45..49).
// Assignments are made when an application start is planned, with the instances known at that
// moment, and are final afterwards: the engine keeps them and hands them back each time.
//
//   resolveIdentifiers(["front", "srv-1"], snapshot);   // → ["a.host:9001", "b.host:9001", ...]
//   const { assignments, errors } = assignSigns(book, snapshot, "desk_2", namespecs, current);

import type { ProgramRules } from "../../config/rules/index.ts";
import { byText, firstInfo, knownNamespecs } from "./lookup.ts";
import { type RulesBook, applicationIndex } from "./rules-book.ts";
import type { ClusterSnapshot } from "./snapshot.ts";

/**
 * Each name is an identifier, a nick, a stereotype (→ every instance carrying it, instance order)
 * or `*` (→ every instance, snapshot order). Unknown names are dropped: they may become valid when
 * their instance is discovered. Duplicates are removed, keeping the first occurrence.
 */
export function resolveIdentifiers(names: string[], snapshot: ClusterSnapshot): string[] {
  const found = new Set<string>();
  for (const name of names) {
    if (name === "*") {
      for (const identifier of snapshot.instances.keys()) found.add(identifier);
    } else if (snapshot.instances.has(name)) {
      found.add(name);
    } else {
      const byNick = [...snapshot.instances.values()].find((instance) => instance.identity.nick === name);
      if (byNick !== undefined) {
        found.add(byNick.identity.identifier);
        continue;
      }
      for (const [identifier, instance] of snapshot.instances) {
        if (instance.identity.stereotypes.includes(name)) found.add(identifier);
      }
    }
  }
  return [...found];
}

/**
 * Assignments made from `#` / `@` rules. `processes`: namespec → a one-identifier list, or an empty
 * list for a process that could not be given an instance (an `@` surplus, an empty `#` list); those
 * are tried again at the next assignment. `applications`: group → its one `#` entry, written as
 * the rules wrote it (an identifier, nick or stereotype, RULE-45), resolved when candidates are read.
 */
export interface Assignments {
  processes: ReadonlyMap<string, string[]>;
  applications: ReadonlyMap<string, string[]>;
}

export function emptyAssignments(): Assignments {
  return { processes: new Map(), applications: new Map() };
}

interface Member {
  namespec: string;
  name: string;
  index: number;
  rules: ProgramRules;
}

const same = (a: string[], b: string[]): boolean => a.length === b.length && a.every((item, i) => item === b[i]);

/** RULE-49: of the group's sign lists, the last one applies; a different earlier one is an error. */
function groupList(members: Member[], sign: "#" | "@", label: string, errors: string[]): string[] {
  let list: string[] = [];
  for (const member of members) {
    const own = sign === "#" ? member.rules.hash_identifiers : member.rules.at_identifiers;
    if (own.length === 0) continue;
    if (list.length > 0 && !same(list, own)) {
      errors.push(`${label}: conflicting ${sign} lists ${list.join(",")} and ${own.join(",")}; ${own.join(",")} applies`);
    }
    list = own;
  }
  return list;
}

/** The instance of each process of one homogeneous group still to be assigned (RULE-46/47). */
function assignGroup(
  members: Member[],
  toAssign: Set<string>,
  snapshot: ClusterSnapshot,
  processes: Map<string, string[]>,
  label: string,
  errors: string[],
): void {
  const pending = (sign: "#" | "@") =>
    members.filter((m) => {
      const own = sign === "#" ? m.rules.hash_identifiers : m.rules.at_identifiers;
      return own.length > 0 && toAssign.has(m.namespec) && (processes.get(m.namespec) ?? []).length === 0;
    });
  if (pending("#").length === 0 && pending("@").length === 0) return;
  const groupErrors: string[] = [];
  const atList = groupList(members, "@", label, groupErrors);
  let hashList = groupList(members, "#", label, groupErrors);
  if (atList.length > 0 && hashList.length > 0) {
    groupErrors.push(`${label}: both # and @ used in one homogeneous group; # dropped`);
    hashList = [];
  }
  errors.push(...groupErrors);
  const assignedTo = (m: Member) => (processes.get(m.namespec) ?? [])[0];
  if (atList.length > 0) {
    const reference = resolveIdentifiers(atList, snapshot);
    const used = new Set(members.map(assignedTo).filter((id) => id !== undefined));
    const free = reference.filter((identifier) => !used.has(identifier));
    pending("@").forEach((member, i) => processes.set(member.namespec, i < free.length ? [free[i] as string] : []));
  }
  if (hashList.length > 0) {
    const reference = resolveIdentifiers(hashList, snapshot);
    if (reference.length === 0) errors.push(`${label}: no known instance in the # list ${hashList.join(",")}`);
    const counts = reference.map((identifier) => members.filter((m) => assignedTo(m) === identifier).length);
    for (const member of pending("#")) {
      if (reference.length === 0) {
        processes.set(member.namespec, []);
        continue;
      }
      // Fewest processes of the group already there; ties → first in the list (round robin).
      let best = 0;
      counts.forEach((count, i) => {
        if (count < (counts[best] as number)) best = i;
      });
      processes.set(member.namespec, [reference[best] as string]);
      counts[best] = (counts[best] as number) + 1;
    }
  }
}

/**
 * Resolves the application `#` of `app` (RULE-45) and the program `#` / `@` lists of those of its
 * processes in `namespecs` not yet assigned (RULE-46..49), with the instances of `snapshot`.
 * Homogeneous groups are the application's processes of one program, ordered by process index.
 */
export function assignSigns(
  book: RulesBook,
  snapshot: ClusterSnapshot,
  app: string,
  namespecs: string[],
  current: Assignments,
): { assignments: Assignments; errors: string[] } {
  const processes = new Map(current.processes);
  const applications = new Map(current.applications);
  const errors: string[] = [];
  const appRules = book.application(app);
  const index = applicationIndex(app);
  if (appRules.hash_identifiers.length > 0 && !applications.has(app) && index !== null) {
    // The reference list is taken as written (a stereotype is one entry); `*` is every known instance.
    const reference = appRules.hash_identifiers.includes("*") ? [...snapshot.instances.keys()] : appRules.hash_identifiers;
    if (reference.length > 0) applications.set(app, [reference[index % reference.length] as string]);
  }
  const groups = new Map<string, Member[]>();
  for (const namespec of knownNamespecs(snapshot, app)) {
    const info = firstInfo(snapshot, namespec);
    if (info === undefined) continue;
    const rules = book.program(app, info.name);
    const members = groups.get(info.program_name) ?? [];
    members.push({ namespec, name: info.name, index: info.process_index, rules });
    groups.set(info.program_name, members);
  }
  const toAssign = new Set(namespecs);
  for (const [program, members] of groups) {
    members.sort((a, b) => a.index - b.index || byText(a.name, b.name));
    assignGroup(members, toAssign, snapshot, processes, `application ${app} program ${program}`, errors);
  }
  return { assignments: { processes, applications }, errors };
}
