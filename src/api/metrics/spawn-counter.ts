// Counts the spawns of every local process from its state changes, for the restarts metric: a
// spawn is every entry into STARTING (a start, a retry after BACKOFF, an automatic restart).
// Keyed by the process object itself, so a group removed and added again starts from zero and a
// removed process leaves nothing behind.

import { ProcessStates, type ProcessState } from "../../process/states.ts";

/** What the counter listens to: the local supervisor's transitions (LocalSupervisor.onTransition). */
export interface TransitionSource<P extends object> {
  onTransition(listener: (entry: P, event: { to: ProcessState }) => void): () => void;
}

/**
 * @example
 *   const spawns = new SpawnCounter(sup);
 *   spawns.restarts(entry) // 0 until the process is spawned a second time
 */
export class SpawnCounter<P extends object> {
  readonly #spawns = new WeakMap<P, number>();
  readonly #off: () => void;

  constructor(source: TransitionSource<P>) {
    this.#off = source.onTransition((entry, event) => {
      if (event.to === ProcessStates.STARTING) this.#spawns.set(entry, (this.#spawns.get(entry) ?? 0) + 1);
    });
  }

  /** Spawns since the counter started listening. */
  spawns(entry: P): number {
    return this.#spawns.get(entry) ?? 0;
  }

  /** Spawns after the first one: 0 for a process spawned once or never. */
  restarts(entry: P): number {
    return Math.max(0, this.spawns(entry) - 1);
  }

  /** Stops listening (the counts stay readable). */
  close(): void {
    this.#off();
  }
}
