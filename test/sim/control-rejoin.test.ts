// Whole-cluster scenario of a node coming back with processes the others did not see start: its
// whole process list arrives with the handshake (ST-HS-05), and the control layer must take every
// entry of it into account — here a managed process it started by hand while cut off, which is
// now in conflict with the copy the others run (ST-APP-13, ST-CON).
import { describe, expect, test } from "bun:test";
import { conflicts } from "../../src/control/engine/index.ts";
import { controlCluster, rulesOf } from "./control-sim.ts";
import type { SimProgram } from "./sim-supervisor.ts";

const NICKS = ["a", "b", "c"];

// `init` keeps the Master in DISTRIBUTION for 5 s: c, back meanwhile, stays CHECKED (ST-FSM-03),
// so no ELECTION follows its handshake at once.
const RULES = rulesOf(`
  <application name="boot">
    <start_sequence>1</start_sequence>
    <programs><program name="init"><start_sequence>1</start_sequence><wait_exit>true</wait_exit><identifiers>a</identifiers></program></programs>
  </application>
  <application name="svc">
    <programs><program name="unique"/><program name="ping"/></programs>
  </application>`);

const PROGRAMS: SimProgram[] = [
  { group: "boot", name: "init", startsecs: 0.1, runFor: 5 },
  { group: "svc", name: "unique", startsecs: 0.1 },
  { group: "svc", name: "ping", startsecs: 0.1 },
];

/** c cut off, `unique` started by hand on a and on c; c back; `ping` changes on c right after a accepted it. */
function rejoin(seed: number) {
  const cs = controlCluster(NICKS, RULES, PROGRAMS, { conciliationStrategy: "SENICIDE", seed });
  cs.waitFor(() => cs.sim.fsm("a") === "DISTRIBUTION", 5, "DISTRIBUTION");
  cs.sim.partition([["c"]]);
  cs.sim.runUntil(1.5);
  cs.supervisor("c").start("svc:unique", "");
  cs.supervisor("a").start("svc:unique", "");
  cs.sim.runUntil(2);
  cs.sim.heal();
  cs.waitFor(() => cs.sim.seen("a", "c") === "CHECKED", cs.now + 5, "a accepts c again");
  cs.supervisor("c").start("svc:ping", "");
  return cs;
}

describe("a node back with processes started while it was cut off", () => {
  test("the conflict is found and conciliated (SENICIDE) whatever the order of the first messages", () => {
    // Seeds where each node's first look at c's new list is a tick: the whole list is compared.
    for (const seed of [2, 4, 5]) {
      const cs = rejoin(seed);
      cs.waitFor(() => cs.sim.fsm("a") === "OPERATION" && cs.runningOn("a", "svc:unique").length === 1, cs.now + 15, "conflict conciliated");
      expect(conflicts(cs.control("a"), cs.sim.state("a"))).toEqual([]);
      expect(cs.violations).toEqual([]);
    }
  });

  // Engine bug (reported): when the first control input after the handshake is a process event of
  // that instance, syncSeen (src/control/engine/table.ts) takes its one-entry shortcut and marks the
  // whole new list as seen without comparing it: `unique` on c is never indexed, the table shows it
  // on a only, no conflict is conciliated, and the FSM and queries disagree with the engine (seeds
  // where every node meets it first through a process event).
  test("the same when c's first message after the handshake is a process event", () => {
    for (const seed of [6, 7, 8]) {
      const cs = rejoin(seed);
      cs.waitFor(() => cs.sim.fsm("a") === "OPERATION" && cs.runningOn("a", "svc:unique").length === 1, cs.now + 15, "conflict conciliated");
      // control-sim's index invariant: what the engine indexed matches the snapshot after each tick.
      expect(cs.violations).toEqual([]);
    }
  });
});
