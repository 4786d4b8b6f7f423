// ST-LD-01..04: instance and node loads, pending loads, the 100 % acceptance rule.
import { describe, expect, test } from "bun:test";
import { LoadBook } from "../../../../src/control/model/load.ts";
import { allProcessStatuses } from "../../../../src/control/model/synthesis.ts";
import type { ProcessStateName } from "../../../../src/process/states.ts";
import { book, cluster, id, inst, proc } from "./builder.ts";

const RULES = book(`<application name="app"><programs>
  <program name="big"><expected_loading>40</expected_loading></program>
  <program name="small"><expected_loading>15</expected_loading></program>
  <program name="tiny"><expected_loading>5</expected_loading></program>
</programs></application>`);

/** a and b share machine m1; c has no network info yet (its node is its host). */
function loadsWith(states: Record<string, [ProcessStateName, ProcessStateName, ProcessStateName]>): LoadBook {
  const nicks = ["a", "b", "c"];
  const snapshot = cluster(
    nicks.map((nick) => {
      const [big, small, tiny] = states[nick] ?? ["STOPPED", "STOPPED", "STOPPED"];
      const processes = [proc("app", "big", big), proc("app", "small", small), proc("app", "tiny", tiny)];
      return inst(nick, processes, nick === "c" ? {} : { machine: "m1" });
    }),
  );
  return LoadBook.from(snapshot, RULES, allProcessStatuses(snapshot, new Map(), new Map()));
}

describe("ST-LD-01 instance load", () => {
  const cases: [string, [ProcessStateName, ProcessStateName, ProcessStateName], number][] = [
    ["nothing running", ["STOPPED", "EXITED", "FATAL"], 0],
    ["RUNNING, STARTING, BACKOFF count", ["RUNNING", "STARTING", "BACKOFF"], 60],
    ["STOPPING alone no longer counts", ["STOPPING", "RUNNING", "UNKNOWN"], 15],
  ];
  test.each(cases)("%s", (_label, states, load) => {
    expect(loadsWith({ a: states }).instanceLoad(id("a"))).toBe(load);
  });
  test("a conflict weighs on every instance it runs on", () => {
    const loads = loadsWith({ a: ["RUNNING", "STOPPED", "STOPPED"], c: ["STARTING", "STOPPED", "STOPPED"] });
    expect([loads.instanceLoad(id("a")), loads.instanceLoad(id("c"))]).toEqual([40, 40]);
  });
  test("a STOPPING instance counts while the process still runs elsewhere", () => {
    const loads = loadsWith({ a: ["STOPPING", "STOPPED", "STOPPED"], c: ["RUNNING", "STOPPED", "STOPPED"] });
    expect([loads.instanceLoad(id("a")), loads.instanceLoad(id("c"))]).toEqual([40, 40]);
  });
  test("unknown instance: 0", () => {
    expect(loadsWith({}).instanceLoad("nobody:1")).toBe(0);
  });
});

describe("ST-LD-02 node load", () => {
  const loads = loadsWith({ a: ["RUNNING", "STOPPED", "STOPPED"], b: ["STOPPED", "RUNNING", "RUNNING"], c: ["STOPPED", "STOPPED", "RUNNING"] });
  test("sum over the instances of the node (machine id)", () => {
    expect([loads.nodeLoad(id("a")), loads.nodeLoad(id("b"))]).toEqual([60, 60]);
  });
  test("an instance without network info is its host's node", () => {
    expect(loads.nodeLoad(id("c"))).toBe(5);
  });
});

describe("ST-LD-03 pending load", () => {
  test("added per instance and per node; real loads unchanged", () => {
    const loads = loadsWith({ a: ["RUNNING", "STOPPED", "STOPPED"] });
    loads.addPending(id("b"), 15);
    loads.addPending(id("b"), 5);
    expect([loads.pendingLoad(id("b")), loads.plannedInstanceLoad(id("b")), loads.plannedNodeLoad(id("a"))]).toEqual([20, 20, 60]);
    expect([loads.instanceLoad(id("b")), loads.nodeLoad(id("a")), loads.plannedNodeLoad(id("c"))]).toEqual([0, 40, 0]);
  });
  test("clone is independent", () => {
    const loads = loadsWith({});
    const copy = loads.clone();
    copy.addPending(id("a"), 30);
    expect([loads.pendingLoad(id("a")), copy.pendingLoad(id("a"))]).toEqual([0, 30]);
  });
});

describe("ST-LD-04 acceptance: node load + pending + load ≤ 100", () => {
  const cases: [number, number, boolean][] = [
    [0, 40, true],
    [0, 45, true], // 40 + 15 + 45 = 100
    [0, 46, false],
    [10, 35, true],
    [10, 36, false],
  ];
  test.each(cases)("pending %p, load %p → %p", (pending, load, fits) => {
    // a runs big (40), b runs small (15): node m1 at 55.
    const loads = loadsWith({ a: ["RUNNING", "STOPPED", "STOPPED"], b: ["STOPPED", "RUNNING", "STOPPED"] });
    if (pending > 0) loads.addPending(id("b"), pending);
    expect(loads.fits(id("a"), load)).toBe(fits);
    expect(loads.fits(id("c"), load)).toBe(true);
  });
});
