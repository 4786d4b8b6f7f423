// ST-SEQ-06/07/08/20: application and process stops (highest stop_sequence first, on every
// instance where the process runs), stop timeouts, restarts (stop, then start), and the global stop.

import { describe, expect, test } from "bun:test";
import { FakeCluster, id } from "./fake-cluster.ts";
import { application, effectsOf, forced, programs, rules, starts, stops } from "./fixtures.ts";
import { watch } from "./invariants.ts";

const TEXT = rules(
  application("store", { start: 1, stop: 2 }, [
    { name: "db", start: 1, stop: 1 },
    { name: "cache", start: 1, stop: 2 },
    { name: "web", start: 2, stop: 3 },
  ]),
  application("desk", { start: 2, stop: 5 }, [{ name: "ui", start: 1 }]),
);

function running(extra: Record<string, object> = {}) {
  const specs = [...programs("store", ["db", "cache", "web"]), ...programs("desk", ["ui"])].map((p) => ({ ...p, ...(extra[p.name] ?? {}) }));
  const c = watch(new FakeCluster({ instances: ["a", "b"], programs: specs, rules: TEXT }));
  for (const key of ["store:db", "store:cache", "store:web", "desk:ui"]) c.startOutside("a", key);
  c.advance(2);
  return c;
}

describe("ST-SEQ-06/07 stop sequence", () => {
  test("highest stop_sequence first; a process is stopped on every instance where it runs", () => {
    const c = running();
    c.startOutside("b", "store:cache");
    c.advance(2);
    const r = c.request("a", { kind: "stopApplication", application: "store", wait: true });
    c.until(() => c.reply("a", r) !== undefined);
    expect(c.reply("a", r)).toEqual({ ok: true, value: true });
    expect(stops(c)).toEqual(["store:web@a:9001", "store:cache@a:9001", "store:cache@b:9001", "store:db@a:9001"]);
    expect(c.runningOn("desk:ui")).toEqual([id("a")]);
    expect(c.invariantErrors).toEqual([]);
  });

  test("STOPPING for longer than ⌈stopwaitsecs / tick⌉ + min_ticks → forced STOPPED, the sequence goes on", () => {
    const c = running({ web: { stopDelay: null, stopwaitsecs: 2 } });
    const r = c.request("a", { kind: "stopApplication", application: "store", wait: true });
    c.advance(4.5);
    expect(forced(c)).toEqual([]);
    c.until(() => c.reply("a", r) !== undefined);
    expect(forced(c)).toEqual(["store:web STOPPED process STOPPED event not received in time"]);
    expect(stops(c)).toContain("store:db@a:9001");
    // The application state comes from displayed states: forced STOPPED counts as stopped.
    expect(c.reply("a", r)).toEqual({ ok: true, value: true });
    expect(c.stateOn("a", "store:web")).toBe("STOPPING");
  });

  test("a process already STOPPING gets no second order: its STOPPED is awaited", () => {
    const c = running({ web: { stopDelay: 3 } });
    c.request("a", { kind: "stopProcess", namespec: "store:web", wait: false });
    c.advance(1);
    const r = c.request("b", { kind: "stopApplication", application: "store", wait: true });
    c.until(() => c.reply("b", r) !== undefined);
    expect(c.reply("b", r)).toEqual({ ok: true, value: true });
    expect(stops(c)).toEqual(["store:web@a:9001", "store:cache@a:9001", "store:db@a:9001"]);
    expect(forced(c)).toEqual([]);
    expect(c.invariantErrors).toEqual([]);
  });

  test("a stop refused by the target fails at once with a forced STOPPED", () => {
    const c = running();
    // The daemon answers the order with a fault (e.g. the process exited meanwhile).
    const r = c.request("a", { kind: "stopProcess", namespec: "store:db", wait: true });
    c.deliver(c.node("a"), { type: "commandFailed", identifier: id("a"), namespec: "store:db", action: "stop", reason: "NOT_RUNNING" });
    expect(forced(c)).toEqual(["store:db STOPPED NOT_RUNNING"]);
    c.until(() => c.reply("a", r) !== undefined);
  });
});

describe("ST-SEQ-08 restart", () => {
  test("application: stop first, then start with the strategy given", () => {
    const c = running();
    const r = c.request("a", { kind: "restartApplication", strategy: "LESS_LOADED", application: "store", wait: true });
    c.until(() => c.reply("a", r) !== undefined);
    expect(c.reply("a", r)).toEqual({ ok: true, value: true });
    const firstStart = effectsOf(c, "start")[0]?.at ?? -1;
    const lastStop = Math.max(...effectsOf(c, "stop").map((e) => e.at));
    expect(stops(c).length).toBe(3);
    expect(firstStart).toBeGreaterThan(lastStop);
    // LESS_LOADED: desk:ui (0 %) on a, so every instance is equal; the first wins.
    expect(starts(c).length).toBe(3);
    expect(c.node("a").state.jobs.deferred.applications.size).toBe(0);
  });

  test("application already stopped: started directly", () => {
    const c = new FakeCluster({ instances: ["a"], programs: programs("store", ["db", "cache", "web"]), rules: TEXT });
    const r = c.request("a", { kind: "restartApplication", strategy: "CONFIG", application: "store", wait: true });
    c.until(() => c.reply("a", r) !== undefined);
    expect(stops(c)).toEqual([]);
    expect(starts(c).length).toBe(3);
  });

  test("process: stopped where it runs, then started with its extra args", () => {
    const c = running();
    const r = c.request("a", { kind: "restartProcess", strategy: "CONFIG", namespec: "store:web", extraArgs: "--fast", wait: true });
    c.until(() => c.reply("a", r) !== undefined);
    expect(c.reply("a", r)).toEqual({ ok: true, value: true });
    expect(stops(c)).toEqual(["store:web@a:9001"]);
    expect(starts(c)).toEqual(["store:web@a:9001"]);
    expect(c.info("a", "store:web")?.extra_args).toBe("--fast");
  });
});

describe("ST-SEQ-20 global stop", () => {
  test("every application with a running process, by decreasing stop rank; FSM reaches FINAL", () => {
    const c = running();
    c.enter("RESTARTING");
    c.until(() => c.fsm === "FINAL");
    const order = stops(c);
    expect(order[0]).toBe("desk:ui@a:9001");
    expect(order.slice(1)).toEqual(["store:web@a:9001", "store:cache@a:9001", "store:db@a:9001"]);
    expect(c.invariantErrors).toEqual([]);
  });

  test("unmanaged applications are stopped too", () => {
    const c = new FakeCluster({ instances: ["a", "b"], programs: [{ group: "misc", name: "x" }] });
    c.startOutside("b", "misc:x");
    c.advance(2);
    c.enter("SHUTTING_DOWN");
    c.until(() => c.fsm === "FINAL");
    expect(stops(c)).toEqual(["misc:x@b:9001"]);
  });
});
