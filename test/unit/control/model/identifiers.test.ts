// RULE-11, RULE-40/41: resolving instance names; RULE-45..49: assigning `#` and `@` rules.
import { describe, expect, test } from "bun:test";
import { type Assignments, assignSigns, emptyAssignments, resolveIdentifiers } from "../../../../src/control/model/identifiers.ts";
import type { InstanceSnapshot } from "../../../../src/control/model/snapshot.ts";
import { book, cluster, id, inst, proc } from "./builder.ts";

describe("RULE-40/41 resolveIdentifiers", () => {
  const snapshot = cluster([inst("a", [], { stereotypes: ["front"] }), inst("b", [], { stereotypes: ["front", "back"] }), inst("c")]);
  const cases: [string[], string[]][] = [
    [["*"], [id("a"), id("b"), id("c")]],
    [[id("b"), "a"], [id("b"), id("a")]], // identifier and nick, list order
    [["front"], [id("a"), id("b")]], // stereotype → its instances in instance order
    [["back", "front"], [id("b"), id("a")]],
    [["x", "c", "unknown:1"], [id("c")]], // unknown names dropped
    [["c", "*"], [id("c"), id("a"), id("b")]],
    [["a", id("a"), "front"], [id("a"), id("b")]], // duplicates removed, first kept
    [[], []],
  ];
  test.each(cases)("%p → %p", (names, expected) => {
    expect(resolveIdentifiers(names, snapshot)).toEqual(expected);
  });
  test("an identifier is found before a nick, a nick before a stereotype", () => {
    const odd: InstanceSnapshot = { ...inst("front"), identity: { ...inst("front").identity, identifier: "b" } };
    const snap = cluster([inst("a", [], { stereotypes: ["front"] }), inst("b"), odd]);
    expect(resolveIdentifiers(["front"], snap)).toEqual(["b"]); // the nick "front" of the third instance
    expect(resolveIdentifiers(["b"], snap)).toEqual(["b"]);
  });
});

/** Processes w_01..w_N of program w in group `app`, on instances a, b, c (and more when given). */
function pool(app: string, count: number, nicks = ["a", "b", "c"]) {
  const processes = Array.from({ length: count }, (_, i) => proc(app, `w_0${i + 1}`));
  return cluster(nicks.map((nick) => inst(nick, processes, { stereotypes: nick === "c" ? [] : ["front"] })));
}
const namespecs = (app: string, count: number) => Array.from({ length: count }, (_, i) => `${app}:w_0${i + 1}`);
const processList = (assignments: Assignments) => Object.fromEntries(assignments.processes);

describe("RULE-45 application #", () => {
  const rules = book(`
<alias name="consoles">c1,c2</alias>
<application pattern="desk"><identifiers>#,consoles,c3</identifiers><distribution>SINGLE_INSTANCE</distribution></application>
<application pattern="star_"><identifiers>#</identifiers></application>
<application pattern="kind_"><identifiers>#,front,c</identifiers></application>
<application pattern="at_"><identifiers>@,a</identifiers></application>`);
  const snapshot = pool("x", 1);
  const cases: [string, string[] | undefined][] = [
    ["desk_1", ["c1"]],
    ["desk-2", ["c2"]],
    ["desk_03", ["c3"]],
    ["desk_4", ["c1"]], // wraps around
    ["desk_7", ["c1"]],
    ["star_2", [id("b")]], // `*`: every known instance, in order
    ["star_5", [id("b")]],
    ["kind_1", ["front"]], // a stereotype is one entry, as written
    ["kind_2", ["c"]],
    ["desk_0", undefined], // no index: no assignment (the book resets start_sequence)
    ["desktop", undefined],
    ["at_1", undefined], // `@` is not supported at application level
  ];
  test.each(cases)("%s → %p", (app, expected) => {
    const { assignments, errors } = assignSigns(rules, snapshot, app, [], emptyAssignments());
    expect(assignments.applications.get(app)).toEqual(expected);
    expect(errors).toEqual([]);
  });
  test("an assignment made is final", () => {
    const current: Assignments = { processes: new Map(), applications: new Map([["desk_1", ["c3"]]]) };
    expect(assignSigns(rules, snapshot, "desk_1", [], current).assignments.applications.get("desk_1")).toEqual(["c3"]);
  });
});

describe("RULE-46 program #", () => {
  const rules = book(`
<application name="pool"><programs><program pattern="w_"><identifiers>#,a,b</identifiers></program></programs></application>
<application name="all"><programs><program pattern="w_"><identifiers>#</identifiers></program></programs></application>
<application name="stereo"><programs><program pattern="w_"><identifiers>#,c,front</identifiers></program></programs></application>
<application name="ghost"><programs><program pattern="w_"><identifiers>#,nobody</identifiers></program></programs></application>`);
  test("round robin over the list, wrapping", () => {
    const { assignments, errors } = assignSigns(rules, pool("pool", 5), "pool", namespecs("pool", 5), emptyAssignments());
    expect(processList(assignments)).toEqual({
      "pool:w_01": [id("a")], "pool:w_02": [id("b")], "pool:w_03": [id("a")], "pool:w_04": [id("b")], "pool:w_05": [id("a")],
    });
    expect(errors).toEqual([]);
  });
  test("fewest already assigned first, ties to the first in the list; assignments kept", () => {
    const current: Assignments = { processes: new Map([["pool:w_01", [id("b")]]]), applications: new Map() };
    const { assignments } = assignSigns(rules, pool("pool", 5), "pool", namespecs("pool", 5), current);
    expect(processList(assignments)).toEqual({
      "pool:w_01": [id("b")], "pool:w_02": [id("a")], "pool:w_03": [id("a")], "pool:w_04": [id("b")], "pool:w_05": [id("a")],
    });
  });
  test("ordered by process index, not by name", () => {
    const snapshot = cluster(["a", "b"].map((nick) => inst(nick, [
      proc("pool", "w_x", "STOPPED", { program_name: "w", process_index: 2 }),
      proc("pool", "w_y", "STOPPED", { program_name: "w", process_index: 1 }),
    ])));
    const { assignments } = assignSigns(rules, snapshot, "pool", ["pool:w_x", "pool:w_y"], emptyAssignments());
    expect(processList(assignments)).toEqual({ "pool:w_y": [id("a")], "pool:w_x": [id("b")] });
  });
  test("only the given processes are assigned", () => {
    const { assignments } = assignSigns(rules, pool("pool", 3), "pool", ["pool:w_02"], emptyAssignments());
    expect(processList(assignments)).toEqual({ "pool:w_02": [id("a")] });
  });
  test("# alone: every known instance in instance order", () => {
    const { assignments } = assignSigns(rules, pool("all", 4), "all", namespecs("all", 4), emptyAssignments());
    expect([...assignments.processes.values()]).toEqual([[id("a")], [id("b")], [id("c")], [id("a")]]);
  });
  test("stereotypes are expanded in program lists", () => {
    const { assignments } = assignSigns(rules, pool("stereo", 3), "stereo", namespecs("stereo", 3), emptyAssignments());
    expect([...assignments.processes.values()]).toEqual([[id("c")], [id("a")], [id("b")]]);
  });
  test("no known instance in the list: nothing assigned, an error, tried again later", () => {
    const { assignments, errors } = assignSigns(rules, pool("ghost", 1), "ghost", namespecs("ghost", 1), emptyAssignments());
    expect(processList(assignments)).toEqual({ "ghost:w_01": [] });
    expect(errors).toEqual(["application ghost program w: no known instance in the # list nobody"]);
  });
  test("unsigned processes and other applications are left alone", () => {
    const { assignments } = assignSigns(rules, pool("other", 2), "other", namespecs("other", 2), emptyAssignments());
    expect(assignments.processes.size).toBe(0);
  });
});

describe("RULE-47 program @", () => {
  const rules = book(`<application name="pool"><programs><program pattern="w_"><identifiers>@,a,b,d</identifiers></program></programs></application>`);
  test("one process per instance; the surplus gets none", () => {
    const { assignments } = assignSigns(rules, pool("pool", 3), "pool", namespecs("pool", 3), emptyAssignments());
    expect(processList(assignments)).toEqual({ "pool:w_01": [id("a")], "pool:w_02": [id("b")], "pool:w_03": [] });
  });
  test("a surplus process gets an instance discovered later; made assignments stay", () => {
    const first = assignSigns(rules, pool("pool", 3), "pool", namespecs("pool", 3), emptyAssignments()).assignments;
    const later = pool("pool", 3, ["b", "d", "a"]); // d discovered; instance order changed
    const { assignments } = assignSigns(rules, later, "pool", namespecs("pool", 3), first);
    expect(processList(assignments)).toEqual({ "pool:w_01": [id("a")], "pool:w_02": [id("b")], "pool:w_03": [id("d")] });
  });
  test("instances used by assigned processes are skipped", () => {
    const current: Assignments = { processes: new Map([["pool:w_02", [id("a")]]]), applications: new Map() };
    const { assignments } = assignSigns(rules, pool("pool", 3), "pool", namespecs("pool", 3), current);
    expect(processList(assignments)).toEqual({ "pool:w_01": [id("b")], "pool:w_02": [id("a")], "pool:w_03": [] });
  });
});

describe("RULE-49 conflicting sign rules in one homogeneous group", () => {
  test("different # lists: error, the last one applies", () => {
    const rules = book(`<application name="pool"><programs>
      <program pattern="w_0[12]"><identifiers>#,a</identifiers></program>
      <program pattern="w_03"><identifiers>#,b</identifiers></program>
    </programs></application>`);
    const { assignments, errors } = assignSigns(rules, pool("pool", 3), "pool", namespecs("pool", 3), emptyAssignments());
    expect([...assignments.processes.values()]).toEqual([[id("b")], [id("b")], [id("b")]]);
    expect(errors).toEqual(["application pool program w: conflicting # lists a and b; b applies"]);
    // Nothing left to assign: no second report.
    expect(assignSigns(rules, pool("pool", 3), "pool", namespecs("pool", 3), assignments).errors).toEqual([]);
  });
  test("# and @ in one group: # dropped", () => {
    const rules = book(`<application name="pool"><programs>
      <program pattern="w_01"><identifiers>#,a</identifiers></program>
      <program pattern="w_0[23]"><identifiers>@,b,c</identifiers></program>
    </programs></application>`);
    const { assignments, errors } = assignSigns(rules, pool("pool", 3), "pool", namespecs("pool", 3), emptyAssignments());
    expect(processList(assignments)).toEqual({ "pool:w_02": [id("b")], "pool:w_03": [id("c")] });
    expect(errors).toEqual(["application pool program w: both # and @ used in one homogeneous group; # dropped"]);
  });
});
