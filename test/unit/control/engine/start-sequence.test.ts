// ST-SEQ-01..05: application start by start_sequence groups, completion rules, timeouts, and
// single-process starts joining their application's job.

import { describe, expect, test } from "bun:test";
import { FakeCluster, id } from "./fake-cluster.ts";
import { application, forced, programs, rules, starts } from "./fixtures.ts";
import { watch } from "./invariants.ts";

const STORE = rules(
  application("store", { start: 1 }, [
    { name: "db", start: 1, required: true, loading: 10 },
    { name: "cache", start: 1, loading: 10 },
    { name: "migrate", start: 2, waitExit: true },
    { name: "web", start: 3, loading: 10 },
    { name: "tool" },
  ]),
);

function store(overrides: Record<string, object> = {}, instances = ["a", "b"]) {
  const specs = programs("store", ["db", "cache", "migrate", "web", "tool"]).map((p) => ({ ...p, ...(overrides[p.name] ?? {}) }));
  return watch(new FakeCluster({ instances, programs: specs, rules: STORE }));
}

describe("ST-SEQ-01 application start sequence", () => {
  test("groups start in increasing start_sequence, a group's processes together, 0 never", () => {
    const c = store({ migrate: { behaviour: { kind: "exit", after: 2, expected: true } } });
    const r = c.request("a", { kind: "startApplication", strategy: "CONFIG", application: "store", wait: true });
    expect(c.until(() => c.reply("a", r) !== undefined)).toBe(true);
    expect(c.reply("a", r)).toEqual({ ok: true, value: true });
    expect(starts(c)).toEqual(["store:cache@a:9001", "store:db@a:9001", "store:migrate@a:9001", "store:web@a:9001"]);
    expect(c.stateOn("a", "store:tool")).toBe("STOPPED");
    expect(c.invariantErrors).toEqual([]);
  });

  test("only processes stopped at their turn are started", () => {
    const c = store({ migrate: { behaviour: { kind: "exit", after: 1, expected: true } } });
    c.startOutside("b", "store:web");
    c.advance(2);
    const r = c.request("a", { kind: "restartSequence", wait: true });
    expect(c.until(() => c.reply("a", r) !== undefined)).toBe(true);
    expect(starts(c)).not.toContain("store:web@a:9001");
    expect(c.runningOn("store:web")).toEqual([id("b")]);
  });
});

describe("ST-SEQ-03 start completion", () => {
  test("wait_exit: the next group waits for the expected exit, RUNNING is not enough", () => {
    const c = store({ migrate: { behaviour: { kind: "exit", after: 5, expected: true } } });
    c.request("a", { kind: "startApplication", strategy: "CONFIG", application: "store", wait: false });
    c.advance(4);
    expect(c.stateOn("a", "store:migrate")).toBe("RUNNING");
    expect(starts(c)).not.toContain("store:web@a:9001");
    c.until(() => starts(c).includes("store:web@a:9001"));
    expect(c.stateOn("a", "store:migrate")).toBe("EXITED");
  });

  test("wait_exit with an unexpected exit is a failure; the sequence goes on (optional)", () => {
    const c = store({ migrate: { behaviour: { kind: "exit", after: 1, expected: false } } });
    const r = c.request("a", { kind: "startApplication", strategy: "CONFIG", application: "store", wait: true });
    c.until(() => c.reply("a", r) !== undefined);
    expect(starts(c)).toContain("store:web@a:9001");
    expect(c.node("a").logs("info").some((l) => l.includes("optional store:migrate failed to start"))).toBe(true);
  });

  test("BACKOFF restarts the timer, FATAL fails the order", () => {
    const c = store({ cache: { behaviour: { kind: "fatal" } } });
    const r = c.request("a", { kind: "startApplication", strategy: "CONFIG", application: "store", wait: true });
    c.until(() => c.reply("a", r) !== undefined);
    expect(c.stateOn("a", "store:cache")).toBe("FATAL");
    // FATAL is the process's real state: nothing is forced.
    expect(forced(c)).toEqual([]);
  });
});

describe("ST-SEQ-04 start timeouts", () => {
  test("no STARTING within min_ticks → forced FATAL, the sequence goes on", () => {
    const c = store({ cache: { behaviour: { kind: "silent" } }, migrate: { behaviour: { kind: "exit", after: 0, expected: true } } });
    c.request("a", { kind: "startApplication", strategy: "CONFIG", application: "store", wait: false });
    c.advance(2.5);
    expect(forced(c)).toEqual([]);
    c.advance(1);
    expect(forced(c)).toEqual(["store:cache FATAL process STARTING event not received in time"]);
    expect(c.node("b").state.table.applications.get("store")?.forced.get("store:cache")?.state).toBe("FATAL");
    c.until(() => starts(c).includes("store:web@a:9001"));
  });

  test("STARTING for longer than ⌈startsecs / tick⌉ + min_ticks → forced FATAL (RUNNING awaited)", () => {
    const c = store({ db: { behaviour: { kind: "stuck" }, startsecs: 3 } });
    c.request("a", { kind: "startApplication", strategy: "CONFIG", application: "store", wait: false });
    c.advance(5.5);
    expect(forced(c)).toEqual([]);
    c.advance(1);
    expect(forced(c)).toEqual(["store:db FATAL process RUNNING event not received in time"]);
  });

  test("min_ticks grows with the number of non-isolated instances (30 → 3 ticks)", () => {
    const nicks = Array.from({ length: 30 }, (_, i) => `n${i}`);
    const c = new FakeCluster({ instances: nicks, programs: [{ group: "store", name: "db", on: ["n0"], behaviour: { kind: "silent" } }], rules: STORE });
    c.request("n0", { kind: "startProcess", strategy: "CONFIG", namespec: "store:db", extraArgs: "", wait: false });
    c.advance(3.5);
    expect(forced(c)).toEqual([]);
    c.advance(1);
    expect(forced(c)).toEqual(["store:db FATAL process STARTING event not received in time"]);
  });

  test("a later real event clears the forced state", () => {
    const c = store({ db: { behaviour: { kind: "silent" } } });
    c.request("a", { kind: "startProcess", strategy: "CONFIG", namespec: "store:db", extraArgs: "", wait: false });
    c.advance(4);
    const table = () => c.node("a").state.table.applications.get("store");
    expect(table()?.statuses.get("store:db")?.state).toBe("FATAL");
    c.startOutside("a", "store:db");
    expect(table()?.forced.has("store:db")).toBe(false);
    expect(table()?.statuses.get("store:db")?.state).toBe("STARTING");
  });
});

describe("ST-SEQ-05 single-process start", () => {
  test("joins the running application job at its rank, with extra args, wait_exit ignored", () => {
    const c = store({ migrate: { behaviour: { kind: "exit", after: 30, expected: true } } });
    c.request("a", { kind: "startApplication", strategy: "CONFIG", application: "store", wait: false });
    const r = c.request("a", { kind: "startProcess", strategy: "CONFIG", namespec: "store:tool", extraArgs: "-v", wait: true });
    c.until(() => c.reply("a", r) !== undefined, 60);
    // Group 1 was already under way; tool (start_sequence 0) is the lowest group left, before migrate.
    expect(starts(c).slice(0, 3)).toEqual(["store:cache@a:9001", "store:db@a:9001", "store:tool@a:9001"]);
    expect(c.reply("a", r)).toEqual({ ok: true, value: true });
    expect(c.info("a", "store:tool")?.extra_args).toBe("-v");
    expect(c.node("a").state.jobs.starter.current.size + c.node("a").state.jobs.starter.planned.size).toBe(0);
  });

  test("a wait_exit program started alone succeeds once RUNNING", () => {
    const c = store({ migrate: { behaviour: { kind: "exit", after: 30, expected: true } } });
    const r = c.request("a", { kind: "startProcess", strategy: "CONFIG", namespec: "store:migrate", extraArgs: "", wait: true });
    c.until(() => c.reply("a", r) !== undefined);
    expect(c.reply("a", r)).toEqual({ ok: true, value: true });
    expect(c.now).toBeLessThan(5);
  });
});
