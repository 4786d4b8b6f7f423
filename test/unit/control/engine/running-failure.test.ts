// ST-RFS-01..07: the running failure strategies on a crash seen by the Master (b) and on processes
// lost with their instance (a), priorities and deferral, ST-SEQ-30, and the loss of the Master
// itself with the newly elected Master taking the lost processes over.

import { describe, expect, test } from "bun:test";
import { FakeCluster, id } from "./fake-cluster.ts";
import { application, effectsOf, programs, rules, starts, stops } from "./fixtures.ts";
import { watch } from "./invariants.ts";

/** store: db (start 1) and web (start 2) prefer b then a; tool (start 0) too. Master a. */
function setup(rfs: { db?: string; web?: string; tool?: string }, options: { master?: string; startTool?: boolean } = {}) {
  const text = rules(
    application("store", { start: 1 }, [
      { name: "db", start: 1, identifiers: "b,a", rfs: rfs.db },
      { name: "web", start: 2, identifiers: "b,a", rfs: rfs.web },
      { name: "tool", identifiers: "b,a", rfs: rfs.tool },
    ]),
  );
  const c = watch(new FakeCluster({ instances: ["a", "b", "c"], programs: programs("store", ["db", "web", "tool"]), rules: text, master: options.master }));
  const r = c.request("a", { kind: "startApplication", strategy: "CONFIG", application: "store", wait: true });
  c.until(() => c.reply("a", r) !== undefined);
  if (options.startTool) {
    const t = c.request("a", { kind: "startProcess", strategy: "CONFIG", namespec: "store:tool", extraArgs: "-x", wait: true });
    c.until(() => c.reply("a", t) !== undefined);
  }
  c.trace.length = 0;
  return c;
}

const settle = (c: FakeCluster) => c.advance(10);

describe("ST-RFS crash seen by the Master (b)", () => {
  test("CONTINUE and RESTART_PROCESS: nothing (Supervisor's autorestart is the tool there)", () => {
    for (const strategy of ["CONTINUE", "RESTART_PROCESS"]) {
      const c = setup({ db: strategy });
      c.exit("b", "store:db", false);
      settle(c);
      expect(starts(c)).toEqual([]);
      expect(stops(c)).toEqual([]);
    }
  });

  test("STOP_APPLICATION: the application is stopped", () => {
    const c = setup({ db: "STOP_APPLICATION" });
    c.exit("b", "store:db", false);
    settle(c);
    expect(stops(c)).toEqual(["store:web@b:9001"]);
    expect(starts(c)).toEqual([]);
  });

  test("RESTART_APPLICATION: stopped, then started again", () => {
    const c = setup({ db: "RESTART_APPLICATION" });
    c.exit("b", "store:db", false);
    settle(c);
    expect(stops(c)).toEqual(["store:web@b:9001"]);
    expect(starts(c)).toEqual(["store:db@b:9001", "store:web@b:9001"]);
  });

  test("SHUTDOWN / RESTART close the cluster", () => {
    for (const [strategy, action] of [["SHUTDOWN", "shutdown"], ["RESTART", "restart"]]) {
      const c = setup({ db: strategy });
      c.exit("b", "store:db", false);
      expect(effectsOf(c, "closeCluster").map((e) => `${e.node} ${e.action}`)).toEqual([`${id("a")} ${action}`]);
    }
  });

  test("an expected exit is no crash; a slave never acts; nor does the Master outside OPERATION/CONCILIATION", () => {
    const c = setup({ db: "STOP_APPLICATION" });
    c.exit("b", "store:db", true);
    settle(c);
    expect(stops(c)).toEqual([]);
    const d = setup({ db: "STOP_APPLICATION" }, { master: "c" });
    d.exit("b", "store:db", false);
    settle(d);
    expect(effectsOf(d, "stop").map((e) => e.node)).toEqual([id("c")]);
    const e = setup({ db: "STOP_APPLICATION" });
    e.fsm = "ELECTION";
    e.exit("b", "store:db", false);
    settle(e);
    expect(stops(e)).toEqual([]);
  });
});

describe("ST-RFS-04/05 forced-state exclusion", () => {
  test("a crashed process whose state was forced (failed start) does not stop its application", () => {
    const c = setup({ db: "STOP_APPLICATION" });
    c.fsm = "ELECTION";
    c.exit("b", "store:db", false);
    c.fsm = "OPERATION";
    // A peer could not place db again and forced it FATAL: the crash rule sees a forced state.
    c.deliver(c.masterNode, { type: "forced", namespec: "store:db", state: "FATAL", reason: "No resource available" });
    settle(c);
    expect(stops(c)).toEqual([]);
  });
});

describe("ST-RFS lost processes (a)", () => {
  test("RESTART_PROCESS restarts a lost process (with its extra args) on another instance", () => {
    const c = setup({ tool: "RESTART_PROCESS" }, { startTool: true });
    c.lose("b");
    settle(c);
    expect(starts(c)).toContain("store:tool@a:9001");
    expect(c.info("a", "store:tool")?.extra_args).toBe("-x");
  });

  test("RESTART_PROCESS promoted to RESTART_APPLICATION when the application is now stopped (ST-RFS-03)", () => {
    const c = setup({ db: "RESTART_PROCESS" });
    c.lose("b");
    settle(c);
    expect(starts(c)).toEqual(["store:db@a:9001", "store:web@a:9001"]);
    expect(c.masterNode.logs("warn").some((l) => l.includes("promoted to RESTART_APPLICATION"))).toBe(true);
  });

  test("STOP_APPLICATION stops what is left; CONTINUE and SHUTDOWN do nothing (ST-RFS-06)", () => {
    const c = setup({ db: "STOP_APPLICATION" }, { startTool: true });
    c.startOutside("a", "store:web");
    c.advance(2);
    c.trace.length = 0;
    c.lose("b");
    settle(c);
    expect(stops(c)).toEqual(["store:web@a:9001"]);
    for (const strategy of ["CONTINUE", "SHUTDOWN", "RESTART"]) {
      const d = setup({ db: strategy, web: strategy });
      d.lose("b");
      settle(d);
      expect(starts(d)).toEqual([]);
      expect(effectsOf(d, "closeCluster")).toEqual([]);
    }
  });

  test("RESTART_APPLICATION restarts the application elsewhere", () => {
    const c = setup({ web: "RESTART_APPLICATION" });
    c.lose("b");
    settle(c);
    expect(starts(c)).toEqual(["store:db@a:9001", "store:web@a:9001"]);
    expect(stops(c)).toEqual([]);
  });

  test("ST-RFS-07 priorities: STOP_APPLICATION supersedes RESTART_APPLICATION and RESTART_PROCESS", () => {
    const c = setup({ db: "RESTART_APPLICATION", web: "STOP_APPLICATION", tool: "RESTART_PROCESS" }, { startTool: true });
    c.lose("b");
    settle(c);
    expect(starts(c)).toEqual([]);
  });

  test("ST-RFS-07 deferral: jobs of an application in the starter wait until it is done", () => {
    const text = rules(application("store", { start: 1 }, [{ name: "db", start: 1, identifiers: "a" }, { name: "tool", identifiers: "b,a", rfs: "RESTART_PROCESS" }]));
    const specs = [{ group: "store", name: "db", startsecs: 5 }, { group: "store", name: "tool" }];
    const c = watch(new FakeCluster({ instances: ["a", "b", "c"], programs: specs, rules: text }));
    c.request("a", { kind: "startProcess", strategy: "CONFIG", namespec: "store:tool", extraArgs: "", wait: false });
    c.advance(2);
    c.request("a", { kind: "startProcess", strategy: "CONFIG", namespec: "store:db", extraArgs: "", wait: false });
    c.lose("b");
    c.advance(3);
    expect(starts(c)).toEqual(["store:tool@b:9001", "store:db@a:9001"]);
    expect(c.masterNode.state.jobs.failures.restartProcesses.has("store:tool")).toBe(true);
    settle(c);
    expect(starts(c)).toEqual(["store:tool@b:9001", "store:db@a:9001", "store:tool@a:9001"]);
  });

  test("ST-SEQ-30: a start awaited on the lost instance is a start failure, not a running failure", () => {
    const c = setup({ tool: "RESTART_PROCESS" });
    c.specs.get("store:tool")!.startsecs = 5;
    c.request("a", { kind: "startProcess", strategy: "CONFIG", namespec: "store:tool", extraArgs: "", wait: false });
    c.advance(1);
    c.lose("b");
    settle(c);
    expect(starts(c)).toEqual(["store:tool@b:9001"]);
    expect(c.masterNode.logs("warn").some((l) => l.includes("store:tool: start order on b:9001 dropped"))).toBe(true);
  });
});

describe("ST-RFS lost processes when the Master itself is lost", () => {
  test("the newly elected Master restarts what was left running nowhere; the other node does not", () => {
    const c = setup({ tool: "RESTART_PROCESS" }, { master: "b", startTool: true });
    c.lose("b");
    expect(c.fsm).toBe("ELECTION");
    c.advance(2);
    expect(starts(c)).toEqual([]);
    c.elect("a");
    settle(c);
    // a restarts tool; the application (db, web: all lost) is started again by DISTRIBUTION/promotion.
    expect(starts(c).filter((s) => s.startsWith("store:tool"))).toEqual(["store:tool@a:9001"]);
    expect(effectsOf(c, "start").every((e) => e.node === id("a"))).toBe(true);
    expect(c.node("c").state.jobs.lost.size).toBe(0);
    expect(c.runningOn("store:tool")).toEqual([id("a")]);
  });

  test("a slave forgets the losses a live Master in OPERATION dealt with", () => {
    const c = setup({ tool: "CONTINUE" }, { startTool: true });
    c.lose("b");
    expect(c.node("c").state.jobs.lost.has("store:tool")).toBe(true);
    c.advance(1);
    expect(c.node("c").state.jobs.lost.size).toBe(0);
  });
});
