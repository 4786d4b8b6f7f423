// Whole-cluster scenarios of where application starts place their processes: the restricted
// distributions (RULE-22, ST-STR-07/08), the application `#` sign (RULE-45) and the program `@`
// sign (RULE-47), with loads weighed per node (ST-LD-01..04).
import { describe, expect, test } from "bun:test";
import { type ControlSim, controlCluster, rulesOf } from "./control-sim.ts";
import type { SimProgram } from "./sim-supervisor.ts";

const inOperation = (cs: ControlSim, nicks: string[]) => () => nicks.every((n) => cs.sim.fsm(n) === "OPERATION");
const on = (cs: ControlSim, from: string, namespecs: string[]) => namespecs.map((ns) => cs.runningOn(from, ns).join("+"));

describe("RULE-22 / ST-STR-07 SINGLE_INSTANCE", () => {
  const NICKS = ["a", "b", "c"];
  const rules = (loading: number) =>
    rulesOf(`
  <application name="hog">
    <start_sequence>1</start_sequence>
    <programs><program name="big"><start_sequence>1</start_sequence><identifiers>a</identifiers><expected_loading>50</expected_loading></program></programs>
  </application>
  <application name="solo">
    <start_sequence>2</start_sequence>
    <distribution>SINGLE_INSTANCE</distribution>
    <programs>
      <program pattern="p"><expected_loading>${loading}</expected_loading><start_sequence>1</start_sequence></program>
      <program name="p3"><expected_loading>${loading}</expected_loading><start_sequence>2</start_sequence></program>
    </programs>
  </application>`);
  const programs: SimProgram[] = [
    { group: "hog", name: "big", startsecs: 0.1 },
    ...["p1", "p2", "p3"].map((name) => ({ group: "solo", name, startsecs: 0.1 })),
  ];
  const SOLO = ["solo:p1", "solo:p2", "solo:p3"];

  test("every process of the start sequence on the first instance able to take their summed load", () => {
    const cs = controlCluster(NICKS, rules(20), programs);
    cs.waitFor(() => SOLO.every((ns) => cs.status("a", ns)?.state === "RUNNING"), 20, "solo RUNNING");
    // a carries 50 %: 50 + 3 × 20 > 100, so CONFIG takes b for all three.
    expect(on(cs, "a", SOLO)).toEqual(["b", "b", "b"]);
    expect(cs.runningOn("a", "hog:big")).toEqual(["a"]);
    expect(cs.violations).toEqual([]);
  });

  test("none placed when no instance can take the sum (3 × 40 %), though each process alone would fit", () => {
    const cs = controlCluster(NICKS, rules(40), programs);
    cs.waitFor(() => cs.status("a", "hog:big")?.state === "RUNNING" && inOperation(cs, NICKS)(), 20, "OPERATION");
    const statuses = SOLO.map((ns) => cs.status("a", ns)!);
    expect(statuses.map((s) => [s.state, s.forcedReason])).toEqual(SOLO.map(() => ["FATAL", "No resource available"]));
    expect(cs.starts.filter((s) => s.namespec.startsWith("solo:"))).toEqual([]);
    // Each would fit alone (40 % on an idle node): it is the sum that finds no instance.
    expect(cs.runningOn("a", "hog:big")).toEqual(["a"]);
    expect(cs.violations).toEqual([]);
  });
});

describe("RULE-22 / ST-STR-08 SINGLE_NODE", () => {
  // Two nodes of two instances each: a1/a2 share machine m1, b1/b2 machine m2.
  const NICKS = ["a1", "a2", "b1", "b2"];
  const machines = { a1: "m1", a2: "m1", b1: "m2", b2: "m2" };
  const rules = rulesOf(`
  <application name="hog">
    <start_sequence>1</start_sequence>
    <programs><program name="big"><start_sequence>1</start_sequence><identifiers>a1</identifiers><expected_loading>30</expected_loading></program></programs>
  </application>
  <application name="pair">
    <start_sequence>2</start_sequence>
    <distribution>SINGLE_NODE</distribution>
    <starting_strategy>LESS_LOADED</starting_strategy>
    <programs><program pattern="q"><expected_loading>10</expected_loading><start_sequence>1</start_sequence></program></programs>
  </application>`);
  const programs: SimProgram[] = [
    { group: "hog", name: "big", startsecs: 0.1 },
    ...[0, 1, 2, 3].map((i) => ({ group: "pair", name: `q${i}`, startsecs: 0.1 })),
  ];
  const PAIR = ["pair:q0", "pair:q1", "pair:q2", "pair:q3"];

  test("one node chosen (the less loaded), the processes spread over its instances", () => {
    const cs = controlCluster(NICKS, rules, programs, { machines });
    cs.waitFor(() => PAIR.every((ns) => cs.status("a1", ns)?.state === "RUNNING"), 20, "pair RUNNING");
    // m1 carries hog (30 %); m2 is empty: every process there, LESS_LOADED alternating b1 / b2.
    expect(on(cs, "a1", PAIR)).toEqual(["b1", "b2", "b1", "b2"]);
    expect(cs.violations).toEqual([]);
  });
});

describe("RULE-45 application #", () => {
  const NICKS = ["a", "b", "c"];
  const rules = rulesOf(`
  <application pattern="app_">
    <start_sequence>1</start_sequence>
    <distribution>SINGLE_INSTANCE</distribution>
    <identifiers>#,b,c</identifiers>
    <programs><program name="w"><start_sequence>1</start_sequence></program></programs>
  </application>`);
  const programs: SimProgram[] = [1, 2, 3, 4].map((n) => ({ group: `app_${n}`, name: "w", startsecs: 0.1 }));

  test("app_N on the Nth instance of the list, wrapping around", () => {
    const cs = controlCluster(NICKS, rules, programs);
    const apps = [1, 2, 3, 4].map((n) => `app_${n}:w`);
    cs.waitFor(() => apps.every((ns) => cs.status("a", ns)?.state === "RUNNING"), 20, "apps RUNNING");
    expect(on(cs, "a", apps)).toEqual(["b", "c", "b", "c"]);
    expect(cs.violations).toEqual([]);
  });
});

describe("RULE-47 program @", () => {
  const NICKS = ["a", "b", "c"];
  const rules = rulesOf(`
  <application name="pool">
    <start_sequence>1</start_sequence>
    <programs><program pattern="w_"><start_sequence>1</start_sequence><identifiers>@,a,b</identifiers></program></programs>
  </application>`);
  const programs: SimProgram[] = [0, 1, 2].map((i) => ({ group: "pool", name: `w_${i}`, startsecs: 0.1, programName: "w", processIndex: i }));

  test("one process per instance of the list; the surplus gets no instance and is never started", () => {
    const cs = controlCluster(NICKS, rules, programs);
    cs.waitFor(() => cs.status("a", "pool:w_1")?.state === "RUNNING" && inOperation(cs, NICKS)(), 20, "pool started");
    expect(on(cs, "a", ["pool:w_0", "pool:w_1", "pool:w_2"])).toEqual(["a", "b", ""]);
    const surplus = cs.status("a", "pool:w_2")!;
    expect([surplus.state, surplus.forcedReason]).toEqual(["FATAL", "No resource available"]);
    expect(cs.starts.filter((s) => s.namespec === "pool:w_2")).toEqual([]);
    // Still nowhere to go when asked alone: its assignment is final (RULE-48).
    const id = cs.request("a", { kind: "startProcess", strategy: "CONFIG", namespec: "pool:w_2", extraArgs: "", wait: true });
    expect(cs.reply(id)).toEqual({ ok: false, fault: "ABNORMAL_TERMINATION", detail: "failed to start pool:w_2" });
    expect(cs.violations).toEqual([]);
  });
});
