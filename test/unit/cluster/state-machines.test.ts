// ST-IN and ST-FSM transition tables, row by row, and the FSM chaining of a lone node.
import { describe, expect, test } from "bun:test";
import { FSM_STATE_NAMES, INSTANCE_STATE_NAMES, type FsmState, type InstanceState } from "../../../src/cluster/states.ts";
import { fsmTransitionAllowed, initialState, instanceTransitionAllowed } from "../../../src/cluster/index.ts";
import { logs, options, run, tick } from "./core-helpers.ts";

const INSTANCE_EDGES: [string, InstanceState, InstanceState][] = [
  ["ST-IN-10", "STOPPED", "CHECKING"],
  ["ST-IN-11", "CHECKING", "CHECKED"],
  ["ST-IN-12", "CHECKING", "STOPPED"],
  ["ST-IN-13", "CHECKING", "ISOLATED"],
  ["ST-IN-14", "CHECKED", "RUNNING"],
  ["ST-IN-15", "CHECKING", "FAILED"],
  ["ST-IN-15", "CHECKED", "FAILED"],
  ["ST-IN-15", "RUNNING", "FAILED"],
  ["ST-IN-16", "FAILED", "ISOLATED"],
  ["ST-IN-16", "FAILED", "STOPPED"],
];

describe("ST-IN instance transitions", () => {
  for (const from of INSTANCE_STATE_NAMES) {
    for (const to of INSTANCE_STATE_NAMES) {
      if (from === to) continue;
      const row = INSTANCE_EDGES.find(([, f, t]) => f === from && t === to);
      test(`${row ? row[0] : "refused"}: ${from} → ${to}`, () => {
        expect(instanceTransitionAllowed(from, to)).toBe(row !== undefined);
      });
    }
  }
  test("ST-IN-06 ISOLATED never leaves", () => {
    expect(INSTANCE_STATE_NAMES.filter((to) => instanceTransitionAllowed("ISOLATED", to))).toEqual([]);
  });
});

const FSM_EDGES: Record<FsmState, FsmState[]> = {
  OFF: ["SYNCHRONIZATION"],
  SYNCHRONIZATION: ["OFF", "ELECTION"],
  ELECTION: ["OFF", "SYNCHRONIZATION", "DISTRIBUTION", "SHUTTING_DOWN"],
  DISTRIBUTION: ["OFF", "ELECTION", "OPERATION", "RESTARTING", "SHUTTING_DOWN"],
  OPERATION: ["OFF", "SYNCHRONIZATION", "ELECTION", "CONCILIATION", "RESTARTING", "SHUTTING_DOWN"],
  CONCILIATION: ["OFF", "SYNCHRONIZATION", "ELECTION", "OPERATION", "RESTARTING", "SHUTTING_DOWN"],
  RESTARTING: ["FINAL"],
  SHUTTING_DOWN: ["FINAL"],
  FINAL: [],
};

describe("ST-FSM-10 allowed transitions", () => {
  for (const from of FSM_STATE_NAMES) {
    for (const to of FSM_STATE_NAMES) {
      if (from === to) continue;
      const allowed = FSM_EDGES[from].includes(to);
      test(`${from} → ${to}: ${allowed ? "allowed" : "refused"}`, () => {
        expect(fsmTransitionAllowed(from, to)).toBe(allowed);
      });
    }
  }
});

describe("ST-FSM-11 chained transitions", () => {
  test("a node alone by configuration goes OFF → … → OPERATION within its first tick", () => {
    const { state, effects } = run(initialState(options({ synchroOptions: ["TIMEOUT"] }, []), 0), [tick()]);
    expect(state.fsm).toBe("OPERATION");
    expect(state.master).toBe(state.localId);
    const states = logs(effects).filter((l) => l.startsWith("Supvisors state: ")).map((l) => l.slice(17));
    expect(states).toEqual(["SYNCHRONIZATION", "ELECTION", "DISTRIBUTION", "OPERATION"]);
    expect(effects.filter((e) => e.type === "jobs").map((e) => (e.type === "jobs" ? e.command : ""))).toEqual(["abort", "abort", "startApplications"]);
  });

  test("with other instances declared, the first tick stops in SYNCHRONIZATION and says why", () => {
    const { state } = run(initialState(options(), 0), [tick()]);
    expect(state.fsm).toBe("SYNCHRONIZATION");
    expect(state.waitingFor).toEqual(["STRICT: declared instances not yet RUNNING everywhere: b.host:9001, c.host:9001"]);
    expect(state.degraded).toBe(true);
  });
});
