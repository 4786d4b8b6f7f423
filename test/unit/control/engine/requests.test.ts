// RPC-SV-22..36 through the engine: the faults of each request in Supvisors' words, replies right
// after queuing (wait=false) or when the jobs end (wait=true) with the end-of-wait checks, and the
// waits answered ABNORMAL_TERMINATION when the jobs are aborted.

import { describe, expect, test } from "bun:test";
import type { ControlRequest } from "../../../../src/control/engine/index.ts";
import { type Behaviour, FakeCluster } from "./fake-cluster.ts";
import { application, programs, rules, starts } from "./fixtures.ts";

const TEXT = rules(
  application("app", { start: 1 }, [{ name: "p", start: 1 }, { name: "q", start: 2 }, { name: "r" }]),
  application("empty", { start: 1 }, [{ name: "x" }]),
);

function cluster(behaviours: Record<string, Behaviour> = {}, extra: Record<string, object> = {}) {
  const specs = [...programs("app", ["p", "q", "r"]), ...programs("empty", ["x"]), { group: "misc", name: "m" }, { group: "solo", name: "solo" }];
  return new FakeCluster({
    instances: ["a", "b"],
    programs: specs.map((s) => ({ ...s, ...(behaviours[s.name] ? { behaviour: behaviours[s.name] } : {}), ...(extra[s.name] ?? {}) })),
    rules: TEXT,
  });
}

/** Sends the request from a, runs until it is answered; returns the reply. */
function ask(c: FakeCluster, request: ControlRequest) {
  const r = c.request("a", request);
  c.until(() => c.reply("a", r) !== undefined);
  // One reply per request, even once its jobs are long over.
  c.advance(3);
  expect(c.invariantErrors).toEqual([]);
  return c.reply("a", r);
}

const startApp = (application: string, wait = true): ControlRequest => ({ kind: "startApplication", strategy: "CONFIG", application, wait });

describe("RPC-SV-22 start_application", () => {
  test("faults before anything is planned", () => {
    const c = cluster();
    expect(ask(c, startApp("nope"))).toEqual({ ok: false, fault: "BAD_NAME", detail: "application=nope unknown to Supvisors" });
    expect(ask(c, startApp("misc"))).toEqual({ ok: false, fault: "NOT_MANAGED", detail: "misc" });
    expect(ask(c, startApp("empty"))).toEqual({ ok: false, fault: "ABNORMAL_TERMINATION", detail: "failed to start empty" });
    c.fsm = "ELECTION";
    expect(ask(c, startApp("app"))).toEqual({
      ok: false,
      fault: "BAD_SUPVISORS_STATE",
      detail: "invalid Supvisors state=ELECTION - state expected in ['OPERATION']",
    });
    c.fsm = "OPERATION";
    c.startOutside("b", "app:r");
    c.advance(2);
    expect(ask(c, startApp("app"))).toEqual({ ok: false, fault: "ALREADY_STARTED", detail: "app" });
  });

  test("wait=false replies at once; wait=true when the job is over; NOT_RUNNING when it did not get RUNNING", () => {
    const c = cluster();
    const r = c.request("a", startApp("app", false));
    expect(c.reply("a", r)).toEqual({ ok: true, value: true });
    const d = cluster({ p: { kind: "fatal" }, q: { kind: "fatal" } });
    expect(ask(d, startApp("app"))).toEqual({ ok: false, fault: "NOT_RUNNING", detail: "app" });
  });
});

describe("RPC-SV-24/25 stop_application, restart_application", () => {
  test("stop: NOT_MANAGED, NOT_RUNNING when nothing runs, STILL_RUNNING when something runs at the end", () => {
    const c = cluster();
    expect(ask(c, { kind: "stopApplication", application: "misc", wait: true })).toEqual({ ok: false, fault: "NOT_MANAGED", detail: "misc" });
    expect(ask(c, { kind: "stopApplication", application: "app", wait: true })).toEqual({ ok: false, fault: "NOT_RUNNING", detail: "failed to stop app" });
    ask(c, startApp("app"));
    const r = c.request("a", { kind: "stopApplication", application: "app", wait: true });
    c.startOutside("b", "app:r");
    c.until(() => c.reply("a", r) !== undefined);
    expect(c.reply("a", r)).toEqual({ ok: false, fault: "STILL_RUNNING", detail: "app" });
  });

  test("restart: no managed check (starting an unmanaged application plans nothing); NOT_RUNNING when stopped at the end", () => {
    const c = cluster();
    expect(ask(c, { kind: "restartApplication", strategy: "CONFIG", application: "misc", wait: true })).toEqual({
      ok: false,
      fault: "ABNORMAL_TERMINATION",
      detail: "failed to restart misc",
    });
    const d = cluster({ p: { kind: "fatal" }, q: { kind: "fatal" } });
    expect(ask(d, { kind: "restartApplication", strategy: "CONFIG", application: "app", wait: true })).toEqual({ ok: false, fault: "NOT_RUNNING", detail: "app" });
  });
});

describe("RPC-SV-27/29/30/31 process requests", () => {
  test("start_process: BAD_NAME, ALREADY_STARTED, group:* starts all, a lone name is name:name", () => {
    const c = cluster();
    const start = (namespec: string): ControlRequest => ({ kind: "startProcess", strategy: "CONFIG", namespec, extraArgs: "", wait: true });
    expect(ask(c, start("app:zz"))).toEqual({ ok: false, fault: "BAD_NAME", detail: "process=zz unknown in application=app" });
    expect(ask(c, start("solo"))).toEqual({ ok: true, value: true });
    expect(ask(c, start("solo"))).toEqual({ ok: false, fault: "ALREADY_STARTED", detail: "solo" });
    expect(ask(c, start("app:*"))).toEqual({ ok: true, value: true });
    expect(c.runningOn("app:r").length).toBe(1);
    const d = cluster({ p: { kind: "fatal" } });
    expect(ask(d, start("app:p"))).toEqual({ ok: false, fault: "NOT_RUNNING", detail: "processes=['app:p']" });
  });

  test("start_any_process: the first stopped match with a resource, by namespec; FAILED when none", () => {
    const c = cluster({}, { p: { disabledOn: ["a", "b"] } });
    expect(ask(c, { kind: "startAnyProcess", strategy: "CONFIG", regex: "^app:[pq]", extraArgs: "", wait: true })).toEqual({ ok: true, value: "app:q" });
    expect(ask(c, { kind: "startAnyProcess", strategy: "CONFIG", regex: "^app:[pq]", extraArgs: "", wait: false })).toEqual({
      ok: false,
      fault: "FAILED",
      detail: 'no candidate process matching "^app:[pq]"',
    });
  });

  test("stop_process: NOT_RUNNING when stopped; STILL_RUNNING when the stop did not work", () => {
    const c = cluster({}, { r: { stopRefused: "FAILED: cannot" } });
    expect(ask(c, { kind: "stopProcess", namespec: "app:r", wait: true })).toEqual({ ok: false, fault: "NOT_RUNNING", detail: "app:r already stopped" });
    c.startOutside("a", "app:r");
    c.advance(2);
    expect(ask(c, { kind: "stopProcess", namespec: "app:r", wait: true })).toEqual({ ok: false, fault: "STILL_RUNNING", detail: "processes=['app:r']" });
  });

  test("restart_process: NOT_RUNNING when the new start fails", () => {
    const c = cluster();
    c.startOutside("a", "app:r");
    c.advance(2);
    c.specs.get("app:r")!.behaviour = { kind: "fatal" };
    expect(ask(c, { kind: "restartProcess", strategy: "CONFIG", namespec: "app:r", extraArgs: "", wait: true })).toEqual({
      ok: false,
      fault: "NOT_RUNNING",
      detail: "processes=['app:r']",
    });
  });
});

describe("RPC-SV-36 restart_sequence, and aborted jobs", () => {
  test("restart_sequence: starts the auto-started applications; refused while jobs run", () => {
    const c = cluster({}, { p: { startsecs: 3 } });
    const first = c.request("a", { kind: "restartSequence", wait: true });
    expect(ask(c, { kind: "restartSequence", wait: false })).toEqual({ ok: false, fault: "BAD_SUPVISORS_STATE", detail: "jobs in progress" });
    c.until(() => c.reply("a", first) !== undefined);
    expect(c.reply("a", first)).toEqual({ ok: true, value: true });
    expect(starts(c)).toEqual(["app:p@a:9001", "app:q@a:9001"]);
    expect(ask(c, { kind: "restartSequence", wait: true })).toEqual({ ok: false, fault: "ABNORMAL_TERMINATION", detail: "failed to trigger start sequence" });
  });

  test("jobs: abort answers every wait ABNORMAL_TERMINATION", () => {
    const c = cluster({}, { p: { startsecs: 5 } });
    const r = c.request("a", startApp("app"));
    c.advance(1);
    c.enter("ELECTION");
    const reply = c.reply("a", r);
    expect(reply?.ok).toBe(false);
    expect(reply).toMatchObject({ fault: "ABNORMAL_TERMINATION" });
    expect((reply as { detail: string }).detail).toContain("jobs aborted");
    expect(c.node("a").state.jobs.starter.current.size).toBe(0);
  });
});
