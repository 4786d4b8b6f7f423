// Losses, joins and splits on a simulated cluster: master loss, late joiner, partition and heal,
// auto_fence, inconsistent strategies, stealth restart, single node, detection time, and the
// cluster-wide restart / shutdown.
import { describe, expect, test } from "bun:test";
import { Sim } from "./cluster-sim.ts";

const nodes = (...nicks: string[]) => nicks.map((nick) => ({ nick }));
const masters = (sim: Sim, nicks: string[]) => nicks.map((n) => sim.master(n));

function operating(sim: Sim, nicks: string[], deadline: number): number {
  return sim.waitFor(() => sim.allInOperation(nicks), deadline, `OPERATION of ${nicks.join(",")}`);
}

describe("cluster faults", () => {
  test("ST-MST-05 master loss: kill -9 of the Master → re-election among the others", () => {
    const sim = new Sim({ seed: 21, nodes: nodes("a", "b", "c"), base: { synchroOptions: ["STRICT"] } });
    for (const n of ["a", "b", "c"]) sim.start(n);
    operating(sim, ["a", "b", "c"], 3);
    expect(sim.master("b")).toBe("a");
    sim.kill("a");
    const killedAt = sim.now;
    sim.waitFor(() => sim.master("b") === "b" && sim.master("c") === "b" && sim.allInOperation(["b", "c"]), killedAt + 3, "re-election");
    expect(sim.seen("b", "a")).toBe("STOPPED");
    expect(sim.state("b").degraded).toBe(true); // STRICT lost, strategy CONTINUE
    expect(sim.violations).toEqual([]);
  });

  test("ST-SFA-03 RESYNC: losing a STRICT instance sends the cluster back to SYNCHRONIZATION", () => {
    const sim = new Sim({ seed: 31, nodes: nodes("a", "b", "c"), base: { synchroOptions: ["STRICT"], supvisorsFailureStrategy: "RESYNC" } });
    for (const n of ["a", "b", "c"]) sim.start(n);
    operating(sim, ["a", "b", "c"], 3);
    sim.kill("c");
    sim.waitFor(() => sim.fsm("a") === "SYNCHRONIZATION" && sim.fsm("b") === "SYNCHRONIZATION", sim.now + 2, "RESYNC");
    expect(sim.state("a").waitingFor).toEqual([expect.stringMatching(new RegExp(`^STRICT: declared instances not yet RUNNING everywhere: ${sim.id("c")}`))]);
    sim.start("c");
    operating(sim, ["a", "b", "c"], sim.now + 3);
    expect(sim.violations).toEqual([]);
  });

  test("ST-MST-04 late joiner adopts the existing Master", () => {
    const sim = new Sim({
      seed: 22,
      nodes: [{ nick: "b" }, { nick: "c" }, { nick: "a", declared: false }],
      base: { synchroOptions: ["STRICT"], discoveryMode: true },
    });
    sim.start("b");
    sim.start("c");
    operating(sim, ["b", "c"], 3);
    expect(sim.master("c")).toBe("b");
    // "a" would win a fresh election (smallest nick) but must adopt b.
    sim.start("a");
    sim.waitFor(() => sim.allInOperation() && sim.seen("b", "a") === "RUNNING", sim.now + 5, "join");
    expect(masters(sim, ["a", "b", "c"])).toEqual(["b", "b", "b"]);
    expect(sim.node("b").logs.some((l) => l.includes("Master: 127.0.0.1:61003"))).toBe(false);
    expect(sim.violations).toEqual([]);
  });

  test("partition then heal: each side elects, then one Master again", () => {
    const sim = new Sim({ seed: 23, nodes: nodes("a", "b", "c", "d"), base: { synchroOptions: ["STRICT"] } });
    for (const n of ["a", "b", "c", "d"]) sim.start(n);
    operating(sim, ["a", "b", "c", "d"], 3);
    sim.partition([["a", "b"], ["c", "d"]]);
    const cut = sim.now;
    sim.waitFor(() => sim.master("c") === "c" && sim.master("d") === "c" && sim.allInOperation(["c", "d"]), cut + 3, "election in c,d");
    expect(masters(sim, ["a", "b"])).toEqual(["a", "a"]);
    sim.heal();
    sim.waitFor(() => sim.allInOperation() && masters(sim, ["a", "b", "c", "d"]).every((m) => m === "a") && sim.seen("c", "a") === "RUNNING", sim.now + 5, "merge");
    sim.runUntil(sim.now + 3);
    expect(masters(sim, ["a", "b", "c", "d"])).toEqual(["a", "a", "a", "a"]);
    expect(sim.violations).toEqual([]);
  });

  test("ST-IN-16 auto_fence: a silent instance is ISOLATED while the Master works, and stays so", () => {
    const sim = new Sim({ seed: 24, nodes: nodes("a", "b", "c"), base: { synchroOptions: ["STRICT"], autoFence: true } });
    for (const n of ["a", "b", "c"]) sim.start(n);
    operating(sim, ["a", "b", "c"], 3);
    sim.partition([["a", "b"], ["c"]]);
    sim.waitFor(() => sim.seen("a", "c") === "ISOLATED" && sim.seen("b", "c") === "ISOLATED", sim.now + 2, "isolation");
    // c lost its Master: no working Master to fence for, so it only stops seeing a and b.
    sim.waitFor(() => sim.seen("c", "a") === "STOPPED" && sim.master("c") === "c", sim.now + 3, "c alone");
    sim.heal();
    sim.runUntil(sim.now + 5);
    expect([sim.seen("a", "c"), sim.seen("b", "c")]).toEqual(["ISOLATED", "ISOLATED"]);
    expect(masters(sim, ["a", "b"])).toEqual(["a", "a"]);
    expect(sim.allInOperation(["a", "b"])).toBe(true);
    expect(sim.violations).toEqual([]);
  });

  test("ST-HS-03 inconsistent strategies → ISOLATED both ways", () => {
    const sim = new Sim({
      seed: 25,
      nodes: [{ nick: "a" }, { nick: "b" }, { nick: "c", options: { conciliationStrategy: "SENICIDE" } }],
      base: { synchroOptions: ["LIST", "TIMEOUT"] },
    });
    for (const n of ["a", "b", "c"]) sim.start(n);
    sim.waitFor(() => sim.seen("a", "c") === "ISOLATED" && sim.seen("b", "c") === "ISOLATED" && sim.seen("c", "a") === "ISOLATED" && sim.seen("c", "b") === "ISOLATED", 2, "isolation");
    expect(sim.node("a").logs.some((l) => l.includes(`strategies of ${sim.id("c")} differ`))).toBe(true);
    operating(sim, ["a", "b"], 17);
    expect(sim.violations).toEqual([]);
  });

  test("ST-IN-18 stealth restart: a tick counter going backwards re-checks the instance", () => {
    const sim = new Sim({ seed: 26, nodes: nodes("a", "b", "c"), base: { synchroOptions: ["STRICT"] } });
    for (const n of ["a", "b", "c"]) sim.start(n);
    operating(sim, ["a", "b", "c"], 3);
    sim.runUntil(5);
    sim.stealthRestart("b");
    sim.waitFor(() => sim.node("a").logs.some((l) => l.includes(`stealth restart of ${sim.id("b")}`)), sim.now + 1, "detection");
    sim.waitFor(() => sim.allInOperation() && sim.seen("a", "b") === "RUNNING", sim.now + 5, "recovery");
    const seenByA = sim.node("a").logs.filter((l) => l.includes(`instance ${sim.id("b")} is`)).map((l) => l.split(" is ")[1].split(" ")[0]);
    expect(seenByA.slice(-5)).toEqual(["FAILED", "STOPPED", "CHECKING", "CHECKED", "RUNNING"]);
    expect(masters(sim, ["a", "b", "c"])).toEqual(["a", "a", "a"]);
    expect(sim.violations).toEqual([]);
  });

  test("single-node cluster reaches OPERATION at its first tick", () => {
    // Effective Supvisors defaults without supvisors_list nor core_identifiers: TIMEOUT only (CFG-SV-15).
    const sim = new Sim({ seed: 27, nodes: nodes("solo"), base: { tickPeriod: 5, synchroOptions: ["TIMEOUT"] } });
    sim.start("solo");
    const t = operating(sim, ["solo"], 5);
    expect(t).toBeLessThan(5); // the first tick comes within one period; Supvisors would wait 15 s
    expect(sim.node("solo").fsmHistory.at(-1)!.at).toBe(sim.node("solo").fsmHistory[1].at);
    expect(sim.master("solo")).toBe("solo");
    expect(sim.state("solo").degraded).toBe(false);
  });

  test("detection time: 0.2 s × 3 ticks, a silent cut is suspected after 0.6 s and lost within the suspicion's minimum; a kill at once", () => {
    const sim = new Sim({ seed: 28, nodes: nodes("a", "b", "c", "d"), base: { synchroOptions: ["STRICT"], tickPeriod: 0.2, inactivityTicks: 3 } });
    for (const n of ["a", "b", "c", "d"]) sim.start(n);
    operating(sim, ["a", "b", "c", "d"], 3);
    sim.partition([["a", "b", "c"], ["d"]]);
    const cut = sim.now;
    const detected = sim.waitFor(() => ["a", "b", "c"].every((n) => sim.seen(n, "d") !== "RUNNING"), cut + 2, "silent-cut detection");
    // Silence measured from d's last tick (up to one period before the cut): suspected past the
    // 0.6 s bound, lost 0.3 s later (the suspicion's minimum: both other peers' relayed probes
    // time out after half the bound and nack), plus a check period (0.02 s) at the suspicion, at
    // the relays and at the verdict, and the nacks' trip.
    expect(detected - cut).toBeLessThan(0.6 + 0.3 + 3 * 0.02 + 0.03);
    expect(detected - cut).toBeGreaterThan(0.6 + 0.3 - 0.2);
    for (const n of ["a", "b", "c"]) expect(sim.node(n).logs.some((l) => l.includes("suspected: nothing heard for"))).toBe(true);
    sim.heal();
    // Whole again: d back in everyone's view under one Master (d alone was in OPERATION already).
    const all = ["a", "b", "c", "d"];
    sim.waitFor(() => sim.allInOperation(all) && new Set(masters(sim, all)).size === 1 && all.every((n) => all.every((m) => sim.seen(n, m) === "RUNNING")), sim.now + 3, "merge");
    sim.kill("c");
    const killed = sim.now;
    const seen = sim.waitFor(() => ["a", "b", "d"].every((n) => sim.seen(n, "c") !== "RUNNING"), killed + 2, "kill detection");
    expect(seen - killed).toBeLessThan(0.05);
    expect(sim.violations).toEqual([]);
  });

  test("ST-FSM-16 restart from a slave goes through the Master; every node restarts and comes back", () => {
    const sim = new Sim({ seed: 29, nodes: nodes("a", "b", "c"), base: { synchroOptions: ["STRICT"] } });
    for (const n of ["a", "b", "c"]) sim.start(n);
    operating(sim, ["a", "b", "c"], 3);
    expect(sim.request("b", { type: "restart" })).toEqual({ ok: true });
    sim.waitFor(() => ["a", "b", "c"].every((n) => sim.node(n).fsmHistory.some((h) => h.fsm === "FINAL")), sim.now + 2, "FINAL");
    sim.waitFor(() => sim.allInOperation(), sim.now + 5, "back in OPERATION");
    for (const n of ["a", "b", "c"]) {
      const path = sim.node(n).fsmHistory.map((h) => h.fsm);
      expect(path.slice(path.indexOf("RESTARTING"), path.indexOf("RESTARTING") + 3)).toEqual(["RESTARTING", "FINAL", "OFF"]);
    }
    expect(sim.violations).toEqual([]);
  });

  test("ST-FSM-16 shutdown on the Master stops every node; no Master → refused", () => {
    const sim = new Sim({ seed: 30, nodes: nodes("a", "b", "c"), base: { synchroOptions: ["STRICT"] } });
    for (const n of ["a", "b"]) sim.start(n);
    sim.runUntil(1);
    expect(sim.request("a", { type: "shutdown" })).toMatchObject({ ok: false, fault: "BAD_SUPVISORS_STATE" });
    sim.start("c");
    operating(sim, ["a", "b", "c"], 3);
    expect(sim.request("a", { type: "shutdown" })).toEqual({ ok: true });
    sim.waitFor(() => ["a", "b", "c"].every((n) => !sim.node(n).alive), sim.now + 2, "shutdown");
    expect(sim.violations).toEqual([]);
  });
});
