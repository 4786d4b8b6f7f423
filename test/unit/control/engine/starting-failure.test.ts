// ST-SFS-01..04: what a failed start of a required process does to the rest of its application's
// start sequence; failures of optional processes never stop it. Orders refused by the target and
// orders timed out count as failures too.

import { describe, expect, test } from "bun:test";
import type { Behaviour } from "./fake-cluster.ts";
import { FakeCluster } from "./fake-cluster.ts";
import { application, forced, programs, rules, starts, stops } from "./fixtures.ts";
import { watch } from "./invariants.ts";

function cluster(appSfs: string, dbRule: { required?: boolean; sfs?: "ABORT" | "STOP" | "CONTINUE" }, db: Behaviour) {
  const text = rules(
    application("store", { start: 1, sfs: appSfs }, [
      { name: "db", start: 1, ...dbRule },
      { name: "cache", start: 1 },
      { name: "web", start: 2 },
    ]),
  );
  const specs = programs("store", ["db", "cache", "web"]).map((p) => (p.name === "db" ? { ...p, behaviour: db } : p));
  const c = watch(new FakeCluster({ instances: ["a", "b"], programs: specs, rules: text }));
  const r = c.request("a", { kind: "startApplication", strategy: "CONFIG", application: "store", wait: true });
  c.until(() => c.reply("a", r) !== undefined && c.node("a").state.jobs.stopper.current.size === 0);
  return { c, reply: c.reply("a", r) };
}

const FATAL: Behaviour = { kind: "fatal" };

describe("ST-SFS required process failing to start", () => {
  test("ST-SFS-01 ABORT: later groups dropped, the current group finishes", () => {
    const { c } = cluster("ABORT", { required: true }, FATAL);
    expect(starts(c)).toEqual(["store:cache@a:9001", "store:db@a:9001"]);
    expect(c.stateOn("a", "store:cache")).toBe("RUNNING");
    expect(stops(c)).toEqual([]);
  });

  test("ST-SFS-02 STOP: as ABORT, then the application is stopped", () => {
    const { c } = cluster("STOP", { required: true }, FATAL);
    expect(starts(c)).toEqual(["store:cache@a:9001", "store:db@a:9001"]);
    expect(stops(c)).toEqual(["store:cache@a:9001"]);
    expect(c.stateOn("a", "store:cache")).toBe("STOPPED");
  });

  test("ST-SFS-03 CONTINUE: the sequence goes on", () => {
    const { c } = cluster("CONTINUE", { required: true }, FATAL);
    expect(starts(c)).toContain("store:web@a:9001");
  });

  test("ST-SFS-04 optional processes always continue, whatever the strategy", () => {
    const { c } = cluster("STOP", { required: false }, FATAL);
    expect(starts(c)).toContain("store:web@a:9001");
    expect(stops(c)).toEqual([]);
  });

  test("ST-SFS-04 the process rule's strategy overrides the application's", () => {
    const { c } = cluster("STOP", { required: true, sfs: "CONTINUE" }, FATAL);
    expect(starts(c)).toContain("store:web@a:9001");
    expect(stops(c)).toEqual([]);
  });
});

describe("failures that are not process events", () => {
  test("an order refused by the target fails at once, forced FATAL with the fault text", () => {
    const { c } = cluster("ABORT", { required: true }, { kind: "refuse", reason: "SPAWN_ERROR: store:db" });
    expect(forced(c)).toEqual(["store:db FATAL SPAWN_ERROR: store:db"]);
    expect(starts(c)).not.toContain("store:web@a:9001");
  });

  test("an order timed out counts as a start failure of a required process", () => {
    const { c } = cluster("ABORT", { required: true }, { kind: "silent" });
    expect(forced(c)).toEqual(["store:db FATAL process STARTING event not received in time"]);
    expect(starts(c)).not.toContain("store:web@a:9001");
  });
});

describe("ST-SFS-02 STOP never takes down what ran before the plan (Flotilla)", () => {
  // At DISTRIBUTION the application is in major failure (`db`, required, exited unexpectedly) while
  // `cache` runs (started by hand): it is planned again (ST-SEQ-10). `web` is started, `db` fails
  // again: STOP stops what this plan started and leaves `cache` running (Supvisors stops it too).
  function repaired(db: Behaviour) {
    const text = rules(
      application("store", { start: 1, sfs: "STOP" }, [
        { name: "db", start: 2, required: true },
        { name: "cache", start: 1 },
        { name: "web", start: 1 },
        { name: "tail", start: 3 },
      ]),
    );
    const specs = programs("store", ["db", "cache", "web", "tail"]).map((p) => (p.name === "db" ? { ...p, behaviour: db } : p));
    const c = watch(new FakeCluster({ instances: ["a", "b"], programs: specs, rules: text }));
    c.startOutside("b", "store:cache");
    c.exit("a", "store:db", false);
    c.advance(2);
    c.enter("DISTRIBUTION");
    c.until(() => c.fsm === "OPERATION" && c.node("a").state.jobs.stopper.current.size === 0);
    return c;
  }

  test("a required process fails again: what the plan started is stopped, the process running before is not", () => {
    const c = repaired(FATAL);
    expect(starts(c)).toEqual(["store:web@a:9001", "store:db@a:9001"]);
    expect(stops(c)).toEqual(["store:web@a:9001"]);
    expect(c.stateOn("b", "store:cache")).toBe("RUNNING");
    expect(c.stateOn("a", "store:tail")).toBe("STOPPED");
    expect(c.invariantErrors).toEqual([]);
  });

  test("the order refused by the target: the process running before is still left alone", () => {
    const c = repaired({ kind: "refuse", reason: "SPAWN_ERROR: store:db" });
    expect(stops(c)).toEqual(["store:web@a:9001"]);
    expect(c.stateOn("b", "store:cache")).toBe("RUNNING");
    expect(c.invariantErrors).toEqual([]);
  });
});
