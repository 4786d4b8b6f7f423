// Whole-cluster scenarios of the control layer: three simulated nodes, each with the real cluster
// core and control engine, simulated processes and network. Named by the spec rows they show.
import { describe, expect, test } from "bun:test";
import { controlCluster, rulesOf, type ClusterSetup, type ControlSim } from "./control-sim.ts";
import type { SimProgram } from "./sim-supervisor.ts";

const NICKS = ["a", "b", "c"];

/** Three nodes on three machines, so node loads are per node (ST-LD-02). */
function makeSim(rules: string, programs: SimProgram[], setup: ClusterSetup = {}): ControlSim {
  return controlCluster(NICKS, rules, programs, setup);
}

const inOperation = (cs: ControlSim) => () => NICKS.every((n) => !cs.sim.node(n).core || cs.sim.fsm(n) === "OPERATION");
const running = (cs: ControlSim, from: string, namespec: string) => () => cs.status(from, namespec)?.state === "RUNNING";

const STORE_RULES = rulesOf(`
  <application name="store">
    <start_sequence>1</start_sequence>
    <programs>
      <program name="db"><start_sequence>1</start_sequence><required>true</required>
        <running_failure_strategy>RESTART_PROCESS</running_failure_strategy></program>
      <program name="migrate"><start_sequence>2</start_sequence><wait_exit>true</wait_exit></program>
      <program pattern="cache_"><start_sequence>3</start_sequence><identifiers>#</identifiers></program>
      <program name="web"><start_sequence>3</start_sequence><identifiers>c,b,a</identifiers>
        <running_failure_strategy>RESTART_PROCESS</running_failure_strategy></program>
    </programs>
  </application>`);

const STORE_PROGRAMS: SimProgram[] = [
  { group: "store", name: "db", startsecs: 0.3 },
  { group: "store", name: "migrate", startsecs: 0.1, runFor: 0.4 },
  ...[0, 1, 2].map((i) => ({ group: "store", name: `cache_${i}`, startsecs: 0.2, programName: "cache", processIndex: i })),
  { group: "store", name: "web", startsecs: 0.2 },
];

describe("automatic start in DISTRIBUTION", () => {
  test("ST-SEQ-10 / ST-SEQ-01 / RULE-46: the start sequence runs in order, # spreads the caches, then OPERATION", () => {
    const cs = makeSim(STORE_RULES, STORE_PROGRAMS);
    cs.waitFor(() => ["cache_0", "cache_1", "cache_2"].every((c) => cs.status("a", `store:${c}`)?.state === "RUNNING"), 20, "caches RUNNING");
    cs.waitFor(inOperation(cs), 25, "OPERATION");
    const first = (ns: string) => cs.starts.find((s) => s.namespec === ns)!.at;
    expect(first("store:db")).toBeLessThan(first("store:migrate"));
    // wait_exit: the caches wait for migrate to exit, not just to run.
    const migrateExit = 0.1 + 0.4;
    expect(first("store:cache_0") - first("store:migrate")).toBeGreaterThanOrEqual(migrateExit);
    expect(["cache_0", "cache_1", "cache_2"].map((c) => cs.runningOn("a", `store:${c}`))).toEqual([["a"], ["b"], ["c"]]);
    expect(cs.runningOn("a", "store:web")).toEqual(["c"]);
    expect(cs.status("a", "store:migrate")!.state).toBe("EXITED");
    expect(cs.violations.concat(cs.sim.violations)).toEqual([]);
  });
});

describe("running failures", () => {
  test("ST-RFS-03 RESTART_PROCESS: web, lost with its node, runs again on the next instance of its list", () => {
    const cs = makeSim(STORE_RULES, STORE_PROGRAMS);
    cs.waitFor(() => cs.runningOn("a", "store:web").length === 1, 20, "web running");
    cs.waitFor(inOperation(cs), 25, "OPERATION");
    expect(cs.runningOn("a", "store:web")).toEqual(["c"]);
    cs.sim.kill("c");
    const killedAt = cs.now;
    const back = cs.waitFor(() => cs.runningOn("a", "store:web").join() === "b", cs.now + 5, "web restarted on b");
    expect(cs.runningOn("a", "store:web")).toEqual(["b"]);
    // Detection (closed link) + one start: well under the 2 s with fast ticks.
    expect(back - killedAt).toBeLessThan(2);
    // RULE-46: cache_2 is bound to c by `#`; it has nowhere else to go.
    expect(cs.runningOn("a", "store:cache_2")).toEqual([]);
    expect(cs.violations).toEqual([]);
  });

  test("ST-RFS-03 on the loss of the Master itself: the new Master restarts what ran there", () => {
    const cs = makeSim(STORE_RULES, STORE_PROGRAMS);
    cs.waitFor(() => cs.runningOn("b", "store:db").length === 1, 20, "db running");
    cs.waitFor(inOperation(cs), 25, "OPERATION");
    expect(cs.sim.master("b")).toBe("a");
    // CONFIG: db goes to the first instance of `*`, the Master here.
    expect(cs.runningOn("b", "store:db")).toEqual(["a"]);
    cs.sim.kill("a");
    cs.waitFor(() => cs.sim.master("b") === "b", cs.now + 5, "b elected");
    expect(cs.runningOn("b", "store:db")).toEqual([]);
    cs.waitFor(() => cs.runningOn("b", "store:db").length === 1, cs.now + 10, "db back");
    expect(cs.runningOn("b", "store:db")).not.toContain("a");
    expect(cs.violations).toEqual([]);
  });
});

describe("starting failures", () => {
  const rules = (strategy: string) =>
    rulesOf(`
  <application name="app">
    <start_sequence>1</start_sequence>
    <starting_failure_strategy>${strategy}</starting_failure_strategy>
    <programs>
      <program name="first"><start_sequence>1</start_sequence></program>
      <program name="broken"><start_sequence>2</start_sequence><required>true</required><identifiers>a</identifiers></program>
      <program name="last"><start_sequence>3</start_sequence></program>
    </programs>
  </application>`);
  const programs: SimProgram[] = [
    { group: "app", name: "first", startsecs: 0.1 },
    { group: "app", name: "broken", startsecs: 0.1, failStart: true },
    { group: "app", name: "last", startsecs: 0.1 },
  ];

  test("ST-SFS-01 ABORT: the groups after the failed required process are dropped", () => {
    const cs = makeSim(rules("ABORT"), programs);
    cs.waitFor(() => cs.status("a", "app:broken")?.state === "FATAL", 20, "broken FATAL");
    cs.waitFor(inOperation(cs), 25, "OPERATION");
    expect(cs.status("a", "app:first")!.state).toBe("RUNNING");
    expect(cs.starts.some((s) => s.namespec === "app:last")).toBe(false);
  });

  test("ST-SFS-02 STOP: the application is stopped once current jobs are done", () => {
    const cs = makeSim(rules("STOP"), programs);
    cs.waitFor(() => cs.status("a", "app:broken")?.state === "FATAL", 20, "broken FATAL");
    cs.waitFor(() => cs.status("a", "app:first")?.state === "STOPPED", cs.now + 5, "first stopped");
    expect(cs.starts.some((s) => s.namespec === "app:last")).toBe(false);
  });

  test("ST-SFS-03 CONTINUE: the sequence goes on", () => {
    const cs = makeSim(rules("CONTINUE"), programs);
    cs.waitFor(running(cs, "a", "app:last"), 20, "last RUNNING");
    expect(cs.status("a", "app:broken")!.state).toBe("FATAL");
  });
});

describe("loads and strategies", () => {
  const rules = (strategy: string) =>
    rulesOf(`
  <application name="farm">
    <starting_strategy>${strategy}</starting_strategy>
    <programs>
      <program pattern="job_"><expected_loading>30</expected_loading><start_sequence>1</start_sequence></program>
    </programs>
  </application>`);
  const programs: SimProgram[] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => ({ group: "farm", name: `job_${i}`, startsecs: 0.05 }));

  for (const strategy of ["CONFIG", "LESS_LOADED", "MOST_LOADED", "LESS_LOADED_NODE", "MOST_LOADED_NODE"]) {
    test(`ST-LD-04 / ST-STR ${strategy}: never beyond 100 %, the rest forced FATAL (No resource available)`, () => {
      const cs = makeSim(rules(strategy), programs);
      cs.waitFor(inOperation(cs), 20, "OPERATION");
      const id = cs.request("a", { kind: "startApplication", strategy: strategy as never, application: "farm", wait: true });
      cs.waitFor(() => cs.reply(id) !== undefined, cs.now + 10, "start_application reply");
      const statuses = cs.statuses("a").filter((s) => s.application === "farm");
      const perNode = new Map<string, number>();
      for (const s of statuses) for (const on of s.runningOn) perNode.set(on, (perNode.get(on) ?? 0) + 1);
      // 3 × 30 % per machine: 9 jobs run, the tenth has no resource.
      expect([...perNode.values()].every((n) => n <= 3)).toBe(true);
      expect(statuses.filter((s) => s.state === "RUNNING").length).toBe(9);
      const fatal = statuses.filter((s) => s.state === "FATAL");
      expect(fatal.map((s) => s.forcedReason)).toEqual(["No resource available"]);
      expect(cs.violations).toEqual([]);
    });
  }
});

describe("conciliation", () => {
  const rules = rulesOf(`
  <application name="svc">
    <programs><program name="unique"><running_failure_strategy>RESTART_PROCESS</running_failure_strategy></program></programs>
  </application>`);
  const programs: SimProgram[] = [{ group: "svc", name: "unique", startsecs: 0.05 }];

  for (const [strategy, survivors] of [
    ["SENICIDE", 1],
    ["INFANTICIDE", 1],
    ["STOP", 0],
    ["RESTART", 1],
    ["RUNNING_FAILURE", 1],
  ] as const) {
    test(`ST-CON ${strategy}: a process started by hand on two nodes ends with ${survivors} copy`, () => {
      const cs = makeSim(rules, programs, { conciliationStrategy: strategy });
      cs.waitFor(inOperation(cs), 20, "OPERATION");
      cs.supervisor("a").start("svc:unique", "");
      cs.sim.runUntil(cs.now + 0.5);
      cs.supervisor("b").start("svc:unique", "");
      cs.waitFor(() => cs.sim.fsm("a") === "CONCILIATION", cs.now + 5, "CONCILIATION");
      cs.waitFor(() => cs.sim.fsm("a") === "OPERATION" && cs.runningOn("a", "svc:unique").length === survivors, cs.now + 10, "conflict resolved");
      if (strategy === "SENICIDE") expect(cs.runningOn("a", "svc:unique")).toEqual(["b"]);
      if (strategy === "INFANTICIDE") expect(cs.runningOn("a", "svc:unique")).toEqual(["a"]);
    });
  }

  test("ST-CON-06 RUNNING_FAILURE with 5 s ticks: the restart follows the stop at once, not at the next tick", () => {
    const cs = makeSim(rules, programs, { conciliationStrategy: "RUNNING_FAILURE", base: { tickPeriod: 5, inactivityTicks: 2 } });
    cs.waitFor(inOperation(cs), 40, "OPERATION");
    cs.supervisor("a").start("svc:unique", "");
    cs.sim.runUntil(cs.now + 0.5);
    cs.supervisor("b").start("svc:unique", "");
    const conflictAt = cs.now;
    const restarted = () => cs.starts.some((s) => s.namespec === "svc:unique" && s.at > conflictAt);
    const back = cs.waitFor(() => restarted() && cs.status("a", "svc:unique")?.state === "RUNNING", cs.now + 10, "one copy started again");
    expect(cs.runningOn("a", "svc:unique").length).toBe(1);
    // Stops take 0.05 s and a start 0.05 s here: well under one tick.
    expect(back - conflictAt).toBeLessThan(1);
  });

  test("ST-CON-03 USER: the conflict stays until conciliate is called", () => {
    const cs = makeSim(rules, programs, { conciliationStrategy: "USER" });
    cs.waitFor(inOperation(cs), 20, "OPERATION");
    cs.supervisor("a").start("svc:unique", "");
    cs.supervisor("c").start("svc:unique", "");
    cs.waitFor(() => cs.sim.fsm("a") === "CONCILIATION", cs.now + 5, "CONCILIATION");
    cs.sim.runUntil(cs.now + 3);
    expect(cs.runningOn("a", "svc:unique").sort()).toEqual(["a", "c"]);
    const id = cs.request("b", { kind: "conciliate", strategy: "INFANTICIDE" });
    cs.waitFor(() => cs.sim.fsm("a") === "OPERATION", cs.now + 5, "OPERATION again");
    expect(cs.reply(id)).toEqual({ ok: true, value: true });
    expect(cs.runningOn("a", "svc:unique").length).toBe(1);
  });
});
