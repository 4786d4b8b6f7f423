import { describe, expect, test } from "bun:test";
import { LayeredMap } from "../../src/layered-map.ts";

/** A small deterministic generator, so a failing sequence can be replayed. */
function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

function sortedEntries<K, V>(map: ReadonlyMap<K, V>): [K, V][] {
  return [...map.entries()].sort((a, b) => String(a[0]).localeCompare(String(b[0])));
}

describe("LayeredMap", () => {
  test("a derived map changes without touching the map it came from", () => {
    const base = new Map([["a", 1], ["b", 2]]);
    const next = LayeredMap.derive(base);
    next.set("a", 10).set("c", 3);
    next.delete("b");
    expect([...base]).toEqual([["a", 1], ["b", 2]]);
    expect([...next]).toEqual([["a", 10], ["c", 3]]);
    expect(next.size).toBe(2);
    expect(next.has("b")).toBe(false);
    expect(next.get("b")).toBeUndefined();
    // A map derived from the derived one leaves it alone too.
    const third = LayeredMap.derive(next);
    third.set("b", 20);
    third.delete("c");
    expect([...next]).toEqual([["a", 10], ["c", 3]]);
    expect([...third.keys()].sort()).toEqual(["a", "b"]);
    expect([...third.values()].sort((x, y) => x - y)).toEqual([10, 20]);
  });

  test("iterates in the base's order, changed entries in place, added keys last", () => {
    const next = LayeredMap.derive(new Map([["x", 1], ["y", 2], ["z", 3]]));
    next.set("w", 0).set("y", 20);
    expect([...next.keys()]).toEqual(["x", "y", "z", "w"]);
    const seen: string[] = [];
    next.forEach((value, key) => seen.push(`${key}=${value}`));
    expect(seen).toEqual(["x=1", "y=20", "z=3", "w=0"]);
  });

  test("deleting what is absent or deleted twice changes nothing", () => {
    const next = LayeredMap.derive(new Map([["a", 1]]));
    expect(next.delete("zz")).toBe(false);
    expect(next.delete("a")).toBe(true);
    expect(next.delete("a")).toBe(false);
    expect(next.size).toBe(0);
    next.set("n", 5);
    expect(next.delete("n")).toBe(true);
    expect([...next]).toEqual([]);
  });

  test("an undefined value is a value", () => {
    const next = LayeredMap.derive(new Map<string, number | undefined>([["a", 1]]));
    next.set("a", undefined);
    expect(next.has("a")).toBe(true);
    expect(next.get("a")).toBeUndefined();
    expect(next.size).toBe(1);
  });

  test("long chains of derivations agree with a copied Map at every step, and every version stays as it was", () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const random = lcg(seed);
      let model = new Map<string, number>();
      for (let i = 0; i < 300; i++) model.set(`k${i}`, i);
      let layered: ReadonlyMap<string, number> = new Map(model);
      const versions: [ReadonlyMap<string, number>, [string, number][]][] = [];
      for (let stepNo = 0; stepNo < 400; stepNo++) {
        const next = LayeredMap.derive(layered);
        model = new Map(model);
        for (let change = 0; change < 1 + Math.floor(random() * 3); change++) {
          const key = `k${Math.floor(random() * 400)}`;
          if (random() < 0.3) expect(next.delete(key)).toBe(model.delete(key));
          else {
            const value = Math.floor(random() * 1000);
            next.set(key, value);
            model.set(key, value);
          }
        }
        expect(next.size).toBe(model.size);
        expect(sortedEntries(next)).toEqual(sortedEntries(model));
        for (const key of ["k0", "k150", "k299", "k350"]) {
          expect(next.has(key)).toBe(model.has(key));
          expect(next.get(key)).toBe(model.get(key));
        }
        if (stepNo % 50 === 0) versions.push([next, sortedEntries(model)]);
        layered = next;
      }
      for (const [version, entries] of versions) expect(sortedEntries(version)).toEqual(entries);
    }
  });

  test("a derivation copies a small layer: the whole map is read once per fold, about every √size changes", () => {
    let reads = 0;
    class CountingMap<K, V> extends Map<K, V> {
      override entries(): MapIterator<[K, V]> {
        reads++;
        return super.entries();
      }
      override [Symbol.iterator](): MapIterator<[K, V]> {
        return this.entries();
      }
    }
    const base = new CountingMap<string, number>();
    for (let i = 0; i < 10_000; i++) base.set(`k${i}`, i);
    let map: ReadonlyMap<string, number> = base;
    for (let i = 0; i < 99; i++) {
      const next = LayeredMap.derive(map);
      next.set(`k${i}`, -1);
      map = next;
    }
    expect(reads).toBe(0);
    // The layer now holds 99 entries; the next derivations fold once, into a plain Map.
    for (let i = 99; i < 200; i++) {
      const next = LayeredMap.derive(map);
      next.set(`k${i}`, -1);
      map = next;
    }
    expect(reads).toBe(1);
    expect(map.size).toBe(10_000);
    expect(map.get("k150")).toBe(-1);
    expect(map.get("k250")).toBe(250);
  });
});
