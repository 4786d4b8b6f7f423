// SlicedQueue on a hand-driven clock: what fits the budget runs at once, the rest in later turns,
// in order; re-entrant pushes join the queue; a throwing task does not stop the others; close.

import { describe, expect, test } from "bun:test";
import { SlicedQueue } from "../../../src/node/sliced-queue.ts";

function setup(budgetMs = 10) {
  let t = 0;
  const later: (() => void)[] = [];
  const errors: unknown[] = [];
  const q = new SlicedQueue({ budgetMs, now: () => t, later: (fn) => later.push(fn), onError: (e) => errors.push(e) });
  const ran: string[] = [];
  /** A task that takes `ms` of the clock. */
  const task = (name: string, ms: number) => () => {
    ran.push(name);
    t += ms;
  };
  const turn = () => later.shift()!();
  return { q, ran, later, errors, task, turn };
}

describe("SlicedQueue", () => {
  test("a lone cheap task runs at once, no later turn", () => {
    const { q, ran, later, task } = setup();
    q.push(task("a", 1));
    expect(ran).toEqual(["a"]);
    expect(later).toHaveLength(0);
  });

  test("a burst runs in slices of the budget, in order, one later turn per slice", () => {
    const { q, ran, later, task, turn } = setup(10);
    // As inside one engine step: the first push starts a slice, which takes 4 ms per task.
    for (const name of ["a", "b", "c", "d", "e", "f", "g"]) q.push(task(name, 4));
    // a (0→4), b (4→8), c (8→12): the slice stops once 10 ms are spent.
    expect(ran).toEqual(["a", "b", "c"]);
    expect(later).toHaveLength(1);
    expect(q.pending).toBe(4);
    turn();
    expect(ran).toEqual(["a", "b", "c", "d", "e", "f"]);
    turn();
    expect(ran).toEqual(["a", "b", "c", "d", "e", "f", "g"]);
    expect(later).toHaveLength(0);
  });

  test("pushes while a slice is due wait for it, keeping the order", () => {
    const { q, ran, task, turn } = setup(10);
    q.push(task("a", 12));
    q.push(task("b", 1));
    expect(ran).toEqual(["a"]);
    q.push(task("c", 1));
    expect(ran).toEqual(["a"]);
    turn();
    expect(ran).toEqual(["a", "b", "c"]);
  });

  test("a task pushing another (re-entrance) gets it run after itself, in the same slice", () => {
    const { q, ran, task } = setup(10);
    q.push(() => {
      ran.push("outer");
      q.push(task("inner", 1));
      ran.push("outer done");
    });
    expect(ran).toEqual(["outer", "outer done", "inner"]);
  });

  test("a throwing task is reported and the next ones still run", () => {
    const { q, ran, errors, task } = setup();
    q.push(() => {
      throw new Error("boom");
    });
    q.push(task("after", 1));
    expect(ran).toEqual(["after"]);
    expect(String(errors[0])).toContain("boom");
  });

  test("close drops what waits and ignores later pushes", () => {
    const { q, ran, task, turn } = setup(10);
    q.push(task("a", 20));
    q.push(task("b", 1));
    q.close();
    turn();
    q.push(task("c", 1));
    expect(ran).toEqual(["a"]);
  });
});
