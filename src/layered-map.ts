// A read-only map that is cheap to derive with a few changes: a shared base that nobody mutates,
// plus a small layer of the entries set or deleted since. The pure steps of the cluster core and
// of the control engine never touch their input state, so each process event copied a whole map
// (an instance's 1 000 processes, an application's statuses) to change one entry: at 10 instances
// of 1 000 processes that copy was half of what an instance spent watching a start. Deriving
// copies only the layer; once the layer holds more than a fraction of the base, the derived map
// is folded into a fresh plain Map, so a chain of n changes costs O(n · √size) instead of
// O(n · size), and reads cost one or two lookups.
//
// Iteration follows the base's order, changed entries in place, then added keys in the order they
// were added. One difference from Map: a base key deleted and then set again keeps its base place
// (a Map would move it to the end). Nothing here depends on that order beyond determinism. An
// iterator over a changed map walks a snapshot taken when it was created (a Map's sees later sets).

const DELETED: unique symbol = Symbol("deleted");
type Slot<V> = V | typeof DELETED;

/** The smallest layer worth keeping apart from the base: below it, folding costs nothing. */
const MIN_LAYER = 16;

export class LayeredMap<K, V> implements ReadonlyMap<K, V> {
  readonly #base: ReadonlyMap<K, V>;
  readonly #layer: Map<K, Slot<V>>;
  #size: number;

  private constructor(base: ReadonlyMap<K, V>, layer: Map<K, Slot<V>>, size: number) {
    this.#base = base;
    this.#layer = layer;
    this.#size = size;
  }

  /**
   * A map holding what `from` holds, to be changed with `set` / `delete` without touching `from`
   * (which must never be mutated afterwards: it may become the shared base).
   * @example const next = LayeredMap.derive(previous); next.set("g:p", info); // previous unchanged
   */
  static derive<K, V>(from: ReadonlyMap<K, V>): LayeredMap<K, V> {
    if (from instanceof LayeredMap) {
      const layered = from as LayeredMap<K, V>;
      const limit = Math.max(MIN_LAYER, Math.sqrt(layered.#base.size));
      if (layered.#layer.size < limit) return new LayeredMap(layered.#base, new Map(layered.#layer), layered.#size);
      return new LayeredMap(layered.#folded(), new Map(), layered.#size);
    }
    return new LayeredMap(from, new Map(), from.size);
  }

  /**
   * Base and layer as one plain Map, in the order iteration gives: the native copy of the base,
   * then the layer applied (a set keeps a key's place, a new key goes last).
   */
  #folded(): Map<K, V> {
    const map = new Map(this.#base);
    for (const [key, slot] of this.#layer) {
      if (slot === DELETED) map.delete(key);
      else map.set(key, slot);
    }
    return map;
  }

  get size(): number {
    return this.#size;
  }

  get(key: K): V | undefined {
    const slot = this.#layer.get(key);
    if (slot !== undefined) return slot === DELETED ? undefined : slot;
    return this.#layer.has(key) ? undefined : this.#base.get(key);
  }

  has(key: K): boolean {
    const slot = this.#layer.get(key);
    if (slot !== undefined) return slot !== DELETED;
    if (this.#layer.has(key)) return true; // a value that is itself undefined
    return this.#base.has(key);
  }

  set(key: K, value: V): this {
    if (!this.has(key)) this.#size++;
    this.#layer.set(key, value);
    return this;
  }

  delete(key: K): boolean {
    if (!this.has(key)) return false;
    this.#size--;
    if (this.#base.has(key)) this.#layer.set(key, DELETED);
    else this.#layer.delete(key);
    return true;
  }

  entries(): MapIterator<[K, V]> {
    // Unchanged since the fold (or the derivation): the base's own iterator, at native speed.
    if (this.#layer.size === 0) return this.#base.entries();
    const all: [K, V][] = [];
    this.#visit((value, key) => all.push([key, value]));
    return all[Symbol.iterator]() as unknown as MapIterator<[K, V]>;
  }

  keys(): MapIterator<K> {
    if (this.#layer.size === 0) return this.#base.keys();
    const all: K[] = [];
    this.#visit((_value, key) => all.push(key));
    return all[Symbol.iterator]() as unknown as MapIterator<K>;
  }

  values(): MapIterator<V> {
    if (this.#layer.size === 0) return this.#base.values();
    const all: V[] = [];
    this.#visit((value) => all.push(value));
    return all[Symbol.iterator]() as unknown as MapIterator<V>;
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  /**
   * Every entry in iteration order, through the base's forEach (a generator per entry cost more
   * than the copy this class avoids). Iterators hand out a snapshot taken at their creation.
   */
  #visit(callback: (value: V, key: K) => void): void {
    const layer = this.#layer;
    this.#base.forEach((value, key) => {
      const slot = layer.get(key);
      if (slot === undefined && !layer.has(key)) callback(value, key);
      else if (slot !== DELETED) callback(slot as V, key);
    });
    for (const [key, slot] of layer) if (slot !== DELETED && !this.#base.has(key)) callback(slot, key);
  }

  forEach(callback: (value: V, key: K, map: ReadonlyMap<K, V>) => void, thisArg?: unknown): void {
    this.#visit((value, key) => callback.call(thisArg, value, key, this));
  }
}
