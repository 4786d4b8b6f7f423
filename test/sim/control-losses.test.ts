// Whole-cluster scenarios: a node lost while the control layer is in the middle of something — a
// start sequence (ST-SEQ-30 with the starting failure strategies ST-SFS-01..03), the resolution of
// a conflict (ST-CON-01/05), or a conflict left to the user when the Master dies (ST-FSM-10/13).
// Named by the spec rows they show; `test.failing` pins an engine bug or gap reported.
import { describe, expect, test } from "bun:test";
import { jobsOf } from "../../src/control/engine/index.ts";
import { ProcessStates } from "../../src/process/states.ts";
import { type ControlSim, controlCluster, rulesOf } from "./control-sim.ts";
import type { SimProgram } from "./sim-supervisor.ts";

const NICKS = ["a", "b", "c"];

const inOperation = (cs: ControlSim) => () => NICKS.every((n) => !cs.sim.node(n).alive || cs.sim.fsm(n) === "OPERATION");
const startsOf = (cs: ControlSim, namespec: string) => cs.starts.filter((s) => s.namespec === namespec);
const starterIdle = (cs: ControlSim, nick: string) => () => !jobsOf(cs.control(nick)).starting && !jobsOf(cs.control(nick)).stopping;

/**
 * `remote`, required, is the slow start of group 2, on `remoteOn` first; `base` (group 1) and `side`
 * (group 2) run on b, `tail` (group 3) on b. RESTART_PROCESS on `remote` shows that a process whose
 * start order was dropped is not also handled as a running failure (ST-SEQ-30).
 */
function chainRules(strategy: string, autoStart: boolean, remoteOn: string): string {
  return rulesOf(`
  <application name="chain">
    <start_sequence>${autoStart ? 1 : 0}</start_sequence>
    <starting_failure_strategy>${strategy}</starting_failure_strategy>
    <programs>
      <program name="base"><start_sequence>1</start_sequence><identifiers>b</identifiers></program>
      <program name="remote"><start_sequence>2</start_sequence><required>true</required><identifiers>${remoteOn}</identifiers>
        <running_failure_strategy>RESTART_PROCESS</running_failure_strategy></program>
      <program name="side"><start_sequence>2</start_sequence><identifiers>b</identifiers></program>
      <program name="tail"><start_sequence>3</start_sequence><identifiers>b</identifiers></program>
    </programs>
  </application>`);
}

const CHAIN_PROGRAMS: SimProgram[] = [
  { group: "chain", name: "base", startsecs: 0.2 },
  { group: "chain", name: "remote", startsecs: 3 },
  { group: "chain", name: "side", startsecs: 0.2 },
  { group: "chain", name: "tail", startsecs: 0.2 },
];

/** Runs until `by`, which ordered `remote` on `where`, sees it STARTING there; then kills `where`. */
function killWhileStarting(cs: ControlSim, by: string, where: string, deadline: number): void {
  cs.waitFor(() => cs.supervisor(where).state("chain:remote") === ProcessStates.STARTING && cs.runningOn(by, "chain:remote").includes(where), deadline, `remote STARTING on ${where}`);
  expect(startsOf(cs, "chain:remote").map((s) => `${s.by}>${s.on}`)).toEqual([`${by}>${where}`]);
  expect(cs.starts.some((s) => s.namespec === "chain:tail")).toBe(false);
  cs.sim.kill(where);
}

describe("ST-SEQ-30: node lost during a start sequence", () => {
  test("ABORT in DISTRIBUTION: the dropped order is a start failure, the sequence ends, OPERATION; the node back completes the application", () => {
    const cs = controlCluster(NICKS, chainRules("ABORT", true, "c,b"), CHAIN_PROGRAMS);
    killWhileStarting(cs, "a", "c", 20);
    cs.waitFor(() => cs.sim.fsm("a") === "OPERATION", cs.now + 5, "OPERATION after the loss");
    expect(jobsOf(cs.control("a")).starting).toBe(false);
    // ABORT: group 3 dropped; the lost start is no running failure: not restarted on b.
    expect(startsOf(cs, "chain:tail")).toEqual([]);
    expect(startsOf(cs, "chain:remote").map((s) => s.on)).toEqual(["c"]);
    expect(cs.status("a", "chain:remote")!.state).toBe("FATAL");
    expect(cs.status("a", "chain:base")!.state).toBe("RUNNING");
    expect(cs.status("a", "chain:side")!.state).toBe("RUNNING");
    expect(cs.status("a", "chain:remote")!.runningOn).toEqual([]);
    // c comes back: ELECTION, DISTRIBUTION, and the application in major failure is started again.
    cs.start("c");
    cs.waitFor(() => cs.status("a", "chain:tail")?.state === "RUNNING" && cs.status("a", "chain:remote")?.state === "RUNNING", cs.now + 20, "chain complete");
    cs.waitFor(inOperation(cs), cs.now + 5, "OPERATION");
    expect(cs.runningOn("a", "chain:remote")).toEqual(["c"]);
    expect(startsOf(cs, "chain:base").length).toBe(1);
    expect(cs.violations.concat(cs.sim.violations)).toEqual([]);
  });

  test("CONTINUE in DISTRIBUTION: the sequence goes on past the lost start", () => {
    const cs = controlCluster(NICKS, chainRules("CONTINUE", true, "c,b"), CHAIN_PROGRAMS);
    killWhileStarting(cs, "a", "c", 20);
    cs.waitFor(() => cs.status("a", "chain:tail")?.state === "RUNNING", cs.now + 5, "tail RUNNING");
    cs.waitFor(() => cs.sim.fsm("a") === "OPERATION", cs.now + 5, "OPERATION");
    expect(startsOf(cs, "chain:remote").map((s) => s.on)).toEqual(["c"]);
    expect(cs.status("a", "chain:remote")!.state).toBe("FATAL");
    expect(cs.violations.concat(cs.sim.violations)).toEqual([]);
  });

  test("STOP on start_application: the waiting request is answered, the application stopped, the lost start not retried", () => {
    const cs = controlCluster(NICKS, chainRules("STOP", false, "c,b"), CHAIN_PROGRAMS);
    cs.waitFor(inOperation(cs), 20, "OPERATION");
    const id = cs.request("a", { kind: "startApplication", strategy: "CONFIG", application: "chain", wait: true });
    killWhileStarting(cs, "a", "c", cs.now + 5);
    cs.waitFor(() => cs.reply(id) !== undefined, cs.now + 5, "start_application reply");
    expect(cs.reply(id)).toEqual({ ok: false, fault: "NOT_RUNNING", detail: "chain" });
    expect(starterIdle(cs, "a")()).toBe(true);
    for (const name of ["base", "side"]) expect(cs.status("a", `chain:${name}`)!.state).toBe("STOPPED");
    expect(startsOf(cs, "chain:tail")).toEqual([]);
    cs.sim.runUntil(cs.now + 3);
    // ST-SEQ-30: no running failure strategy (RESTART_PROCESS) on the process whose order was dropped.
    expect(startsOf(cs, "chain:remote").length).toBe(1);
    expect(cs.violations.concat(cs.sim.violations)).toEqual([]);
  });

  test("STOP on start_application sent to a slave: the application still ends stopped and the request answered", () => {
    const cs = controlCluster(NICKS, chainRules("STOP", false, "c,b"), CHAIN_PROGRAMS);
    cs.waitFor(inOperation(cs), 20, "OPERATION");
    const id = cs.request("b", { kind: "startApplication", strategy: "CONFIG", application: "chain", wait: true });
    killWhileStarting(cs, "b", "c", cs.now + 5);
    cs.waitFor(() => cs.reply(id) !== undefined, cs.now + 5, "start_application reply");
    cs.sim.runUntil(cs.now + 3);
    expect(cs.reply(id)).toEqual({ ok: false, fault: "NOT_RUNNING", detail: "chain" });
    for (const name of ["base", "remote", "side", "tail"]) expect(cs.status("a", `chain:${name}`)!.state).toBe("STOPPED");
    expect(cs.settledProblems()).toEqual([]);
    expect(cs.violations.concat(cs.sim.violations)).toEqual([]);
  });

  // Engine gap (reported): the Master only knows its own jobs, so a start order dropped on a slave's
  // job is also a running failure for it (RESTART_PROCESS starts `remote` again on b, which b's STOP
  // then undoes). ST-SEQ-30 holds on the node that runs the job, not across nodes. The kill waits
  // until the Master has seen `remote` STARTING on c: earlier, the Master knows nothing to restart
  // and the test passed or failed with the timing of the process events.
  test.failing("ST-SEQ-30 across nodes: a start dropped in a slave's job is not restarted by the Master", () => {
    const cs = controlCluster(NICKS, chainRules("STOP", false, "c,b"), CHAIN_PROGRAMS);
    cs.waitFor(inOperation(cs), 20, "OPERATION");
    cs.request("b", { kind: "startApplication", strategy: "CONFIG", application: "chain", wait: true });
    cs.waitFor(() => cs.runningOn("a", "chain:remote").includes("c"), cs.now + 5, "remote seen STARTING on c by the Master");
    killWhileStarting(cs, "b", "c", cs.now + 5);
    cs.sim.runUntil(cs.now + 5);
    expect(startsOf(cs, "chain:remote").map((s) => `${s.by}>${s.on}`)).toEqual(["b>c"]);
  });

  test("the Master itself, hosting the current group, is lost: the new Master completes the start elsewhere", () => {
    const cs = controlCluster(NICKS, chainRules("ABORT", true, "a,b"), CHAIN_PROGRAMS);
    killWhileStarting(cs, "a", "a", 20);
    cs.waitFor(() => cs.sim.master("b") === "b", cs.now + 5, "b elected");
    cs.waitFor(() => cs.status("b", "chain:tail")?.state === "RUNNING" && cs.status("b", "chain:remote")?.state === "RUNNING", cs.now + 20, "chain complete");
    cs.waitFor(inOperation(cs), cs.now + 5, "OPERATION");
    expect(cs.runningOn("b", "chain:remote")).toEqual(["b"]);
    expect(startsOf(cs, "chain:remote").map((s) => `${s.by}>${s.on}`)).toEqual(["a>a", "b>b"]);
    expect(startsOf(cs, "chain:base").length).toBe(1);
    expect(cs.violations.concat(cs.sim.violations)).toEqual([]);
  });
});

describe("ST-CON: node lost during conciliation", () => {
  const rules = rulesOf(`
  <application name="svc">
    <programs><program name="unique"><running_failure_strategy>RESTART_PROCESS</running_failure_strategy></program></programs>
  </application>`);
  // Slow stops: the conflict is still being resolved when the node dies.
  const programs: SimProgram[] = [{ group: "svc", name: "unique", startsecs: 0.05, stopDelay: 1.5 }];

  /** `unique` started by hand on `older` then `younger`; returns once the Master conciliates. */
  function conflict(strategy: "SENICIDE" | "RESTART", older: string, younger: string): ControlSim {
    const cs = controlCluster(NICKS, rules, programs, { conciliationStrategy: strategy });
    cs.waitFor(inOperation(cs), 20, "OPERATION");
    cs.supervisor(older).start("svc:unique", "");
    cs.sim.runUntil(cs.now + 0.5);
    cs.supervisor(younger).start("svc:unique", "");
    const copies = strategy === "RESTART" ? 2 : 1;
    cs.waitFor(() => cs.stops.filter((s) => s.namespec === "svc:unique").length === copies, cs.now + 5, "conciliation stop orders");
    expect(cs.sim.fsm("a")).toBe("CONCILIATION");
    return cs;
  }

  const settled = (cs: ControlSim, copies: number) => () =>
    cs.sim.fsm("a") === "OPERATION" && cs.runningOn("a", "svc:unique").length === copies && cs.status("a", "svc:unique")?.state === "RUNNING";

  test("SENICIDE, the node of the copy being stopped dies: the young copy stays alone", () => {
    const cs = conflict("SENICIDE", "c", "b");
    expect(cs.stops.map((s) => s.on)).toEqual(["c"]);
    cs.sim.kill("c");
    cs.waitFor(settled(cs, 1), cs.now + 10, "one copy, OPERATION");
    expect(cs.runningOn("a", "svc:unique")).toEqual(["b"]);
    cs.sim.runUntil(cs.now + 3);
    expect(cs.settledProblems()).toEqual([]);
    expect(cs.violations.concat(cs.sim.violations)).toEqual([]);
  });

  test("SENICIDE, the node of the kept copy dies while the other stops: lost, restarted once the stop is over (RESTART_PROCESS)", () => {
    const cs = conflict("SENICIDE", "c", "b");
    // Once the Master sees the old copy STOPPING, the young one is the only one running: its loss
    // leaves the process running nowhere (ST-IN-17), a running failure (ST-RFS-01 a).
    const seenStopping = () => cs.sim.state("a").instances.get(cs.id("c"))?.processes.get("svc:unique")?.state === ProcessStates.STOPPING;
    cs.waitFor(seenStopping, cs.now + 2, "old copy seen STOPPING");
    cs.sim.kill("b");
    cs.waitFor(settled(cs, 1), cs.now + 10, "one copy, OPERATION");
    cs.sim.runUntil(cs.now + 3);
    expect(cs.runningOn("a", "svc:unique")).toEqual(["a"]);
    expect(cs.starts.filter((s) => s.namespec === "svc:unique").map((s) => `${s.by}>${s.on}`)).toEqual(["a>a"]);
    expect(cs.settledProblems()).toEqual([]);
    expect(cs.violations.concat(cs.sim.violations)).toEqual([]);
  });

  // Engine gap (reported): lost before the Master saw the old copy STOPPING, the kept copy is not
  // "left running nowhere" (ST-IN-17 looks at the old copy, still RUNNING then), so no running
  // failure strategy applies and the stop of the old copy then leaves the process running nowhere.
  test.failing("SENICIDE, the kept copy's node dies before the stop is seen: the process still ends with one copy", () => {
    const cs = conflict("SENICIDE", "c", "b");
    cs.sim.kill("b");
    cs.sim.runUntil(cs.now + 6);
    expect(cs.runningOn("a", "svc:unique").length).toBe(1);
  });

  test("RESTART, a node holding a copy dies during the stop phase: one copy started again", () => {
    const cs = conflict("RESTART", "b", "c");
    expect(cs.stops.map((s) => s.on).sort()).toEqual(["b", "c"]);
    const before = cs.starts.length;
    cs.sim.kill("c");
    cs.waitFor(settled(cs, 1), cs.now + 10, "one copy, OPERATION");
    cs.sim.runUntil(cs.now + 3);
    expect(cs.runningOn("a", "svc:unique").length).toBe(1);
    expect(cs.runningOn("a", "svc:unique")).not.toContain("c");
    expect(cs.starts.length).toBe(before + 1);
    expect(cs.settledProblems()).toEqual([]);
    expect(cs.violations.concat(cs.sim.violations)).toEqual([]);
  });

  // Engine bug (reported): a slave in CONCILIATION whose Master is lost asks for ELECTION (ST-FSM-13),
  // which ST-FSM-10 does not allow from CONCILIATION: it stays in CONCILIATION without a Master
  // for ever, and a Master coming back then waits in ELECTION for it, also for ever.
  test("the Master dies while the cluster is in CONCILIATION (USER): the others elect a new Master", () => {
    const cs = controlCluster(NICKS, rules, [{ group: "svc", name: "unique", startsecs: 0.05 }], { conciliationStrategy: "USER" });
    cs.waitFor(inOperation(cs), 20, "OPERATION");
    cs.supervisor("b").start("svc:unique", "");
    cs.supervisor("c").start("svc:unique", "");
    cs.waitFor(() => NICKS.every((n) => cs.sim.fsm(n) === "CONCILIATION"), cs.now + 5, "CONCILIATION everywhere");
    cs.sim.kill("a");
    cs.start("a");
    cs.waitFor(() => NICKS.every((n) => cs.sim.master(n) !== "" && cs.sim.fsm(n) === "CONCILIATION"), cs.now + 15, "a Master again, conflict waiting for the user");
  });
});
