// Where the processes of a start go (ST-LD-05, ST-STR-07/08): the candidate instances of one
// process, and the distribution rule of its application deciding how a group of processes is
// placed: each on its own (ALL_INSTANCES), all on one instance (SINGLE_INSTANCE), or all on the
// instances of one node (SINGLE_NODE). Placing records the planned load in the LoadBook given.
//
//   const plan = placeApplication(snapshot, book, "store", toStart, "CONFIG", loads, assignments);
//   plan.get("store:db"); // → "srv-1:9001", or null: no resource available

import type { StartingStrategy } from "../../config/rules/index.ts";
import { RUNNING_STATES } from "../../process/states.ts";
import { type Assignments, resolveIdentifiers } from "./identifiers.ts";
import type { LoadBook } from "./load.ts";
import { firstInfo, knownNamespecs } from "./lookup.ts";
import type { RulesBook } from "./rules-book.ts";
import { type ClusterSnapshot, nodeOf } from "./snapshot.ts";
import { chooseInstance } from "./strategy.ts";
import type { ProcessStatus } from "./synthesis.ts";

export { chooseInstance };

/** The instance is RUNNING, has `namespec` configured, and it is not disabled there. */
function usable(snapshot: ClusterSnapshot, identifier: string, namespec: string): boolean {
  const instance = snapshot.instances.get(identifier);
  const info = instance?.processes.get(namespec);
  return instance?.state === "RUNNING" && info !== undefined && !info.disabled;
}

function nodeOfId(snapshot: ClusterSnapshot, identifier: string): string {
  const instance = snapshot.instances.get(identifier);
  return instance === undefined ? identifier : nodeOf(instance);
}

/** RULE-23/45: the application's own list, its `#` assignment, or nothing for `@` or an unassigned `#`. */
function applicationAllowed(snapshot: ClusterSnapshot, book: RulesBook, app: string, assignments: Assignments): string[] {
  const rules = book.application(app);
  let names = rules.identifiers;
  if (rules.hash_identifiers.length > 0) names = assignments.applications.get(app) ?? [];
  else if (rules.at_identifiers.length > 0) names = [];
  return resolveIdentifiers(names, snapshot);
}

/**
 * ST-LD-05: the instances where `status` may start, in rules-list order (`*`: instance order).
 * With `applicationRestricted` (a SINGLE_INSTANCE / SINGLE_NODE application) the application's
 * identifiers apply instead of the program's (RULE-22). A `#` / `@` program not yet assigned has
 * no candidate (RULE-48).
 */
export function candidates(
  snapshot: ClusterSnapshot,
  book: RulesBook,
  status: ProcessStatus,
  assignments: Assignments,
  applicationRestricted: boolean,
): string[] {
  let allowed: string[];
  if (applicationRestricted) {
    allowed = applicationAllowed(snapshot, book, status.application, assignments);
  } else {
    const rules = book.program(status.application, status.name);
    const signed = rules.hash_identifiers.length > 0 || rules.at_identifiers.length > 0;
    allowed = resolveIdentifiers(signed ? (assignments.processes.get(status.namespec) ?? []) : rules.identifiers, snapshot);
  }
  return allowed.filter((identifier) => usable(snapshot, identifier, status.namespec));
}

function loadOf(book: RulesBook, status: ProcessStatus): number {
  return book.program(status.application, status.name).expected_loading;
}

/** ST-STR-07/08: the summed load of the application's start sequence (processes with start_sequence > 0). */
function sequenceLoad(book: RulesBook, app: string, namespecs: string[], snapshot: ClusterSnapshot): number {
  let sum = 0;
  for (const namespec of namespecs) {
    const name = firstInfo(snapshot, namespec)?.name;
    if (name === undefined) continue;
    const rules = book.program(app, name);
    if (rules.start_sequence > 0) sum += rules.expected_loading;
  }
  return sum;
}

/**
 * Places `statuses` (processes of `app` to start) by the application's distribution rule and
 * `strategy`; null for a process with no resource available. Mutates `loads` with what it plans.
 */
export function placeApplication(
  snapshot: ClusterSnapshot,
  book: RulesBook,
  app: string,
  statuses: ProcessStatus[],
  strategy: StartingStrategy,
  loads: LoadBook,
  assignments: Assignments,
): Map<string, string | null> {
  const plan = new Map<string, string | null>();
  const local = snapshot.localId;
  const place = (status: ProcessStatus, among: string[]) => {
    const chosen = chooseInstance(strategy, among, loadOf(book, status), loads, local);
    if (chosen !== null) loads.addPending(chosen, loadOf(book, status));
    plan.set(status.namespec, chosen);
  };
  const distribution = book.application(app).distribution;
  if (distribution === "ALL_INSTANCES") {
    for (const status of statuses) place(status, candidates(snapshot, book, status, assignments, false));
    return plan;
  }
  // A repair: part of the application runs already (a DISTRIBUTION gives an application in failure
  // another chance, ST-SEQ-10). Its stopped processes join that part, as a process started on its
  // own does; weighing the whole application again would count the running part twice and look
  // for a second instance able to hold all of it (Supvisors leaves this case open: "TBC" in
  // ApplicationStartJobs.distribute_to_single_instance).
  const placing = new Set(statuses.map((status) => status.namespec));
  if (runningHosts(snapshot, app, placing).length > 0) {
    for (const status of statuses) plan.set(status.namespec, placeProcess(snapshot, book, status, strategy, loads, assignments));
    return plan;
  }
  // Restricted distributions weigh the whole application, wherever every process of it can run.
  const namespecs = knownNamespecs(snapshot, app);
  const appLoad = sequenceLoad(book, app, namespecs, snapshot);
  const allowed = applicationAllowed(snapshot, book, app, assignments).filter(
    (identifier) => snapshot.instances.get(identifier)?.state === "RUNNING",
  );
  if (distribution === "SINGLE_INSTANCE") {
    const possible = allowed.filter((identifier) => namespecs.every((namespec) => usable(snapshot, identifier, namespec)));
    const chosen = chooseInstance(strategy, possible, appLoad, loads, local);
    for (const status of statuses) {
      if (chosen !== null) loads.addPending(chosen, loadOf(book, status));
      plan.set(status.namespec, chosen);
    }
    return plan;
  }
  // SINGLE_NODE: a node where every process has an instance, chosen through one of its instances.
  const solves = (identifier: string) => {
    const node = nodeOfId(snapshot, identifier);
    const onNode = allowed.filter((other) => nodeOfId(snapshot, other) === node);
    return (
      namespecs.every((namespec) => onNode.some((other) => usable(snapshot, other, namespec))) &&
      namespecs.some((namespec) => usable(snapshot, identifier, namespec))
    );
  };
  const possible = allowed.filter(solves);
  const chosen = chooseInstance(strategy, possible, appLoad, loads, local);
  const node = chosen === null ? null : nodeOfId(snapshot, chosen);
  const onNode = possible.filter((identifier) => nodeOfId(snapshot, identifier) === node);
  for (const status of statuses) {
    place(status, onNode.filter((identifier) => usable(snapshot, identifier, status.namespec)));
  }
  return plan;
}

/** The instances, in instance order, where a process of `app` not in `except` is in a running state. */
function runningHosts(snapshot: ClusterSnapshot, app: string, except: ReadonlySet<string>): string[] {
  const others = knownNamespecs(snapshot, app).filter((namespec) => !except.has(namespec));
  const hosts: string[] = [];
  for (const [identifier, instance] of snapshot.instances) {
    const runsHere = others.some((namespec) => {
      const state = instance.processes.get(namespec)?.state;
      return state !== undefined && (RUNNING_STATES as readonly number[]).includes(state);
    });
    if (runsHere) hosts.push(identifier);
  }
  return hosts;
}

/**
 * Places one process started on its own (ST-SEQ-05). In a SINGLE_INSTANCE / SINGLE_NODE
 * application with processes already running, it joins them: their instance, or an instance of
 * their node; otherwise it is placed as its application would place it. Mutates `loads`.
 */
export function placeProcess(
  snapshot: ClusterSnapshot,
  book: RulesBook,
  status: ProcessStatus,
  strategy: StartingStrategy,
  loads: LoadBook,
  assignments: Assignments,
): string | null {
  const app = status.application;
  const distribution = book.application(app).distribution;
  const host = distribution === "ALL_INSTANCES" ? undefined : runningHosts(snapshot, app, new Set([status.namespec]))[0];
  if (host === undefined) {
    return placeApplication(snapshot, book, app, [status], strategy, loads, assignments).get(status.namespec) ?? null;
  }
  const restricted = candidates(snapshot, book, status, assignments, true);
  const among =
    distribution === "SINGLE_INSTANCE"
      ? restricted.filter((identifier) => identifier === host)
      : restricted.filter((identifier) => nodeOfId(snapshot, identifier) === nodeOfId(snapshot, host));
  const chosen = chooseInstance(strategy, among, loadOf(book, status), loads, snapshot.localId);
  if (chosen !== null) loads.addPending(chosen, loadOf(book, status));
  return chosen;
}
