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
