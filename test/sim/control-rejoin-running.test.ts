// Whole-cluster scenario of issue 11 point 3 (b): a node killed (kill -9) and restarted comes back
// while two applications run well and the machine has no load left. Its return sends the cluster
// through ELECTION and DISTRIBUTION again (ST-FSM-15); that DISTRIBUTION must leave the running
// applications alone: they neither look failed because of the newcomer's reports, nor are their
// running processes stopped by a plan that cannot be placed.
import { describe, expect, test } from "bun:test";
import { ProcessStates } from "../../src/process/states.ts";
import { type ControlSim, controlCluster, rulesOf } from "./control-sim.ts";
import type { SimProgram } from "./sim-supervisor.ts";

const NICKS = ["a", "b", "c"];
const APPS = ["one", "two"];

// Each application: a required one-shot (wait_exit) then a required service, on one instance, the
// whole application stopped if a required process cannot start (STOP). The three instances share
// one machine: the two applications take 95 % of it. `spare:hog` is only ever started by hand.
const RULES = rulesOf(
  APPS.map(
    (app) => `
  <application name="${app}">
    <start_sequence>1</start_sequence>
    <distribution>SINGLE_INSTANCE</distribution>
    <starting_failure_strategy>STOP</starting_failure_strategy>
    <programs>
      <program name="init"><start_sequence>1</start_sequence><required>true</required><wait_exit>true</wait_exit></program>
      <program name="svc"><start_sequence>2</start_sequence><required>true</required><expected_loading>45</expected_loading></program>
      <program name="helper"><start_sequence>2</start_sequence><required>true</required><expected_loading>${app === "one" ? 5 : 0}</expected_loading></program>
    </programs>
  </application>`,
  ).join("") +
    `
  <application name="spare">
    <programs><program name="hog"><expected_loading>10</expected_loading></program></programs>
  </application>`,
);

const PROGRAMS: SimProgram[] = APPS.flatMap((app) => [
  { group: app, name: "init", startsecs: 0, runFor: 0.3 },
  { group: app, name: "svc", startsecs: 0.5 },
  { group: app, name: "helper", startsecs: 0.5 },
]).concat([{ group: "spare", name: "hog", startsecs: 0.1 }]);

const MACHINES = { a: "m", b: "m", c: "m" };

const inOperation = (cs: ControlSim) => () => NICKS.every((nick) => cs.sim.node(nick).alive && cs.sim.fsm(nick) === "OPERATION");

/**
 * Both applications RUNNING without failure, `before` run on the cluster (a crash…), then `victim`
 * killed and started again.
 */
function killAndRejoin(victim: string, seed: number, before: (cs: ControlSim) => void = () => {}): { cs: ControlSim; startsBefore: number } {
  const cs = controlCluster(NICKS, RULES, PROGRAMS, { machines: MACHINES, seed });
  cs.waitFor(() => APPS.every((app) => cs.status("a", `${app}:svc`)?.state === "RUNNING") && inOperation(cs)(), 20, "applications RUNNING");
  cs.sim.runUntil(cs.now + 2);
  for (const app of APPS) {
    expect(cs.status("a", `${app}:init`)!.state).toBe("EXITED");
    expect(cs.control("a").table.applications.get(app)!.status).toMatchObject({ state: "RUNNING", majorFailure: false, minorFailure: false });
  }
  before(cs);
  const startsBefore = cs.starts.length;
  cs.sim.kill(victim);
  cs.sim.runUntil(cs.now + 1);
  cs.start(victim);
  // Back: CHECKED, then ELECTION and DISTRIBUTION again, then OPERATION.
  cs.waitFor(() => cs.sim.node("a").fsmHistory.filter((h) => h.fsm === "DISTRIBUTION").length >= 2, cs.now + 10, "DISTRIBUTION again");
  cs.waitFor(inOperation(cs), cs.now + 10, "OPERATION again");
  cs.sim.runUntil(cs.now + 3);
  return { cs, startsBefore };
}

describe("a node killed and restarted while applications run with no load left", () => {
  for (const [victim, seed] of [["c", 1], ["b", 2], ["c", 3]] as const) {
    test(`the DISTRIBUTION of its return neither replans nor stops the running applications (${victim}, seed ${seed})`, () => {
      const { cs, startsBefore } = killAndRejoin(victim, seed);
      for (const app of APPS) {
        expect(cs.status("a", `${app}:svc`)!.state).toBe("RUNNING");
        // The one-shot ran and exited as expected; the newcomer never ran it: still EXITED.
        expect(cs.status("a", `${app}:init`)!.state).toBe("EXITED");
        expect(cs.control("a").table.applications.get(app)!.status).toMatchObject({ state: "RUNNING", majorFailure: false, minorFailure: false });
      }
      expect(cs.stops).toEqual([]);
      expect(cs.starts.length).toBe(startsBefore);
      expect(cs.supervisor("a").state("one:svc")).toBe(ProcessStates.RUNNING);
      expect(cs.settledProblems()).toEqual([]);
      expect(cs.violations.concat(cs.sim.violations)).toEqual([]);
    });
  }
});

describe("an application really in failure when the node comes back, with no load left", () => {
  test("planned again (as Supvisors): its stopped processes join the running part; a failed start stops nothing that ran before", () => {
    // one:helper, required, crashes, and spare:hog started by hand takes the room it left: one is
    // in major failure, so the DISTRIBUTION of c's return gives it another chance (ST-SEQ-10). The
    // plan places its stopped processes with the running part on a: init (no load) runs again,
    // helper finds no load left there and is forced FATAL; STOP must leave one:svc running.
    const { cs, startsBefore } = killAndRejoin("c", 1, (cs) => {
      cs.crash("a", "one:helper");
      cs.waitFor(() => NICKS.every((nick) => cs.status(nick, "one:helper")?.state === "EXITED"), cs.now + 2, "helper crash seen everywhere");
      cs.supervisor("b").start("spare:hog", "");
      cs.waitFor(() => NICKS.every((nick) => cs.status(nick, "spare:hog")?.state === "RUNNING"), cs.now + 2, "hog running");
      expect(cs.control("a").table.applications.get("one")!.status.majorFailure).toBe(true);
    });
    expect(cs.sim.node("a").logs.some((l) => l.includes("start of application one planned"))).toBe(true);
    expect(cs.starts.slice(startsBefore).map((s) => `${s.namespec}@${s.on}`)).toEqual(["one:init@a"]);
    expect(cs.status("a", "one:init")!.state).toBe("EXITED");
    expect([cs.status("a", "one:helper")!.state, cs.status("a", "one:helper")!.forcedReason]).toEqual(["FATAL", "No resource available"]);
    expect(cs.status("a", "one:svc")!.state).toBe("RUNNING");
    expect(cs.status("a", "two:svc")!.state).toBe("RUNNING");
    expect(cs.stops).toEqual([]);
    expect(cs.settledProblems()).toEqual([]);
    expect(cs.violations.concat(cs.sim.violations)).toEqual([]);
  });

  test("with room left, the repair completes the application where it runs", () => {
    const { cs, startsBefore } = killAndRejoin("c", 2, (cs) => {
      cs.crash("a", "one:helper");
      cs.waitFor(() => cs.status("a", "one:helper")?.state === "EXITED", cs.now + 2, "helper crashed");
    });
    expect(cs.starts.slice(startsBefore).map((s) => `${s.namespec}@${s.on}`)).toEqual(["one:init@a", "one:helper@a"]);
    expect(cs.status("a", "one:helper")!.state).toBe("RUNNING");
    expect(cs.control("a").table.applications.get("one")!.status).toMatchObject({ state: "RUNNING", majorFailure: false, minorFailure: false });
    expect(cs.stops).toEqual([]);
    expect(cs.settledProblems()).toEqual([]);
    expect(cs.violations.concat(cs.sim.violations)).toEqual([]);
  });
});
