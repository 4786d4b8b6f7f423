// ST-STR-01..06: one conformance suite every starting strategy passes, then each strategy's own
// choices, ties and the 100 % limit.
import { describe, expect, test } from "bun:test";
import { STARTING_STRATEGIES, type StartingStrategy } from "../../../../src/config/supvisors-model.ts";
import { LoadBook } from "../../../../src/control/model/load.ts";
import { chooseInstance } from "../../../../src/control/model/strategy.ts";
import { allProcessStatuses } from "../../../../src/control/model/synthesis.ts";
import { book, cluster, id, inst, proc } from "./builder.ts";

/** Instances named by nick with [node, load of what runs there]. */
function loadBook(spec: Record<string, [string, number]>): LoadBook {
  const entries = Object.entries(spec);
  const rules = book(
    `<application name="l"><programs>${entries
      .map(([nick, [, load]]) => `<program name="p_${nick}"><expected_loading>${load}</expected_loading></program>`)
      .join("")}</programs></application>`,
  );
  const snapshot = cluster(entries.map(([nick, [node]]) => inst(nick, [proc("l", `p_${nick}`, "RUNNING")], { machine: node })));
  return LoadBook.from(snapshot, rules, allProcessStatuses(snapshot, new Map(), new Map()));
}

// Node n1: a (10) + b (30) = 40; n2: c (20); n3: d (10).
const SPEC: Record<string, [string, number]> = { a: ["n1", 10], b: ["n1", 30], c: ["n2", 20], d: ["n3", 10] };
const ALL = ["a", "b", "c", "d"].map(id);

describe.each([...STARTING_STRATEGIES])("conformance: %s", (strategy) => {
  const choose = (candidates: string[], load: number, loads = loadBook(SPEC), local = id("a")) =>
    chooseInstance(strategy, candidates, load, loads, local);
  test("no candidate → null", () => {
    expect(choose([], 0)).toBeNull();
  });
  test("the choice is a candidate whose node takes the load", () => {
    for (const load of [0, 10, 50, 60, 80, 90]) {
      const loads = loadBook(SPEC);
      const chosen = choose(ALL, load, loads);
      if (chosen !== null) {
        expect(ALL).toContain(chosen);
        expect(loads.fits(chosen, load)).toBe(true);
      }
    }
  });
  test("nothing fits → null", () => {
    expect(choose(ALL, 91)).toBeNull();
  });
  test("pending loads count: a node filled by planned starts is refused", () => {
    const loads = loadBook(SPEC);
    for (const identifier of ALL) loads.addPending(identifier, 90);
    expect(choose(ALL, 1, loads)).toBeNull();
  });
  test("the load book is not changed", () => {
    const loads = loadBook(SPEC);
    choose(ALL, 10, loads);
    expect(ALL.map((identifier) => loads.pendingLoad(identifier))).toEqual([0, 0, 0, 0]);
  });
  test("exactly 100 % is accepted", () => {
    // d alone on n3 at 10: a load of 90 fills it exactly.
    expect(choose([id("d")], 90, loadBook(SPEC), id("d"))).toBe(id("d"));
  });
});

describe("ST-STR-01..06 choices", () => {
  const cases: [StartingStrategy, number, string[], string | null][] = [
    // strategy, load, candidates (nicks), expected
    ["CONFIG", 10, ["a", "b", "c", "d"], "a"],
    ["CONFIG", 10, ["c", "a"], "c"], // candidate order, not load
    ["CONFIG", 65, ["a", "b", "c", "d"], "c"], // n1 would reach 105
    ["LESS_LOADED", 10, ["a", "b", "c", "d"], "d"], // a and d at 10: node load breaks the tie (n3 10 < n1 40)
    ["LESS_LOADED", 10, ["b", "c"], "c"],
    ["LESS_LOADED", 70, ["a", "b", "c", "d"], "d"], // n1 refused
    ["MOST_LOADED", 10, ["a", "b", "c", "d"], "b"],
    ["MOST_LOADED", 61, ["a", "b", "c", "d"], "c"], // n1 refused: c (20) over d (10)
    ["MOST_LOADED", 10, ["a", "d"], "a"], // 10 each: the higher node load wins
    ["LESS_LOADED_NODE", 10, ["a", "b", "c", "d"], "d"],
    ["LESS_LOADED_NODE", 10, ["a", "b"], "a"], // same node: lower instance load
    ["MOST_LOADED_NODE", 10, ["a", "b", "c", "d"], "b"], // n1, then the higher instance load
    ["MOST_LOADED_NODE", 61, ["a", "b", "c", "d"], "c"],
    ["LOCAL", 10, ["a", "b"], "a"], // local is a
    ["LOCAL", 10, ["b", "c"], null], // local not a candidate
    ["LOCAL", 61, ["a", "b"], null], // local's node cannot take it
  ];
  test.each(cases)("ST-STR %s, load %p, candidates %p → %p", (strategy, load, nicks, expected) => {
    const chosen = chooseInstance(strategy, nicks.map(id), load, loadBook(SPEC), id("a"));
    expect(chosen).toBe(expected === null ? null : id(expected));
  });
});

describe("ST-STR-02..05 ties on both loads", () => {
  // p, q, r all at 20 on their own nodes at 20.
  const TIES: Record<string, [string, number]> = { p: ["np", 20], q: ["nq", 20], r: ["nr", 20] };
  const cases: [StartingStrategy, string][] = [
    ["LESS_LOADED", "p"], // first candidate
    ["LESS_LOADED_NODE", "p"],
    ["MOST_LOADED", "r"], // later candidate
    ["MOST_LOADED_NODE", "r"],
    ["CONFIG", "p"],
  ];
  test.each(cases)("%s → %s", (strategy, expected) => {
    expect(chooseInstance(strategy, ["p", "q", "r"].map(id), 10, loadBook(TIES), id("x"))).toBe(id(expected));
  });
  test("ST-LD-03: pending loads change the choice", () => {
    const loads = loadBook(TIES);
    loads.addPending(id("p"), 5);
    expect(chooseInstance("LESS_LOADED", ["p", "q", "r"].map(id), 10, loads, id("x"))).toBe(id("q"));
    expect(chooseInstance("MOST_LOADED", ["p", "q", "r"].map(id), 10, loads, id("x"))).toBe(id("p"));
  });
});
