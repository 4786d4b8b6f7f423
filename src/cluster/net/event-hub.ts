// Fan-out of transport events to listeners, where one failing listener cannot break the others or
// the socket code that emitted the event.

import type { NetLog } from "./options.ts";

export class EventHub<E extends { type: string }> {
  readonly #listeners = new Set<(event: E) => void>();
  readonly #log: NetLog;

  constructor(log: NetLog) {
    this.#log = log;
  }

  /** Adds a listener; returns the function that removes it. */
  on(listener: (event: E) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  emit(event: E): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.#log("error", `transport event listener failed on ${event.type}: ${(error as Error).message}`);
      }
    }
  }

  clear(): void {
    this.#listeners.clear();
  }
}
