// ST-IN and ST-FSM transition tables, row by row, and the FSM chaining of a lone node.
import { describe, expect, test } from "bun:test";
import { FSM_STATE_NAMES, INSTANCE_STATE_NAMES, type FsmState, type InstanceState } from "../../../src/cluster/states.ts";
import { fsmTransitionAllowed, initialState, instanceTransitionAllowed, step } from "../../../src/cluster/index.ts";
import { afterFirstTick, craft, logs, options, run, tick } from "./core-helpers.ts";

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

describe("ST-FSM-12 local instance lost", () => {
  // Supvisors words it for SYNCHRONIZATION onwards; from an ending state (RESTARTING,
  // SHUTTING_DOWN) any consistency failure leads to FINAL instead, as ST-FSM-10 allows nothing else.
  const cases: Array<[FsmState, FsmState]> = [
    ["SYNCHRONIZATION", "OFF"],
    ["ELECTION", "OFF"],
    ["DISTRIBUTION", "OFF"],
    ["OPERATION", "OFF"],
    ["CONCILIATION", "OFF"],
    ["RESTARTING", "FINAL"],
    ["SHUTTING_DOWN", "FINAL"],
  ];
  const stopped = (fsm: FsmState) => {
    const base = afterFirstTick();
    return craft(base, { fsm, master: base.localId }, { [base.localId]: { state: "STOPPED" } });
  };
  for (const [from, to] of cases) {
    test(`${from}, local instance STOPPED → ${to}, with a critical log`, () => {
      // Any evaluation applies the rule: a control-layer change re-evaluates without ticking.
      const r = step(stopped(from), { type: "control", view: {} }, 5);
      expect(r.state.fsm).toBe(to);
      expect(logs(r.effects, "critical")).toContain("the local instance is not RUNNING");
      // Nothing further chains from there while the local instance stays down.
      expect(logs(r.effects).filter((l) => l.startsWith("Supvisors state: "))).toEqual([`Supvisors state: ${to}`]);
    });
  }

  test("OFF and FINAL are left as they are", () => {
    for (const fsm of ["OFF", "FINAL"] as const) {
      const r = step(stopped(fsm), { type: "control", view: {} }, 5);
      expect(r.state.fsm).toBe(fsm);
      expect(logs(r.effects, "critical")).not.toContain("the local instance is not RUNNING");
    }
  });

  test("a local instance found FAILED is invalidated (STOPPED) and the FSM goes OFF in the same step", () => {
    const base = afterFirstTick();
    const failed = craft(base, { fsm: "OPERATION", master: base.localId }, { [base.localId]: { state: "FAILED" } });
    const r = step(failed, { type: "control", view: {} }, 5);
    expect(r.state.instances.get(base.localId)!.state).toBe("STOPPED");
    expect(r.state.fsm).toBe("OFF");
    expect(logs(r.effects, "critical")).toEqual(["local instance is not operational", "the local instance is not RUNNING"]);
  });

  test("a RUNNING local instance keeps its state: the rule does not fire", () => {
    const base = afterFirstTick();
    expect(base.instances.get(base.localId)!.state).toBe("RUNNING");
    const r = step(craft(base, { fsm: "SYNCHRONIZATION" }), { type: "control", view: {} }, 5);
    expect(r.state.fsm).toBe("SYNCHRONIZATION");
    expect(logs(r.effects, "critical")).toEqual([]);
  });

  test("back OFF, the next local tick checks the local instance again and resynchronizes", () => {
    const down = step(stopped("OPERATION"), { type: "control", view: {} }, 5).state;
    expect(down.fsm).toBe("OFF");
    const r = run(down, [tick()], 6);
    expect(r.state.instances.get(down.localId)!.state).toBe("RUNNING");
    expect(r.state.fsm).toBe("SYNCHRONIZATION");
  });
});
