// The full example of spec/rules.md §8, file merging, and the effective rules derived from them.
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applicationRules, loadRulesFiles, mergeRulesTexts, programRules, rulesWarnings } from "../../../../src/config/rules/index.ts";

const dir = mkdtempSync(join(tmpdir(), "flotilla-rules-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const example = join(dir, "example.xml");
writeFileSync(example, readFileSync(join(import.meta.dir, "example.xml"), "utf8"));

describe("spec example", () => {
  const { rules, warnings } = loadRulesFiles([example]);
  test("no warnings, everything read", () => {
    expect(warnings).toEqual([]);
    expect([...rules.aliases.keys()]).toEqual(["backends", "desks"]);
    expect(rules.applications.map((a) => a.name ?? a.pattern)).toEqual(["store", "desk_"]);
    expect(rules.applications[0]?.programs[2]?.source).toEqual({ file: example, line: 27 });
  });
  test("store application", () => {
    expect(applicationRules(rules, "store", "LESS_LOADED")).toEqual({
      managed: true, distribution: "ALL_INSTANCES", identifiers: ["*"], hash_identifiers: [], at_identifiers: [],
      start_sequence: 1, stop_sequence: 1, starting_strategy: "LESS_LOADED", starting_failure_strategy: "STOP",
      running_failure_strategy: "CONTINUE", operational_status: '"db" and any("cache_.*")',
    });
  });
  test("desk_2 by pattern, # with alias expanded", () => {
    const desk = applicationRules(rules, "desk_2", "CONFIG");
    expect(desk.hash_identifiers).toEqual(["console-1", "console-2", "console-3"]);
    expect(desk.identifiers).toEqual([]);
    expect([desk.distribution, desk.start_sequence, desk.stop_sequence, desk.starting_strategy]).toEqual(["SINGLE_INSTANCE", 2, 5, "LOCAL"]);
  });
  test("unmanaged group", () => {
    const other = applicationRules(rules, "other", "MOST_LOADED");
    expect([other.managed, other.starting_strategy, other.identifiers, other.stop_sequence]).toEqual([false, "MOST_LOADED", ["*"], 0]);
  });
  test("db: own values, required kept, failure strategies from the application", () => {
    const db = programRules(rules, "store", "db");
    expect(db).toMatchObject({ identifiers: ["srv-1"], start_sequence: 1, stop_sequence: 1, required: true, expected_loading: 40, starting_failure_strategy: "STOP", running_failure_strategy: "CONTINUE", warnings: [] });
  });
  test("cache_01: model values under the program's own", () => {
    const cache = programRules(rules, "store", "cache_01");
    expect(cache).toMatchObject({ identifiers: [], hash_identifiers: ["srv-1", "srv-2"], expected_loading: 20, running_failure_strategy: "RESTART_PROCESS", start_sequence: 3, stop_sequence: 3 });
  });
  test("migrate defaults", () => {
    expect(programRules(rules, "store", "migrate")).toMatchObject({ identifiers: ["*"], wait_exit: true, required: false, expected_loading: 0, start_sequence: 2, stop_sequence: 2 });
  });
});

describe("merging and checks", () => {
  const a = `<root>
<alias name="x">y,z</alias>
<model name="m1"><reference>m2</reference><expected_loading>1</expected_loading></model>
<model name="m2"><reference>m3</reference><expected_loading>2</expected_loading><wait_exit>1</wait_exit></model>
<model name="m3"><required>1</required><start_sequence>4</start_sequence></model>
<application name="app"><programs>
<program name="p"><reference>m1</reference></program>
<program name="p"><start_sequence>9</start_sequence></program>
<program name="q"><reference>nope</reference><identifiers>#</identifiers><required>true</required></program>
<program pattern="r_"><identifiers>@,#,x</identifiers></program>
<program pattern="r_\\d"><identifiers>*,a</identifiers></program>
</programs></application>
</root>`;
  const b = `<root>
<alias name="y">x,y</alias>
<alias name="x">k</alias>
<application name="app"/>
<application pattern="ap"><start_sequence>3</start_sequence></application>
</root>`;
  const { rules, warnings } = mergeRulesTexts([{ path: "a.xml", text: a }, { path: "b.xml", text: b }]);
  test("the merge's warnings name file and line (what the rules mean is rulesWarnings', check.ts)", () => {
    expect(warnings).toEqual([
      "b.xml:3: alias x: replaces the alias declared at a.xml:2",
      "a.xml:8: program name: \"p\" already declared at a.xml:7; this one is never used",
      "b.xml:4: application name: \"app\" already declared at a.xml:6; this one is never used",
    ]);
    const meaning = rulesWarnings(rules, [{ name: "app", processes: [{ name: "p", programName: "p" }] }]);
    for (const expected of [
      "a.xml:7: program reference: model chain m1 → m2 → m3 is too deep; \"m3\" is ignored",
      "a.xml:9: program reference: unknown model \"nope\" is ignored",
      "b.xml:2: alias y: refers to alias \"x\" declared before it; \"x\" will not be expanded",
      "b.xml:2: alias y: refers to itself; \"y\" will not be expanded",
    ]) {
      expect(meaning).toContain(expected);
    }
  });
  test("first exact name wins, later alias value in first slot", () => {
    expect(rules.files).toEqual(["a.xml", "b.xml"]);
    expect([...rules.aliases.keys()]).toEqual(["x", "y"]);
    expect(applicationRules(rules, "app", "CONFIG").managed).toBe(true);
    expect(applicationRules(rules, "apx", "CONFIG").start_sequence).toBe(3);
  });
  test("model chain stops after two models", () => {
    expect(programRules(rules, "app", "p")).toMatchObject({ expected_loading: 1, wait_exit: true, required: false, start_sequence: 0 });
  });
  test("# on a name program reset, required without sequence forced false", () => {
    expect(programRules(rules, "app", "q")).toMatchObject({
      identifiers: ["*"], hash_identifiers: [], required: false,
      warnings: ["app:q: # and @ need a program pattern; identifiers reset to *", "app:q: required forced to false because start_sequence is 0"],
    });
  });
  test("longest pattern wins; @ beats #; aliases expanded in order", () => {
    // x → k (b.xml replaced the value); then y is not in the list
    expect(programRules(rules, "app", "r_")).toMatchObject({ at_identifiers: ["k"], hash_identifiers: [], warnings: ["app:r_: both # and @ given; # dropped"] });
    expect(programRules(rules, "app", "r_1")).toMatchObject({ identifiers: ["*"] });
  });
});
