// ST-MST (stability, agreement, selection), ST-SFA failure evaluation and strategies, ST-SYN
// conditions, on crafted states.
import { describe, expect, test } from "bun:test";
import { chooseMaster, masterAgreed, stableRunningSet } from "../../../src/cluster/election.ts";
import { checkFailures, strategyTarget } from "../../../src/cluster/failure-strategy.ts";
import { effectiveFailureStrategy, initialState, type InstanceState } from "../../../src/cluster/index.ts";
import { checkSynchro } from "../../../src/cluster/synchro.ts";
import { A, B, C, craft, options, view } from "./core-helpers.ts";

const a = A.identifier;
const b = B.identifier;
const c = C.identifier;
type S = InstanceState;

/** Local a sees `states`; each other RUNNING instance publishes `views[id]`. */
function ctx(states: Record<string, S>, views: Record<string, ReturnType<typeof view>> = {}, opts = {}, master = "") {
  const base = initialState(options(opts), 0);
  const records: Record<string, object> = {};
  for (const [id, state] of Object.entries(states)) records[id] = { state, view: views[id] ?? null };
  return craft(base, { master, fsm: "ELECTION" }, records);
}
const allRunning = { [a]: "RUNNING" as S, [b]: "RUNNING" as S, [c]: "RUNNING" as S };

describe("ST-MST-02 stability", () => {
  test("stable when every RUNNING instance publishes the same RUNNING set", () => {
    const s = ctx(allRunning, { [b]: view("ELECTION", "", allRunning), [c]: view("ELECTION", "", allRunning) });
    expect(stableRunningSet(s)).toEqual([a, b, c].sort());
  });
  test("unstable when a view holds a CHECKING instance", () => {
    const s = ctx(allRunning, { [b]: view("ELECTION", "", { ...allRunning, [c]: "CHECKING" }), [c]: view("ELECTION", "", allRunning) });
    expect(stableRunningSet(s)).toEqual([]);
  });
  test("unstable when views disagree on the RUNNING set", () => {
    const s = ctx(allRunning, { [b]: view("ELECTION", "", { ...allRunning, [c]: "STOPPED" }), [c]: view("ELECTION", "", allRunning) });
    expect(stableRunningSet(s)).toEqual([]);
  });
  test("unstable while a RUNNING instance has published nothing", () => {
    expect(stableRunningSet(ctx(allRunning, { [b]: view("ELECTION", "", allRunning) }))).toEqual([]);
  });
});

describe("ST-MST-03/04 selection and agreement", () => {
  const rows: [string, Record<string, string>, string[], string][] = [
    ["smallest nick among RUNNING", { [b]: "", [c]: "" }, [], a],
    ["a Master already declared wins over a smaller nick", { [b]: c, [c]: c }, [], c],
    ["core identifiers preferred (nick)", { [b]: "", [c]: "" }, ["c"], c],
    ["core identifiers preferred (stereotype, then smallest nick)", { [b]: "", [c]: "" }, ["front"], b],
    ["declared Masters first, core among them", { [b]: b, [c]: c }, ["c"], c],
  ];
  for (const [name, masters, core, expected] of rows) {
    test(name, () => {
      const views = Object.fromEntries(Object.entries(masters).map(([id, m]) => [id, view("ELECTION", m, allRunning)]));
      expect(chooseMaster(ctx(allRunning, views, { coreIdentifiers: core }))).toBe(expected);
    });
  }
  test("agreement needs one non-empty Master declared by every RUNNING instance", () => {
    const views = (mb: string, mc: string) => ({ [b]: view("ELECTION", mb, allRunning), [c]: view("ELECTION", mc, allRunning) });
    expect(masterAgreed(ctx(allRunning, views(a, a), {}, a))).toBe(true);
    expect(masterAgreed(ctx(allRunning, views(a, ""), {}, a))).toBe(false); // late joiner
    expect(masterAgreed(ctx(allRunning, views(a, b), {}, a))).toBe(false);
  });
});

describe("ST-SYN conditions", () => {
  test("every option reports what it waits for", () => {
    const s = { ...ctx({ [a]: "RUNNING" }, {}, { synchroOptions: ["STRICT", "LIST", "TIMEOUT", "CORE", "USER"], coreIdentifiers: ["b"] }), stable: [a] };
    expect(checkSynchro(s, 3).map((c) => [c.option, c.satisfied, c.waitingFor])).toEqual([
      ["STRICT", false, `STRICT: declared instances not yet RUNNING everywhere: ${b}, ${c}`],
      ["LIST", false, `LIST: known instances not yet RUNNING everywhere: ${b}, ${c}`],
      ["TIMEOUT", false, "TIMEOUT: 12.0 s left of synchro_timeout=15 s"],
      ["CORE", false, `CORE: core instances not yet RUNNING everywhere: ${b}`],
      ["USER", false, "USER: waiting for end_sync (no Master selected)"],
    ]);
    const done = { ...s, stable: [a, b, c], master: b, instances: ctx(allRunning).instances };
    expect(checkSynchro(done, 20).every((c) => c.satisfied)).toBe(true);
  });
});

describe("ST-SFA failure strategy", () => {
  test("ST-SFA-01 precedence USER > CORE > STRICT > LIST, degraded from STRICT/LIST/CORE", () => {
    const s = { ...ctx(allRunning, {}, { synchroOptions: ["STRICT", "USER"] }), stable: [a, b] };
    expect(checkFailures(s, [])).toEqual({ failures: { USER: false, STRICT: true }, failed: false, degraded: true });
    expect(checkFailures(s, [c]).failed).toBe(true);
    const strict = { ...ctx(allRunning, {}, { synchroOptions: ["STRICT", "LIST"] }), stable: [a, b] };
    expect(checkFailures(strict, []).failed).toBe(true);
  });
  test("ST-SFA-02..04 targets", () => {
    expect([strategyTarget("CONTINUE"), strategyTarget("RESYNC"), strategyTarget("SHUTDOWN")]).toEqual([undefined, "SYNCHRONIZATION", "SHUTTING_DOWN"]);
  });
  test("ST-SFA-05 TIMEOUT forces CONTINUE", () => {
    expect(effectiveFailureStrategy({ synchroOptions: ["STRICT", "TIMEOUT"], supvisorsFailureStrategy: "SHUTDOWN" })).toBe("CONTINUE");
    expect(effectiveFailureStrategy({ synchroOptions: ["STRICT"], supvisorsFailureStrategy: "RESYNC" })).toBe("RESYNC");
    expect(initialState(options({ synchroOptions: ["TIMEOUT"], supvisorsFailureStrategy: "RESYNC" }), 0).failureStrategy).toBe("CONTINUE");
  });
});
