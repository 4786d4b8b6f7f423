// Every synchro option (ST-SYN-01..07) played on a simulated cluster of three nodes.
import { describe, expect, test } from "bun:test";
import { Sim } from "./cluster-sim.ts";

const abc = [{ nick: "a" }, { nick: "b" }, { nick: "c" }];

function leftSync(sim: Sim, nick: string): number | undefined {
  return sim.node(nick).fsmHistory.find((h) => h.fsm === "ELECTION")?.at;
}

describe("ST-SYN synchro options", () => {
  test("ST-SYN-01 STRICT waits for every declared instance", () => {
    const sim = new Sim({ seed: 11, nodes: abc, base: { synchroOptions: ["STRICT"] } });
    sim.start("a");
    sim.start("b");
    sim.runUntil(2);
    expect(sim.fsm("a")).toBe("SYNCHRONIZATION");
    expect(sim.state("a").waitingFor).toEqual([`STRICT: declared instances not yet RUNNING everywhere: ${sim.id("c")}`]);
    expect(sim.state("a").degraded).toBe(true);
    sim.start("c");
    sim.waitFor(() => sim.allInOperation(), 4, "OPERATION");
    expect(leftSync(sim, "a")).toBeGreaterThan(2);
    expect(["a", "b", "c"].map((n) => sim.master(n))).toEqual(["a", "a", "a"]);
    expect(sim.state("a").degraded).toBe(false);
    expect(sim.violations).toEqual([]);
  });

  test("ST-SYN-02 LIST also waits for discovered instances", () => {
    const sim = new Sim({
      seed: 12,
      nodes: [{ nick: "a" }, { nick: "b" }, { nick: "d", declared: false }],
      base: { synchroOptions: ["LIST"], discoveryMode: true },
    });
    sim.start("a");
    sim.start("d");
    sim.at(1, () => sim.start("b"));
    sim.waitFor(() => sim.allInOperation(), 5, "OPERATION");
    const left = leftSync(sim, "a")!;
    expect(left).toBeGreaterThan(1);
    // d was known (discovered) before a could leave, so LIST made a wait for it too.
    expect(sim.seen("a", "d")).toBe("RUNNING");
    expect(sim.state("a").instances.get(sim.id("d"))!.declared).toBe(false);
    expect(sim.violations).toEqual([]);
  });

  test("ST-SYN-03 TIMEOUT ends synchronization after synchro_timeout with an instance missing", () => {
    const sim = new Sim({ seed: 13, nodes: abc, base: { synchroOptions: ["TIMEOUT"], synchroTimeout: 15 } });
    sim.start("a");
    sim.start("b");
    sim.runUntil(14.5);
    expect(sim.fsm("a")).toBe("SYNCHRONIZATION");
    expect(sim.state("a").waitingFor[0]).toMatch(/^TIMEOUT: 0\.\d s left of synchro_timeout=15 s$/);
    sim.waitFor(() => sim.allInOperation(["a", "b"]), 16, "OPERATION");
    expect(leftSync(sim, "a")).toBeGreaterThanOrEqual(15);
    expect(sim.seen("a", "c")).toBe("STOPPED");
    expect(sim.violations).toEqual([]);
  });

  test("ST-SYN-04 CORE waits for the core instances and the 15 s guard; ST-MST-03 prefers core", () => {
    const sim = new Sim({ seed: 14, nodes: abc, base: { synchroOptions: ["CORE"], coreIdentifiers: ["b", "c"] } });
    sim.start("a");
    sim.start("b");
    sim.runUntil(16);
    expect(sim.fsm("a")).toBe("SYNCHRONIZATION");
    expect(sim.state("a").waitingFor).toEqual([`CORE: core instances not yet RUNNING everywhere: ${sim.id("c")}`]);
    sim.start("c");
    // c has its own 15 s guard to serve; a and b wait in ELECTION for it to name a Master.
    sim.waitFor(() => sim.allInOperation(), 33, "OPERATION");
    expect(leftSync(sim, "c")).toBeGreaterThanOrEqual(31);
    // a has the smallest nick, but b is a core instance.
    expect(["a", "b", "c"].map((n) => sim.master(n))).toEqual(["b", "b", "b"]);
    expect(sim.violations).toEqual([]);
  });

  test("ST-SYN-04 CORE guard: core instances present early still wait for 15 s of uptime", () => {
    const sim = new Sim({ seed: 15, nodes: abc, base: { synchroOptions: ["CORE"], coreIdentifiers: ["a"] } });
    for (const n of ["a", "b", "c"]) sim.start(n);
    sim.runUntil(10);
    expect(sim.fsm("a")).toBe("SYNCHRONIZATION");
    expect(sim.state("a").waitingFor[0]).toMatch(/^CORE: core instances RUNNING, 5\.\d s left of the 15 s guard$/);
    sim.waitFor(() => sim.allInOperation(), 17, "OPERATION");
    expect(leftSync(sim, "a")).toBeGreaterThanOrEqual(15);
  });

  test("ST-SYN-05/07 USER: end_sync with a Master ends the phase everywhere", () => {
    const sim = new Sim({ seed: 16, nodes: abc, base: { synchroOptions: ["USER"] } });
    for (const n of ["a", "b", "c"]) sim.start(n);
    sim.runUntil(5);
    expect(["a", "b", "c"].map((n) => sim.fsm(n))).toEqual(["SYNCHRONIZATION", "SYNCHRONIZATION", "SYNCHRONIZATION"]);
    expect(sim.state("b").waitingFor).toEqual(["USER: waiting for end_sync (no Master selected)"]);
    expect(sim.request("b", { type: "endSync", master: "nobody" })).toEqual({ ok: false, fault: "BAD_NAME", detail: "unknown Supvisors identifier=nobody" });
    expect(sim.request("b", { type: "endSync", master: "c" })).toEqual({ ok: true });
    sim.waitFor(() => sim.allInOperation(), 7, "OPERATION");
    expect(["a", "b", "c"].map((n) => sim.master(n))).toEqual(["c", "c", "c"]);
    expect(sim.request("a", { type: "endSync", master: "" })).toMatchObject({ ok: false, fault: "BAD_SUPVISORS_STATE" });
    expect(sim.violations).toEqual([]);
  });

  test("ST-SYN-07 end_sync without a Master selects one automatically", () => {
    const sim = new Sim({ seed: 17, nodes: abc, base: { synchroOptions: ["USER"] } });
    for (const n of ["a", "b", "c"]) sim.start(n);
    sim.runUntil(3);
    expect(sim.request("c", { type: "endSync", master: "" })).toEqual({ ok: true });
    sim.waitFor(() => sim.allInOperation(), 5, "OPERATION");
    expect(sim.master("b")).toBe("a");
  });
});
