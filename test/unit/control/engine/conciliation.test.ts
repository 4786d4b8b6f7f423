// ST-CON-01..07: each conciliation strategy on a managed process running twice, applied by the
// Master on entering CONCILIATION, or by the `conciliate` request whatever the configured strategy.
// After conciliation no managed process is left in conflict and the FSM is back in OPERATION.

import { describe, expect, test } from "bun:test";
import type { ConciliationStrategy } from "../../../../src/config/supvisors-model.ts";
import { conflicts } from "../../../../src/control/engine/index.ts";
import { FakeCluster, id } from "./fake-cluster.ts";
import { application, effectsOf, rules, starts, stops } from "./fixtures.ts";
import { managedConflicts, watch } from "./invariants.ts";

/** p runs on a since t≈1 (oldest) and on b since t≈6 (youngest). */
function conflict(strategy: ConciliationStrategy, rfs = "CONTINUE") {
  const text = rules(application("app", { start: 1 }, [{ name: "p", start: 1, rfs }]), application("free", {}, []));
  const c = watch(new FakeCluster({ instances: ["a", "b"], programs: [{ group: "app", name: "p" }], rules: text, conciliationStrategy: strategy }));
  c.startOutside("a", "app:p");
  c.advance(5);
  c.startOutside("b", "app:p");
  c.advance(2);
  return c;
}

function done(c: FakeCluster): boolean {
  return c.fsm === "OPERATION" && managedConflicts(c).length === 0 && !c.masterNode.view.stoppingJobs && !c.masterNode.view.startingJobs;
}

describe("ST-CON strategies applied on entering CONCILIATION", () => {
  test("the conflict takes the FSM to CONCILIATION (view conflicting) and is listed by conflicts()", () => {
    const c = conflict("USER");
    expect(c.fsm).toBe("CONCILIATION");
    expect(c.masterNode.view.conflicting).toBe(true);
    expect(conflicts(c.masterNode.state, c.snapshotFor(c.master)).map((s) => s.namespec)).toEqual(["app:p"]);
  });

  test("ST-CON-01 SENICIDE keeps the youngest", () => {
    const c = conflict("SENICIDE");
    expect(c.until(() => done(c))).toBe(true);
    expect(stops(c)).toEqual(["app:p@a:9001"]);
    expect(c.runningOn("app:p")).toEqual([id("b")]);
  });

  test("ST-CON-02 INFANTICIDE keeps the oldest", () => {
    const c = conflict("INFANTICIDE");
    expect(c.until(() => done(c))).toBe(true);
    expect(stops(c)).toEqual(["app:p@b:9001"]);
  });

  test("ST-CON-03 USER waits; the conciliate request then applies the strategy it is given", () => {
    const c = conflict("USER");
    c.advance(10);
    expect(stops(c)).toEqual([]);
    expect(c.fsm).toBe("CONCILIATION");
    const user = c.request("b", { kind: "conciliate", strategy: "USER" });
    expect(c.reply("b", user)).toEqual({ ok: true, value: false });
    const r = c.request("b", { kind: "conciliate", strategy: "STOP" });
    expect(c.reply("b", r)).toEqual({ ok: true, value: true });
    expect(c.until(() => done(c))).toBe(true);
    expect(effectsOf(c, "stop").map((e) => e.node)).toEqual([id("b"), id("b")]);
  });

  test("ST-CON-04 STOP stops every copy", () => {
    const c = conflict("STOP");
    expect(c.until(() => done(c))).toBe(true);
    expect(stops(c).sort()).toEqual(["app:p@a:9001", "app:p@b:9001"]);
    expect(c.runningOn("app:p")).toEqual([]);
  });

  test("ST-CON-05 RESTART stops every copy, then starts one", () => {
    const c = conflict("RESTART");
    expect(c.until(() => done(c) && c.runningOn("app:p").length === 1)).toBe(true);
    expect(stops(c).length).toBe(2);
    expect(starts(c)).toEqual(["app:p@a:9001"]);
  });

  test("ST-CON-06 RUNNING_FAILURE stops every copy and applies the running failure strategy", () => {
    const c = conflict("RUNNING_FAILURE", "RESTART_PROCESS");
    expect(c.until(() => done(c) && c.runningOn("app:p").length === 1)).toBe(true);
    expect(starts(c)).toEqual(["app:p@a:9001"]);
    const d = conflict("RUNNING_FAILURE", "CONTINUE");
    expect(d.until(() => done(d))).toBe(true);
    expect(starts(d)).toEqual([]);
    expect(d.runningOn("app:p")).toEqual([]);
  });
});

describe("conciliation limits", () => {
  test("conflicts of unmanaged applications are none (ST-APP-13)", () => {
    const c = new FakeCluster({ instances: ["a", "b"], programs: [{ group: "misc", name: "x" }], conciliationStrategy: "STOP" });
    c.startOutside("a", "misc:x");
    c.startOutside("b", "misc:x");
    c.advance(3);
    expect(c.fsm).toBe("OPERATION");
    expect(c.masterNode.view.conflicting).toBe(false);
  });

  test("the conciliate request outside CONCILIATION is refused", () => {
    const c = new FakeCluster({ instances: ["a"], programs: [] });
    const r = c.request("a", { kind: "conciliate", strategy: "STOP" });
    expect(c.reply("a", r)).toEqual({
      ok: false,
      fault: "BAD_SUPVISORS_STATE",
      detail: "invalid Supvisors state=OPERATION - state expected in ['CONCILIATION']",
    });
  });
});
