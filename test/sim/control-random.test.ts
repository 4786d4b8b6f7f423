// Random faults with the control layer: four nodes running the real cluster core and control
// engine over simulated processes, a rules file with start sequences, wait_exit, `#`, loads,
// RESTART_PROCESS and RESTART_APPLICATION programs, and a program users start by hand in several
// places (conflicts; the conciliation strategy changes with the seed). For a while nodes are
// killed and restarted, processes crash, the network splits (long enough for the split to be
// noticed: a link that stays up loses nothing, as with TCP) and heals, and users send requests to
// the Master; then everything heals. The invariants of control-sim.ts hold after every step
// (loads ≤ 100 %, sequence groups one at a time and in order, no request answered twice, the
// engine's index in step after each tick); at the end there is one Master, every node is in
// OPERATION, nothing runs twice, and every request of a living node was answered.
//
// Runs that meet an engine bug already reported (see KNOWN) are counted and printed, and what that
// bug spoils is not judged. A failure prints its seed: replay it with
//   FLOTILLA_SIM_SEED=<seed> bun test test/sim/control-random.test.ts
import { expect, test } from "bun:test";
import type { ConciliationStrategy, StartingStrategy } from "../../src/config/supvisors-model.ts";
import type { ControlRequest } from "../../src/control/engine/index.ts";
import { ControlSim, machineNetwork, rulesOf } from "./control-sim.ts";
import type { Prng } from "./prng.ts";
import type { SimProgram } from "./sim-supervisor.ts";

const NICKS = ["a", "b", "c", "d"];
const FAULT_PHASE = 20;
const SETTLE_PHASE = 16;

const RULES = rulesOf(`
  <application name="store">
    <start_sequence>1</start_sequence>
    <starting_failure_strategy>CONTINUE</starting_failure_strategy>
    <programs>
      <program name="db"><start_sequence>1</start_sequence><required>true</required><expected_loading>20</expected_loading>
        <running_failure_strategy>RESTART_PROCESS</running_failure_strategy></program>
      <program name="migrate"><start_sequence>2</start_sequence><wait_exit>true</wait_exit></program>
      <program pattern="cache_"><start_sequence>3</start_sequence><identifiers>#</identifiers><expected_loading>10</expected_loading></program>
      <program name="web"><start_sequence>3</start_sequence><identifiers>c,b,a,d</identifiers><expected_loading>15</expected_loading>
        <running_failure_strategy>RESTART_PROCESS</running_failure_strategy></program>
    </programs>
  </application>
  <application name="farm">
    <start_sequence>2</start_sequence>
    <starting_strategy>LESS_LOADED</starting_strategy>
    <programs><program pattern="job_"><start_sequence>1</start_sequence><expected_loading>30</expected_loading></program></programs>
  </application>
  <application name="batch">
    <start_sequence>2</start_sequence>
    <programs>
      <program name="feeder"><start_sequence>1</start_sequence><running_failure_strategy>RESTART_APPLICATION</running_failure_strategy></program>
      <program name="sink"><start_sequence>2</start_sequence></program>
    </programs>
  </application>
  <application name="svc">
    <programs><program name="unique"><running_failure_strategy>RESTART_PROCESS</running_failure_strategy></program></programs>
  </application>`);

const PROGRAMS: SimProgram[] = [
  { group: "store", name: "db", startsecs: 0.3, stopDelay: 0.2 },
  { group: "store", name: "migrate", startsecs: 0.1, runFor: 0.4 },
  ...[0, 1, 2].map((i) => ({ group: "store", name: `cache_${i}`, startsecs: 0.2, programName: "cache", processIndex: i })),
  { group: "store", name: "web", startsecs: 0.2, stopDelay: 0.3 },
  ...[0, 1, 2, 3, 4, 5].map((i) => ({ group: "farm", name: `job_${i}`, startsecs: 0.1, stopDelay: 0.1 })),
  { group: "batch", name: "feeder", startsecs: 0.2 },
  { group: "batch", name: "sink", startsecs: 0.2, stopDelay: 0.5 },
  { group: "svc", name: "unique", startsecs: 0.1, stopDelay: 0.2 },
];

const APPLICATIONS = ["store", "farm", "batch", "svc"];
const NAMESPECS = PROGRAMS.map((p) => `${p.group}:${p.name}`);
const CONCILIATIONS: ConciliationStrategy[] = ["SENICIDE", "INFANTICIDE", "STOP", "RESTART", "RUNNING_FAILURE"];
const STRATEGIES: StartingStrategy[] = ["CONFIG", "LESS_LOADED", "MOST_LOADED", "LOCAL", "LESS_LOADED_NODE"];

function randomRequest(rng: Prng): ControlRequest {
  const application = rng.pick(APPLICATIONS);
  const namespec = rng.pick(NAMESPECS);
  const strategy = rng.pick(STRATEGIES);
  const wait = rng.chance(0.7);
  switch (rng.int(8)) {
    case 0:
      return { kind: "startApplication", strategy, application, wait };
    case 1:
      return { kind: "stopApplication", application, wait };
    case 2:
      return { kind: "restartApplication", strategy, application, wait };
    case 3:
      return { kind: "startProcess", strategy, namespec, extraArgs: rng.chance(0.3) ? "-v" : "", wait };
    case 4:
      return { kind: "stopProcess", namespec, wait };
    case 5:
      return { kind: "restartProcess", strategy, namespec, extraArgs: "", wait };
    case 6:
      return { kind: "startAnyProcess", strategy, regex: "job_", extraArgs: "", wait };
    default:
      return { kind: "restartSequence", wait };
  }
}

/** The run's problems: step invariants, then, after healing and settling, agreement and consistency. */
function judge(cs: ControlSim): string[] {
  return [...cs.violations, ...cs.sim.violations, ...cs.sim.agreement(), ...cs.settledProblems()];
}

/** One random run: what went wrong (empty when clean). */
function controlRandomRun(seed: number): string[] {
  const cs = new ControlSim({
    seed,
    nodes: NICKS.map((nick) => ({ nick, options: { network: machineNetwork(nick) } })),
    base: { synchroOptions: ["STRICT", "LIST"], tickPeriod: 0.2, inactivityTicks: 3 },
    network: { minDelay: 0.001, maxDelay: 0.02, loss: 0 },
    rules: RULES,
    programs: PROGRAMS,
    conciliationStrategy: CONCILIATIONS[seed % CONCILIATIONS.length],
  });
  const sim = cs.sim;
  const rng = sim.rng;
  const alive = () => NICKS.filter((n) => sim.node(n).alive);
  let split = false;
  for (const nick of NICKS) sim.at(rng.between(0, 1), () => cs.start(nick));
  let t = 2;
  for (;;) {
    t += rng.between(0.2, 1.5);
    if (t >= FAULT_PHASE) break;
    const roll = rng.next();
    sim.at(t, () => {
      const up = alive();
      const nick = rng.pick(NICKS);
      if (roll < 0.12) sim.kill(nick);
      else if (roll < 0.24) {
        if (sim.node(nick).alive) sim.restart(nick);
        else cs.start(nick);
      } else if (roll < 0.34) {
        // Long enough to be noticed: a link that stays up loses nothing (TCP), a split one fails.
        if (split) return;
        split = true;
        sim.partition([NICKS.filter(() => rng.chance(0.5))]);
        sim.at(sim.now + rng.between(1.5, 4), () => {
          split = false;
          sim.heal();
        });
      } else if (up.length === 0) return;
      else if (roll < 0.55) {
        const where = rng.pick(up);
        const running = cs.supervisor(where).running();
        if (running.length > 0) cs.crash(where, rng.pick(running));
      } else if (roll < 0.67) {
        // Started behind Supvisors' back: a conflict once another copy runs elsewhere.
        cs.supervisor(rng.pick(up)).start("svc:unique", "");
      } else {
        // To the Master: one node places starts at a time (each node only weighs its own plans).
        const master = sim.master(rng.pick(up));
        if (master !== "" && sim.node(master).alive) cs.request(master, randomRequest(rng));
      }
    });
  }
  sim.at(FAULT_PHASE, () => {
    sim.heal();
    for (const nick of NICKS) if (!sim.node(nick).alive) cs.start(nick);
  });
  sim.runUntil(FAULT_PHASE + SETTLE_PHASE);
  const problems = judge(cs);
  return problems.length > 0 ? [`seed ${seed}:`, ...problems.slice(0, 6), sim.describe()] : [];
}

const replay = process.env.FLOTILLA_SIM_SEED;
const SEEDS = replay ? [Number(replay)] : Array.from({ length: 60 }, (_, i) => 7000 + i);

// Deterministic and CPU-bound (~14 s of CPU for the 60 seeds): the deadline only bounds the wall
// time, several times the CPU time on a shared machine (135 s seen with two busy loops and other
// test runs alongside). The invariants are what fails this test.
test(`control layer under random faults, ${SEEDS.length} seed(s): invariants hold, the cluster settles consistent`, () => {
  const failures: string[] = [];
  for (const seed of SEEDS) {
    const problems = controlRandomRun(seed);
    if (problems.length > 0) failures.push(problems.join("\n"));
    if (failures.length >= 3) break;
  }
  expect(failures.join("\n\n")).toBe("");
}, 400_000);
