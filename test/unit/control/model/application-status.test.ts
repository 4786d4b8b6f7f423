// ST-APP-01..13 and RULE-63: application state, failures with and without formula, operational text.
import { describe, expect, test } from "bun:test";
import {
  type ApplicationStatus,
  ApplicationStates,
  applicationNames,
  applicationStatus,
  formulaError,
} from "../../../../src/control/model/application-status.ts";
import type { ProcessStatus } from "../../../../src/control/model/synthesis.ts";
import type { ProcessStateName } from "../../../../src/process/states.ts";
import { book, cluster, inst, proc } from "./builder.ts";

function ps(app: string, name: string, state: ProcessStateName, expectedExit = true): ProcessStatus {
  return {
    application: app, name, namespec: `${app}:${name}`, state, expectedExit, lastEventMtime: 0, runningOn: [],
    configuredOn: [], extraArgs: "", forcedReason: "", disabled: false, crashed: false,
  };
}

const RULES = book(`
<application name="shop">
  <programs>
    <program name="db"><required>true</required><start_sequence>1</start_sequence></program>
    <program name="web"><start_sequence>2</start_sequence></program>
  </programs>
</application>
<application name="store">
  <operational_status>"db" and any("cache_.*")</operational_status>
</application>
<application name="bad">
  <operational_status>"db" and "cache_.*"</operational_status>
</application>`);

test("ST-APP-01 state numbers", () => {
  expect(ApplicationStates).toEqual({ STOPPED: 0, STARTING: 1, RUNNING: 2, STOPPING: 3, DELETED: 4 });
});

describe("ST-APP-02 state from displayed process states", () => {
  const cases: [ProcessStateName[], ApplicationStatus["state"]][] = [
    [[], "STOPPED"],
    [["STOPPED", "EXITED", "FATAL", "UNKNOWN"], "STOPPED"],
    [["RUNNING", "STOPPED"], "RUNNING"],
    [["RUNNING", "STARTING"], "STARTING"],
    [["RUNNING", "BACKOFF"], "STARTING"],
    [["STARTING", "STOPPING"], "STOPPING"],
    [["RUNNING", "STOPPING", "BACKOFF"], "STOPPING"],
  ];
  test.each(cases)("%p → %s", (states, expected) => {
    const processes = states.map((state, i) => ps("other", `p${i}`, state));
    expect(applicationStatus(RULES, "other", processes).state).toBe(expected);
  });
});

describe("ST-APP-10 failures without formula", () => {
  // shop: db required, web not.
  const cases: [string, ProcessStateName, ProcessStateName, boolean | undefined, boolean, boolean][] = [
    // label, db, web, web expected exit, major, minor
    ["all running", "RUNNING", "RUNNING", true, false, false],
    ["required FATAL", "FATAL", "RUNNING", true, true, false],
    ["required UNKNOWN", "UNKNOWN", "RUNNING", true, true, false],
    ["optional FATAL", "RUNNING", "FATAL", true, false, true],
    ["optional unexpected EXITED", "RUNNING", "EXITED", false, false, true],
    ["optional expected EXITED", "RUNNING", "EXITED", true, false, false],
    ["required STOPPED while the application runs", "STOPPED", "RUNNING", true, true, false],
    ["required STOPPED, application STOPPED", "STOPPED", "STOPPED", true, false, false],
    ["minor cleared by major", "FATAL", "FATAL", true, true, false],
    ["required STOPPED, application STOPPED, optional crashed", "STOPPED", "FATAL", true, false, true],
  ];
  test.each(cases)("%s", (_label, db, web, webExpected, major, minor) => {
    const status = applicationStatus(RULES, "shop", [ps("shop", "db", db), ps("shop", "web", web, webExpected)]);
    expect([status.majorFailure, status.minorFailure]).toEqual([major, minor]);
  });
  test("required EXITED unexpectedly is major", () => {
    const status = applicationStatus(RULES, "shop", [ps("shop", "db", "EXITED", false), ps("shop", "web", "RUNNING")]);
    expect(status.majorFailure).toBe(true);
  });
  test("unmanaged application: no minor failure", () => {
    const status = applicationStatus(RULES, "other", [ps("other", "x", "RUNNING"), ps("other", "y", "FATAL")]);
    expect([status.managed, status.majorFailure, status.minorFailure, status.operational]).toEqual([false, false, false, "Operational"]);
  });
});

describe("ST-APP-11 / RULE-63 failures with formula", () => {
  const store = (db: ProcessStateName, c0: ProcessStateName, c1: ProcessStateName) =>
    applicationStatus(RULES, "store", [ps("store", "db", db), ps("store", "cache_0", c0), ps("store", "cache_1", c1)]);
  const cases: [string, ProcessStateName, ProcessStateName, ProcessStateName, boolean, boolean][] = [
    // label, db, cache_0, cache_1, major, minor
    ["formula true", "RUNNING", "RUNNING", "STOPPED", false, false],
    ["formula false: db down", "STOPPED", "RUNNING", "RUNNING", true, false],
    ["formula false: no cache", "RUNNING", "STOPPED", "STOPPED", true, false],
    ["formula true, a process FATAL → minor", "RUNNING", "RUNNING", "FATAL", false, true],
    ["formula true, expected EXITED counts as up", "RUNNING", "EXITED", "STOPPED", false, false],
    ["formula false: minor not computed", "FATAL", "RUNNING", "FATAL", true, false],
  ];
  test.each(cases)("%s", (_label, db, c0, c1, major, minor) => {
    const status = store(db, c0, c1);
    expect([status.majorFailure, status.minorFailure]).toEqual([major, minor]);
  });
  test("a stopped process does not count as a failure with a formula", () => {
    expect(store("RUNNING", "RUNNING", "STOPPED").minorFailure).toBe(false);
  });
  test("evaluation error → major failure, and the error is available", () => {
    const processes = [ps("bad", "db", "RUNNING"), ps("bad", "cache_0", "RUNNING"), ps("bad", "cache_1", "RUNNING")];
    expect(applicationStatus(RULES, "bad", processes)).toMatchObject({ majorFailure: true, minorFailure: false, operational: "Not Operational" });
    expect(formulaError(RULES, "bad", processes)).toBe(
      "application bad operational_status: the operand at column 10 matches 2 processes: use it inside any() or all()",
    );
  });
  test("no evaluation error text when the formula evaluates, or when there is none", () => {
    expect(formulaError(RULES, "store", [ps("store", "db", "RUNNING"), ps("store", "cache_0", "RUNNING")])).toBeNull();
    expect(formulaError(RULES, "shop", [])).toBeNull();
  });
});

describe("ST-APP-12 operational status text", () => {
  const cases: [ProcessStateName, ProcessStateName, ApplicationStatus["operational"]][] = [
    ["RUNNING", "RUNNING", "Operational"],
    ["RUNNING", "FATAL", "Degraded"],
    ["STOPPED", "RUNNING", "Not Operational"],
    ["STARTING", "FATAL", ""],
    ["STOPPED", "STOPPED", ""],
    ["STOPPING", "RUNNING", ""],
  ];
  test.each(cases)("db %s, web %s → %p", (db, web, text) => {
    expect(applicationStatus(RULES, "shop", [ps("shop", "db", db), ps("shop", "web", web)]).operational).toBe(text);
  });
});

describe("ST-APP-13 managed flag, application names", () => {
  test("managed only when a rule matches", () => {
    expect(applicationStatus(RULES, "shop", []).managed).toBe(true);
    expect(applicationStatus(RULES, "nope", []).managed).toBe(false);
  });
  test("every group known anywhere, sorted", () => {
    const snapshot = cluster([inst("a", [proc("zeta", "x"), proc("alpha", "y")]), inst("b", [proc("mid", "z"), proc("alpha", "y")]), inst("c")]);
    expect(applicationNames(snapshot)).toEqual(["alpha", "mid", "zeta"]);
  });
});
