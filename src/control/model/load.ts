// Loads as the starting strategies weigh them (ST-LD-01..04): the declared `expected_loading` of
// processes running on each instance, summed per node, plus the load of starts planned but not
// yet running ("pending"), so that several processes placed in a row do not all pick the same
// emptiest instance or overflow a node.
//
//   const loads = LoadBook.from(snapshot, book, statuses);
//   if (loads.fits(id, 30)) loads.addPending(id, 30);

import { RUNNING_STATES } from "../../process/states.ts";
import type { RulesBook } from "./rules-book.ts";
import { type ClusterSnapshot, nodeOf } from "./snapshot.ts";
import type { ProcessStatus } from "./synthesis.ts";

/** ST-LD-04: a node never takes more than this, planned starts included. */
export const NODE_CAPACITY = 100;

export class LoadBook {
  /** identifier → its node; instances unknown to the snapshot are a node of their own. */
  readonly #nodes: Map<string, string>;
  readonly #instance: Map<string, number>;
  readonly #pending: Map<string, number>;

  private constructor(nodes: Map<string, string>, instance: Map<string, number>, pending: Map<string, number>) {
    this.#nodes = nodes;
    this.#instance = instance;
    this.#pending = pending;
  }

  /**
   * ST-LD-01/02: a process weighs on every instance of its running set while its synthetic state
   * is running-like (a conflict counts on each instance; a process only STOPPING no longer counts).
   */
  static from(snapshot: ClusterSnapshot, book: RulesBook, statuses: ProcessStatus[]): LoadBook {
    const nodes = new Map<string, string>();
    for (const [identifier, instance] of snapshot.instances) nodes.set(identifier, nodeOf(instance));
    const instance = new Map<string, number>();
    for (const status of statuses) {
      const runningLike = status.runningOn.some((identifier) => {
        const state = snapshot.instances.get(identifier)?.processes.get(status.namespec)?.state;
        return state !== undefined && (RUNNING_STATES as readonly number[]).includes(state);
      });
      if (!runningLike) continue;
      const load = book.program(status.application, status.name).expected_loading;
      for (const identifier of status.runningOn) instance.set(identifier, (instance.get(identifier) ?? 0) + load);
    }
    return new LoadBook(nodes, instance, new Map());
  }

  #nodeOf(identifier: string): string {
    return this.#nodes.get(identifier) ?? identifier;
  }

  #sumOverNode(identifier: string, loads: Map<string, number>): number {
    const node = this.#nodeOf(identifier);
    let sum = 0;
    for (const [other, load] of loads) if (this.#nodeOf(other) === node) sum += load;
    return sum;
  }

  /** ST-LD-01: the load of the processes running on this instance. */
  instanceLoad(identifier: string): number {
    return this.#instance.get(identifier) ?? 0;
  }

  /** ST-LD-02: the load of the node of this instance, over all its instances. */
  nodeLoad(identifier: string): number {
    return this.#sumOverNode(identifier, this.#instance);
  }

  /** ST-LD-03: the load of starts planned on this instance and not running yet. */
  pendingLoad(identifier: string): number {
    return this.#pending.get(identifier) ?? 0;
  }

  /** Instance load with its pending starts: what strategies compare. */
  plannedInstanceLoad(identifier: string): number {
    return this.instanceLoad(identifier) + this.pendingLoad(identifier);
  }

  /** Node load with the pending starts of all its instances. */
  plannedNodeLoad(identifier: string): number {
    return this.nodeLoad(identifier) + this.#sumOverNode(identifier, this.#pending);
  }

  /** Records a start planned on `identifier` (mutates this book). */
  addPending(identifier: string, load: number): void {
    this.#pending.set(identifier, this.pendingLoad(identifier) + load);
  }

  /** ST-LD-04: node load + pending node load + `load` ≤ 100. */
  fits(identifier: string, load: number): boolean {
    return this.plannedNodeLoad(identifier) + load <= NODE_CAPACITY;
  }

  /** An independent copy, e.g. to try a plan without committing it. */
  clone(): LoadBook {
    return new LoadBook(new Map(this.#nodes), new Map(this.#instance), new Map(this.#pending));
  }
}
