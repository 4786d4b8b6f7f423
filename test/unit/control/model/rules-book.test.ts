// RulesBook: cached effective rules, warnings reported once with file and line, formulas compiled
// once (RULE-29), the application `#` name check (RULE-45) and the no-rules-file defaults (RULE-50/51).
import { describe, expect, test } from "bun:test";
import { RulesBook, applicationIndex } from "../../../../src/control/model/rules-book.ts";
import { RULES_FILE, book } from "./builder.ts";

const RULES = `
<application name="store">
  <start_sequence>1</start_sequence>
  <starting_failure_strategy>STOP</starting_failure_strategy>
  <operational_status>"db" and any("cache_.*")</operational_status>
  <programs>
    <program name="db"><required>true</required><start_sequence>1</start_sequence></program>
    <program name="lazy"><required>true</required></program>
  </programs>
</application>
<application pattern="broken_">
  <operational_status>"a" ==</operational_status>
</application>
<application pattern="desk">
  <identifiers>#,c1,c2</identifiers>
  <start_sequence>3</start_sequence>
</application>`;

describe("RulesBook", () => {
  test("application and program rules are computed once and cached", () => {
    const rules = book(RULES, "LESS_LOADED");
    const store = rules.application("store");
    expect(rules.application("store")).toBe(store);
    expect([store.managed, store.starting_strategy, store.start_sequence]).toEqual([true, "LESS_LOADED", 1]);
    const db = rules.program("store", "db");
    expect(rules.program("store", "db")).toBe(db);
    // RULE-39a: the program inherits the application's starting failure strategy.
    expect([db.required, db.starting_failure_strategy, db.running_failure_strategy]).toEqual([true, "STOP", "CONTINUE"]);
    expect(rules.optionStrategy).toBe("LESS_LOADED");
  });

  test("RULE-37 correction reported once, with the program's file and line, then drained", () => {
    const rules = book(RULES);
    expect(rules.program("store", "lazy").required).toBe(false);
    rules.program("store", "lazy");
    expect(rules.warnings()).toEqual([`${RULES_FILE}:9: store:lazy: required forced to false because start_sequence is 0`]);
    expect(rules.warnings()).toEqual([]);
  });

  test("RULE-29: a formula is compiled once and shared", () => {
    const rules = book(RULES);
    const formula = rules.formula("store");
    expect(formula?.text).toBe(`"db" and any("cache_.*")`);
    expect(rules.formula("store")).toBe(formula);
    expect(rules.formula("other")).toBeNull();
    expect(rules.warnings()).toEqual([]);
  });

  test("RULE-29: a syntax error is reported once and the formula ignored", () => {
    const rules = book(RULES);
    expect(rules.formula("broken_1")).toBeNull();
    expect(rules.formula("broken_1")).toBeNull();
    expect(rules.formula("broken_2")).toBeNull(); // same rule by pattern: same text, no second report
    expect(rules.warnings()).toEqual([
      `${RULES_FILE}:12: application broken_1 operational_status: expected "and", "or" or the end of the formula, found "==" at column 5; formula ignored`,
    ]);
  });

  test("RULE-45: an application using # must be named …-N or …_N", () => {
    const rules = book(RULES);
    expect(rules.application("desk_2").start_sequence).toBe(3);
    expect(rules.application("desk-01").start_sequence).toBe(3);
    expect(rules.warnings()).toEqual([]);
    const wrong = rules.application("desk_0");
    expect(wrong.start_sequence).toBe(0);
    expect(wrong.stop_sequence).toBe(3); // Supvisors sets stop_sequence from start_sequence before the check
    expect(rules.application("desktop").start_sequence).toBe(0);
    expect(rules.warnings()).toEqual([
      `${RULES_FILE}:15: application desk_0: # needs a name ending with -N or _N (N ≥ 1); start_sequence reset to 0`,
      `${RULES_FILE}:15: application desktop: # needs a name ending with -N or _N (N ≥ 1); start_sequence reset to 0`,
    ]);
  });

  const indexes: [string, number | null][] = [
    ["desk_1", 0],
    ["desk-3", 2],
    ["desk_007", 6],
    ["desk_0", null],
    ["desk", null],
    ["desk_1a", null],
    ["a_b-12", 11],
  ];
  test.each(indexes)("RULE-45 index of %p is %p", (name, index) => {
    expect(applicationIndex(name)).toBe(index);
  });

  test("RULE-50/51: no rules file — unmanaged, CONFIG, raw stop_sequence -1", () => {
    const rules = RulesBook.empty("MOST_LOADED");
    expect(rules.noRulesFile).toBe(true);
    expect(rules.application("any")).toEqual({
      managed: false, distribution: "ALL_INSTANCES", identifiers: ["*"], hash_identifiers: [], at_identifiers: [],
      start_sequence: 0, stop_sequence: -1, starting_strategy: "CONFIG", starting_failure_strategy: "ABORT",
      running_failure_strategy: "CONTINUE", operational_status: null,
    });
    expect(rules.program("any", "p")).toMatchObject({ identifiers: ["*"], start_sequence: 0, stop_sequence: -1, expected_loading: 0, required: false });
    expect(rules.formula("any")).toBeNull();
  });

  test("RULE-50: with a rules file, an unmatched group is unmanaged with the option's strategy", () => {
    const rules = book(RULES, "LOCAL");
    expect(rules.noRulesFile).toBe(false);
    expect(rules.application("other")).toMatchObject({ managed: false, starting_strategy: "LOCAL", stop_sequence: 0 });
    expect(rules.program("other", "p").stop_sequence).toBe(0);
  });
});
