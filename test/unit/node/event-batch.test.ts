// KeyedBatch: items of one turn delivered together at the scheduled flush, at once on an explicit
// flush, split when a key comes twice, and dropped by clear.

import { describe, expect, test } from "bun:test";
import { KeyedBatch } from "../../../src/node/event-batch.ts";

function setup() {
  const delivered: string[][] = [];
  const scheduled: (() => void)[] = [];
  const batch = new KeyedBatch<string>(
    (item) => item.split("@")[0]!,
    (items) => delivered.push(items),
    (run) => scheduled.push(run),
  );
  return { batch, delivered, scheduled };
}

describe("KeyedBatch", () => {
  test("items of one turn go out together when the scheduled flush runs, scheduled once", () => {
    const { batch, delivered, scheduled } = setup();
    batch.add("p@a");
    batch.add("q@a");
    batch.add("r@b");
    expect(delivered).toEqual([]);
    expect(scheduled).toHaveLength(1);
    scheduled[0]!();
    expect(delivered).toEqual([["p@a", "q@a", "r@b"]]);
  });

  test("a key seen twice closes the batch first: each key once per batch, order kept", () => {
    const { batch, delivered, scheduled } = setup();
    batch.add("p@a");
    batch.add("q@a");
    batch.add("p@b");
    expect(delivered).toEqual([["p@a", "q@a"]]);
    for (const run of scheduled) run();
    expect(delivered).toEqual([["p@a", "q@a"], ["p@b"]]);
  });

  test("an explicit flush delivers at once; the scheduled one then finds nothing", () => {
    const { batch, delivered, scheduled } = setup();
    batch.add("p@a");
    batch.flush();
    expect(delivered).toEqual([["p@a"]]);
    scheduled[0]!();
    expect(delivered).toEqual([["p@a"]]);
    expect(batch.size).toBe(0);
  });

  test("clear drops what waits", () => {
    const { batch, delivered, scheduled } = setup();
    batch.add("p@a");
    batch.clear();
    scheduled[0]!();
    expect(delivered).toEqual([]);
  });

  test("the default schedule is the end of the current turn (a microtask)", async () => {
    const delivered: string[][] = [];
    const batch = new KeyedBatch<string>((s) => s, (items) => delivered.push(items));
    batch.add("x");
    batch.add("y");
    expect(delivered).toEqual([]);
    await Promise.resolve();
    expect(delivered).toEqual([["x", "y"]]);
  });
});
