// Items that arrive in one turn of the event loop, handed over together: at the end of the turn
// (a microtask), before anything else that must see them (flush), or as soon as an item with a
// key already in the batch arrives, so a batch never holds two items of one key and each key's
// items keep their order. The control node gathers process events with it: a handshake brings a
// peer's whole process list, one event per process, and one engine step for all of them costs the
// size of the list instead of the list times its applications' sizes.

export class KeyedBatch<T> {
  #items: T[] = [];
  readonly #keys = new Set<string>();
  readonly #keyOf: (item: T) => string;
  readonly #deliver: (items: T[]) => void;
  readonly #schedule: (run: () => void) => void;

  constructor(keyOf: (item: T) => string, deliver: (items: T[]) => void, schedule: (run: () => void) => void = queueMicrotask) {
    this.#keyOf = keyOf;
    this.#deliver = deliver;
    this.#schedule = schedule;
  }

  get size(): number {
    return this.#items.length;
  }

  add(item: T): void {
    const key = this.#keyOf(item);
    if (this.#keys.has(key)) this.flush();
    this.#items.push(item);
    this.#keys.add(key);
    if (this.#items.length === 1) this.#schedule(() => this.flush());
  }

  /** Delivers what waits, if anything (a later scheduled flush then finds nothing). */
  flush(): void {
    if (this.#items.length === 0) return;
    const items = this.#items;
    this.#items = [];
    this.#keys.clear();
    this.#deliver(items);
  }

  /** Forgets what waits (the node is closing). */
  clear(): void {
    this.#items = [];
    this.#keys.clear();
  }
}
