// Whole-cluster scenario of issue 11 point 3 (a): a non-Master daemon frozen (SIGSTOP) longer than
// the inactivity window is declared lost, its processes are started again elsewhere (RESTART_PROCESS),
// and when it resumes (SIGCONT) each process runs twice. The conciliation must judge the copies by
// their real ages (ST-CON-07): the old copies on the resumed node came back in its handshake's
// process list, the young ones started elsewhere meanwhile. SENICIDE keeps the youngest copy
// (ST-CON-01), INFANTICIDE the oldest (ST-CON-02).
import { describe, expect, test } from "bun:test";
import type { ConciliationStrategy } from "../../src/config/supvisors-model.ts";
import { type ControlSim, controlCluster, rulesOf } from "./control-sim.ts";
import type { SimProgram } from "./sim-supervisor.ts";

const NICKS = ["a", "b", "c"];
const KEYS = ["svc:p", "svc:q"];

// b first in the identifiers: the first start puts both processes there; c takes them over.
const RULES = rulesOf(`
  <application name="svc">
    <start_sequence>1</start_sequence>
    <running_failure_strategy>RESTART_PROCESS</running_failure_strategy>
    <programs>
      <program pattern=""><identifiers>b,c</identifiers><start_sequence>1</start_sequence></program>
    </programs>
  </application>`);

const PROGRAMS: SimProgram[] = KEYS.map((key) => ({ group: "svc", name: key.slice(4), startsecs: 1 }));

/** Both processes running on b for a while, then b frozen for 3 s; returns once it has resumed. */
function pauseB(strategy: ConciliationStrategy, seed: number, clockOffsets?: Record<string, number>): ControlSim {
  const cs = controlCluster(NICKS, RULES, PROGRAMS, { conciliationStrategy: strategy, seed, clockOffsets });
  cs.waitFor(() => KEYS.every((key) => cs.status("a", key)?.state === "RUNNING"), 20, "svc RUNNING");
  expect(KEYS.map((key) => cs.runningOn("a", key))).toEqual([["b"], ["b"]]);
  // The copies on b get old: 20 s of virtual time.
  cs.sim.runUntil(cs.now + 20);
  cs.sim.pause("b", 3);
  // While b is frozen: lost, and both processes started again on c.
  cs.waitFor(() => KEYS.every((key) => cs.runningOn("a", key).join() === "c"), cs.now + 3, "svc taken over by c");
  cs.sim.runUntil(cs.now + 3);
  return cs;
}

const settled = (cs: ControlSim) => () =>
  NICKS.every((nick) => cs.sim.fsm(nick) === "OPERATION") && KEYS.every((key) => cs.runningOn("a", key).length === 1);

// Each host has its own monotonic clock: b's reads far ahead of the others, c's behind, so a
// start time compared across instances would make b's old copies look young, c's new ones old.
const SKEWED = { a: 0, b: 50_000, c: -30 };

describe("a non-Master frozen then resumed: conflicts conciliated by the copies' own ages", () => {
  for (const [seed, offsets] of [[1, undefined], [2, undefined], [3, SKEWED], [4, SKEWED]] as const) {
    const clocks = offsets === undefined ? "one clock" : "skewed clocks";
    test(`SENICIDE keeps the young copies started on c, stops the old ones on b (seed ${seed}, ${clocks})`, () => {
      const cs = pauseB("SENICIDE", seed, offsets);
      cs.waitFor(settled(cs), cs.now + 10, "one copy each, OPERATION");
      expect(KEYS.map((key) => cs.runningOn("a", key))).toEqual([["c"], ["c"]]);
      expect(cs.stops.map((s) => `${s.namespec}@${s.on}`).sort()).toEqual(["svc:p@b", "svc:q@b"]);
      cs.sim.runUntil(cs.now + 2);
      expect(cs.settledProblems()).toEqual([]);
      expect(cs.violations.concat(cs.sim.violations)).toEqual([]);
    });

    test(`INFANTICIDE keeps the old copies on b, stops the young ones on c (seed ${seed}, ${clocks})`, () => {
      const cs = pauseB("INFANTICIDE", seed, offsets);
      cs.waitFor(settled(cs), cs.now + 10, "one copy each, OPERATION");
      expect(KEYS.map((key) => cs.runningOn("a", key))).toEqual([["b"], ["b"]]);
      expect(cs.stops.map((s) => `${s.namespec}@${s.on}`).sort()).toEqual(["svc:p@c", "svc:q@c"]);
      cs.sim.runUntil(cs.now + 2);
      expect(cs.settledProblems()).toEqual([]);
      expect(cs.violations.concat(cs.sim.violations)).toEqual([]);
    });
  }
});
