// The control layer's invariants, checked by control-sim.ts after every control step of every
// node. Each returns what it finds wrong, in words naming the node's view, nothing when all holds.
import type { ClusterState } from "../../src/cluster/state.ts";
import { processStatuses, type ControlState } from "../../src/control/engine/index.ts";
import { LoadBook } from "../../src/control/model/load.ts";
import type { RulesBook } from "../../src/control/model/rules-book.ts";

type NickOf = (identifier: string) => string;

/** ST-LD-04: no node above 100 % of declared load, as this node sees it. */
export function loadViolations(book: RulesBook, control: ControlState, snapshot: ClusterState, nickOf: NickOf): string[] {
  const loads = LoadBook.from(snapshot, book, processStatuses(control, snapshot));
  const found: string[] = [];
  for (const id of snapshot.instances.keys()) {
    const load = loads.nodeLoad(id);
    if (load > 100) found.push(`node of ${nickOf(id)} loaded at ${load} %`);
  }
  return found;
}

/**
 * After a tick (which compares every instance's process list with the one indexed): the statuses
 * the engine indexed, published and places with are those the snapshot gives, as the queries
 * compute them from scratch. Between the inputs of one cluster step the index may lag behind the
 * snapshot (one process event each), hence not after every input. Reports the first difference.
 */
export function indexViolations(control: ControlState, snapshot: ClusterState, nickOf: NickOf): string[] {
  const where = (ids: string[] | undefined) => (ids ?? []).map(nickOf).join("+");
  for (const status of processStatuses(control, snapshot)) {
    const indexed = control.table.applications.get(status.application)?.statuses.get(status.namespec);
    if (indexed?.state === status.state && indexed.runningOn.join() === status.runningOn.join()) continue;
    return [`engine table out of step for ${status.namespec}: ${indexed?.state}@${where(indexed?.runningOn)} instead of ${status.state}@${where(status.runningOn)}`];
  }
  return [];
}

/**
 * ST-SEQ-01/06: an application job runs one sequence group at a time, and the groups of an
 * application start are triggered in increasing start_sequence order (processes started alone and
 * joined to the job, ST-SEQ-05, go at their own rank and are left out). `highest` keeps, per job
 * id, the highest rank started so far (updated here).
 */
export function sequenceViolations(book: RulesBook, before: ControlState, after: ControlState, highest: Map<number, number>): string[] {
  const found: string[] = [];
  const startSeq = (c: { application: string; process: string }) => book.program(c.application, c.process).start_sequence;
  for (const job of after.jobs.starter.current.values()) {
    const groups = new Set(job.current.map(startSeq));
    if (groups.size > 1) found.push(`start job of ${job.application} runs groups ${[...groups].join(", ")} at once`);
    const previous = before.jobs.starter.current.get(job.application);
    const known = new Set(previous?.id === job.id ? previous.current.map((c) => `${c.key}@${c.identifier}`) : []);
    for (const command of job.current) {
      if (command.ignoreWaitExit || known.has(`${command.key}@${command.identifier}`)) continue;
      const seq = startSeq(command);
      const top = highest.get(job.id) ?? 0;
      if (seq < top) found.push(`${command.key} (start_sequence ${seq}) started after group ${top} of ${job.application}`);
      highest.set(job.id, Math.max(seq, top));
    }
  }
  for (const job of after.jobs.stopper.current.values()) {
    const groups = new Set(job.current.map((c) => book.program(c.application, c.process).stop_sequence));
    if (groups.size > 1) found.push(`stop job of ${job.application} runs groups ${[...groups].join(", ")} at once`);
  }
  return found;
}
