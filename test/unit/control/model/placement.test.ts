// ST-LD-05 candidates, RULE-48 unassigned signs, ST-STR-07/08 restricted distributions, and the
// placement of applications and single processes.
import { describe, expect, test } from "bun:test";
import type { ProcessInfo } from "../../../../src/cluster/messages.ts";
import { type Assignments, assignSigns, emptyAssignments } from "../../../../src/control/model/identifiers.ts";
import { LoadBook } from "../../../../src/control/model/load.ts";
import { candidates, placeApplication, placeProcess } from "../../../../src/control/model/placement.ts";
import type { RulesBook } from "../../../../src/control/model/rules-book.ts";
import type { ClusterSnapshot } from "../../../../src/control/model/snapshot.ts";
import { type ProcessStatus, allProcessStatuses, processStatus } from "../../../../src/control/model/synthesis.ts";
import { book, cluster, id, inst, proc } from "./builder.ts";

const status = (snapshot: ClusterSnapshot, namespec: string): ProcessStatus =>
  processStatus(snapshot, namespec, undefined, undefined) as ProcessStatus;
const loadsOf = (snapshot: ClusterSnapshot, rules: RulesBook): LoadBook =>
  LoadBook.from(snapshot, rules, allProcessStatuses(snapshot, new Map(), new Map()));
const nicksOf = (identifiers: (string | null | undefined)[]) => identifiers.map((i) => (i == null ? i : i.replace(".host:60000", "")));

describe("ST-LD-05 candidates", () => {
  const rules = book(`
<alias name="backends">c,b</alias>
<application name="app"><programs>
  <program name="ordered"><identifiers>c,a,b</identifiers></program>
  <program name="aliased"><identifiers>backends</identifiers></program>
  <program name="typed"><identifiers>front</identifiers></program>
  <program pattern="signed_"><identifiers>#,a,b</identifiers></program>
</programs></application>
<application name="single_1"><distribution>SINGLE_INSTANCE</distribution><identifiers>b,a</identifiers>
  <programs><program name="p"><identifiers>c</identifiers></program></programs></application>
<application name="desk_2"><distribution>SINGLE_INSTANCE</distribution><identifiers>#,a,b</identifiers></application>`);
  const everywhere = (app: string, name: string, extra: Partial<ProcessInfo> = {}) => proc(app, name, "STOPPED", extra);
  const names = ["free", "ordered", "aliased", "typed", "signed_01"];
  const snapshot = cluster([
    inst("a", [...names.map((n) => everywhere("app", n)), everywhere("single_1", "p"), everywhere("desk_2", "p")], { stereotypes: ["front"] }),
    inst("b", [...names.map((n) => everywhere("app", n)), everywhere("single_1", "p"), everywhere("desk_2", "p")], { stereotypes: ["front"] }),
    inst("c", [...names.map((n) => everywhere("app", n)), everywhere("single_1", "p"), everywhere("desk_2", "p")]),
    inst("d", names.map((n) => everywhere("app", n)), { state: "CHECKING" }), // not RUNNING
  ]);
  const cases: [string, string[]][] = [
    ["app:free", ["a", "b", "c"]], // `*`: instance order, RUNNING ones only
    ["app:ordered", ["c", "a", "b"]], // rules list order
    ["app:aliased", ["c", "b"]], // RULE-11 alias
    ["app:typed", ["a", "b"]], // stereotype
    ["app:signed_01", []], // RULE-48: # not assigned yet
  ];
  test.each(cases)("%s → %p", (namespec, expected) => {
    expect(nicksOf(candidates(snapshot, rules, status(snapshot, namespec), emptyAssignments(), false))).toEqual(expected);
  });
  test("a # process once assigned: its instance", () => {
    const { assignments } = assignSigns(rules, snapshot, "app", ["app:signed_01"], emptyAssignments());
    expect(nicksOf(candidates(snapshot, rules, status(snapshot, "app:signed_01"), assignments, false))).toEqual(["a"]);
  });
  test("not configured, or disabled there: not a candidate", () => {
    const snap = cluster([
      inst("a", [proc("app", "free", "STOPPED", { disabled: true })]),
      inst("b", []),
      inst("c", [proc("app", "free")]),
    ]);
    expect(nicksOf(candidates(snap, rules, status(snap, "app:free"), emptyAssignments(), false))).toEqual(["c"]);
  });
  test("restricted application: the application's identifiers, not the program's", () => {
    expect(nicksOf(candidates(snapshot, rules, status(snapshot, "single_1:p"), emptyAssignments(), true))).toEqual(["b", "a"]);
    expect(nicksOf(candidates(snapshot, rules, status(snapshot, "single_1:p"), emptyAssignments(), false))).toEqual(["c"]);
  });
  test("restricted application with #: nothing before assignment, then its instance", () => {
    const desk = status(snapshot, "desk_2:p");
    expect(candidates(snapshot, rules, desk, emptyAssignments(), true)).toEqual([]);
    const { assignments } = assignSigns(rules, snapshot, "desk_2", ["desk_2:p"], emptyAssignments());
    expect(nicksOf(candidates(snapshot, rules, desk, assignments, true))).toEqual(["b"]);
  });
});

describe("placeApplication, ALL_INSTANCES", () => {
  const rules = book(`<application name="w"><programs><program pattern="p"><expected_loading>50</expected_loading></program></programs></application>`);
  const processes = ["p1", "p2", "p3", "p4", "p5"].map((n) => proc("w", n));
  const snapshot = cluster([inst("a", processes), inst("b", processes)]);
  test("each process on its own, pending load added as it goes, null when nothing fits", () => {
    const loads = loadsOf(snapshot, rules);
    const toStart = processes.map((p) => status(snapshot, `w:${p.name}`));
    const plan = placeApplication(snapshot, rules, "w", toStart, "LESS_LOADED", loads, emptyAssignments());
    expect(nicksOf([...plan.values()])).toEqual(["a", "b", "a", "b", null]);
    expect([loads.pendingLoad(id("a")), loads.pendingLoad(id("b"))]).toEqual([100, 100]);
  });
  test("CONFIG fills the first instance first", () => {
    const toStart = processes.slice(0, 3).map((p) => status(snapshot, `w:${p.name}`));
    const plan = placeApplication(snapshot, rules, "w", toStart, "CONFIG", loadsOf(snapshot, rules), emptyAssignments());
    expect(nicksOf([...plan.values()])).toEqual(["a", "a", "b"]);
  });
});

describe("ST-STR-07 SINGLE_INSTANCE", () => {
  // x and y in the start sequence (30 + 30 = 60); z outside it (50, not in the summed load).
  const rules = book(`<application name="s"><distribution>SINGLE_INSTANCE</distribution><programs>
    <program name="x"><start_sequence>1</start_sequence><expected_loading>30</expected_loading></program>
    <program name="y"><start_sequence>2</start_sequence><expected_loading>30</expected_loading></program>
    <program name="z"><expected_loading>50</expected_loading></program>
  </programs></application>
  <application name="o"><programs><program name="hog"><expected_loading>45</expected_loading></program></programs></application>`);
  const full = () => [proc("s", "x"), proc("s", "y"), proc("s", "z")];
  test("only instances where every process is configured and enabled", () => {
    const snapshot = cluster([
      inst("a", [proc("s", "x"), proc("s", "y")]), // z missing
      inst("b", [proc("s", "x"), proc("s", "y", "STOPPED", { disabled: true }), proc("s", "z")]),
      inst("c", full()),
    ]);
    const toStart = ["s:x", "s:y"].map((n) => status(snapshot, n));
    const plan = placeApplication(snapshot, rules, "s", toStart, "CONFIG", loadsOf(snapshot, rules), emptyAssignments());
    expect(Object.fromEntries([...plan].map(([k, v]) => [k, nicksOf([v])[0]]))).toEqual({ "s:x": "c", "s:y": "c" });
  });
  test("chosen for the summed load of the start sequence", () => {
    // a already runs hog (45): 45 + 60 > 100, so b even with CONFIG.
    const snapshot = cluster([inst("a", [...full(), proc("o", "hog", "RUNNING")]), inst("b", full())]);
    const loads = loadsOf(snapshot, rules);
    const toStart = ["s:x"].map((n) => status(snapshot, n));
    expect(nicksOf([...placeApplication(snapshot, rules, "s", toStart, "CONFIG", loads, emptyAssignments()).values()])).toEqual(["b"]);
    expect(loads.pendingLoad(id("b"))).toBe(30); // pending = the processes actually planned
  });
  test("no instance can take it: every process gets null", () => {
    const snapshot = cluster([inst("a", [...full(), proc("o", "hog", "RUNNING")])]);
    const toStart = ["s:x", "s:y"].map((n) => status(snapshot, n));
    expect([...placeApplication(snapshot, rules, "s", toStart, "LESS_LOADED", loadsOf(snapshot, rules), emptyAssignments()).values()]).toEqual([null, null]);
  });
  test("application # restricts to its instance", () => {
    const desk = book(`<application pattern="desk_"><distribution>SINGLE_INSTANCE</distribution><identifiers>#,a,b</identifiers></application>`);
    const snapshot = cluster([inst("a", [proc("desk_2", "p")]), inst("b", [proc("desk_2", "p")])]);
    const { assignments } = assignSigns(desk, snapshot, "desk_2", ["desk_2:p"], emptyAssignments());
    const plan = placeApplication(snapshot, desk, "desk_2", [status(snapshot, "desk_2:p")], "CONFIG", loadsOf(snapshot, desk), assignments);
    expect(nicksOf([...plan.values()])).toEqual(["b"]);
    expect([...placeApplication(snapshot, desk, "desk_2", [status(snapshot, "desk_2:p")], "CONFIG", loadsOf(snapshot, desk), emptyAssignments()).values()]).toEqual([null]);
  });
});

describe("ST-STR-07 SINGLE_INSTANCE repair: part of the application runs already", () => {
  // x and y, 30 % each, on one instance; hog 30 % elsewhere in the rules. y and hog run on a.
  const rules = book(`<application name="r"><distribution>SINGLE_INSTANCE</distribution><programs>
    <program name="x"><start_sequence>1</start_sequence><expected_loading>30</expected_loading></program>
    <program name="y"><start_sequence>2</start_sequence><expected_loading>30</expected_loading></program>
  </programs></application>
  <application name="o"><programs><program pattern="hog_"><expected_loading>30</expected_loading></program></programs></application>`);
  const plan = (hogOnA: number) => {
    const hogs = Array.from({ length: hogOnA }, (_, i) => proc("o", `hog_${i}`, "RUNNING"));
    const snapshot = cluster([inst("a", [proc("r", "x"), proc("r", "y", "RUNNING"), ...hogs]), inst("b", [proc("r", "x"), proc("r", "y")])]);
    const loads = loadsOf(snapshot, rules);
    const placed = placeApplication(snapshot, rules, "r", [status(snapshot, "r:x")], "LESS_LOADED", loads, emptyAssignments());
    return { where: nicksOf([...placed.values()]), loads };
  };
  test("the stopped process joins the running part, weighing only its own load", () => {
    // a: y 30 + hog 30; the whole application (60 more) would not fit there, x alone (30) does.
    const { where, loads } = plan(1);
    expect(where).toEqual(["a"]);
    expect(loads.pendingLoad(id("a"))).toBe(30);
  });
  test("no room where it runs: no resource, though another instance is empty", () => {
    expect(plan(2).where).toEqual([null]);
  });
});

describe("ST-STR-08 SINGLE_NODE", () => {
  const rules = book(`<application name="n"><distribution>SINGLE_NODE</distribution><programs>
    <program pattern=""><start_sequence>1</start_sequence><expected_loading>20</expected_loading></program>
  </programs></application>
  <application name="o"><programs><program name="busy"><expected_loading>20</expected_loading></program></programs></application>`);
  test("a node where every process has an instance; each process placed on that node", () => {
    // n1: a has x, b has y. n2: c has x only → not a solution.
    const snapshot = cluster([
      inst("c", [proc("n", "x")], { machine: "n2" }),
      inst("a", [proc("n", "x")], { machine: "n1" }),
      inst("b", [proc("n", "y")], { machine: "n1" }),
    ]);
    const toStart = ["n:x", "n:y"].map((n) => status(snapshot, n));
    const plan = placeApplication(snapshot, rules, "n", toStart, "CONFIG", loadsOf(snapshot, rules), emptyAssignments());
    expect(nicksOf([...plan.values()])).toEqual(["a", "b"]);
  });
  test("the strategy chooses the node, then places each process with pending loads", () => {
    // n1 (a, b) runs 20 already (o:busy on a); n2 (c, d) is empty.
    const processes = [proc("n", "x"), proc("n", "y")];
    const snapshot = cluster([
      inst("a", [...processes, proc("o", "busy", "RUNNING")], { machine: "n1" }),
      inst("b", processes, { machine: "n1" }),
      inst("c", processes, { machine: "n2" }),
      inst("d", processes, { machine: "n2" }),
    ]);
    const toStart = ["n:x", "n:y"].map((n) => status(snapshot, n));
    const plan = placeApplication(snapshot, rules, "n", toStart, "LESS_LOADED", loadsOf(snapshot, rules), emptyAssignments());
    // LESS_LOADED: b, c, d at 0, b's node at 20 → c, so node n2; x on c, then y on d (c has x pending).
    expect(nicksOf([...plan.values()])).toEqual(["c", "d"]);
  });
  test("no node can take the application: nulls", () => {
    const processes = [proc("n", "x"), proc("n", "y"), proc("n", "big")];
    const heavy = book(`<application name="n"><distribution>SINGLE_NODE</distribution><programs>
      <program pattern=""><start_sequence>1</start_sequence><expected_loading>40</expected_loading></program></programs></application>`);
    const snapshot = cluster([inst("a", processes, { machine: "n1" })]);
    const toStart = ["n:x"].map((n) => status(snapshot, n));
    expect([...placeApplication(snapshot, heavy, "n", toStart, "CONFIG", loadsOf(snapshot, heavy), emptyAssignments()).values()]).toEqual([null]);
  });
});

describe("placeProcess (ST-SEQ-05)", () => {
  const rules = book(`
<application name="single"><distribution>SINGLE_INSTANCE</distribution><programs>
  <program pattern=""><start_sequence>1</start_sequence><expected_loading>30</expected_loading></program></programs></application>
<application name="node"><distribution>SINGLE_NODE</distribution><programs>
  <program pattern=""><start_sequence>1</start_sequence><expected_loading>30</expected_loading></program></programs></application>
<application name="all"><programs><program pattern=""><identifiers>c,b</identifiers><expected_loading>10</expected_loading></program></programs></application>`);
  const noSigns: Assignments = emptyAssignments();
  test("ALL_INSTANCES: the strategy over the process's candidates", () => {
    const snapshot = cluster(["a", "b", "c"].map((nick) => inst(nick, [proc("all", "p")])));
    const loads = loadsOf(snapshot, rules);
    expect(nicksOf([placeProcess(snapshot, rules, status(snapshot, "all:p"), "CONFIG", loads, noSigns)])).toEqual(["c"]);
    expect(loads.pendingLoad(id("c"))).toBe(10);
  });
  test("SINGLE_INSTANCE: joins the instance where the application runs", () => {
    const snapshot = cluster([
      inst("a", [proc("single", "x"), proc("single", "y")]),
      inst("b", [proc("single", "x", "RUNNING"), proc("single", "y")]),
    ]);
    expect(nicksOf([placeProcess(snapshot, rules, status(snapshot, "single:y"), "CONFIG", loadsOf(snapshot, rules), noSigns)])).toEqual(["b"]);
    expect(placeProcess(snapshot, rules, status(snapshot, "single:y"), "LOCAL", loadsOf(snapshot, rules), noSigns)).toBeNull(); // local is a
  });
  test("SINGLE_INSTANCE: that instance full → null", () => {
    const snapshot = cluster([
      inst("a", [proc("single", "x"), proc("single", "y")]),
      inst("b", [proc("single", "x", "RUNNING"), proc("single", "y"), proc("single", "w_1", "RUNNING"), proc("single", "w_2", "RUNNING")]),
    ]);
    expect(placeProcess(snapshot, rules, status(snapshot, "single:y"), "CONFIG", loadsOf(snapshot, rules), noSigns)).toBeNull();
  });
  test("SINGLE_NODE: an instance of the node where the application runs", () => {
    const snapshot = cluster([
      inst("c", [proc("node", "y")], { machine: "n2" }),
      inst("a", [proc("node", "x", "RUNNING")], { machine: "n1" }),
      inst("b", [proc("node", "y")], { machine: "n1" }),
    ]);
    expect(nicksOf([placeProcess(snapshot, rules, status(snapshot, "node:y"), "CONFIG", loadsOf(snapshot, rules), noSigns)])).toEqual(["b"]);
  });
  test("nothing of the application runs: placed as the application would place it", () => {
    const snapshot = cluster([
      inst("a", [proc("single", "x")]), // y missing: not a possible instance
      inst("b", [proc("single", "x"), proc("single", "y")]),
    ]);
    expect(nicksOf([placeProcess(snapshot, rules, status(snapshot, "single:x"), "CONFIG", loadsOf(snapshot, rules), noSigns)])).toEqual(["b"]);
  });
});
