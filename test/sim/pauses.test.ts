// The failure detector in whole clusters on the virtual clock (issue 11): nodes paused (SIGSTOP)
// or stalled, lossy networks. A paused node is lost quickly; a stalled or unlucky one is not lost
// at all; a node that wakes reads its peers before it judges them, so it never blames them for
// its own sleep.
import { describe, expect, test } from "bun:test";
import { Sim } from "./cluster-sim.ts";

const NICKS = ["a", "b", "c"];
const FAST = { synchroOptions: ["STRICT" as const], tickPeriod: 0.2, inactivityTicks: 2 };

/** Every "is FAILED" line a node logged since `since`, with the node's nick. */
function failures(sim: Sim, since: number, nicks = [...sim.nodes.keys()]): string[] {
  return nicks.flatMap((n) => sim.node(n).logs.filter((l) => parseFloat(l) >= since && l.includes(" is FAILED")).map((l) => `${n}: ${l}`));
}

function formed(sim: Sim, nicks = NICKS): void {
  for (const n of nicks) sim.start(n);
  sim.waitFor(() => sim.allInOperation(nicks), 3, "OPERATION");
}

describe("pauses", () => {
  test("SIGSTOP of the Master for 3 s: lost by the others in under 1.5 s; on waking it blames nobody, rejoins, and one Master is agreed", () => {
    const sim = new Sim({ seed: 41, nodes: NICKS.map((nick) => ({ nick })), base: FAST });
    formed(sim);
    expect(sim.master("b")).toBe("a");
    const paused = sim.now;
    sim.pause("a", 3);
    const lost = sim.waitFor(() => sim.seen("b", "a") !== "RUNNING" && sim.seen("c", "a") !== "RUNNING", paused + 3, "loss of the paused Master");
    expect(lost - paused).toBeLessThan(1.5);
    sim.waitFor(() => sim.master("b") === "b" && sim.master("c") === "b", paused + 3, "new Master");
    sim.runUntil(paused + 3.001);
    const woke = sim.now;
    // ST-MST-03: the Masters already declared are the candidates (a still declares itself), the
    // smallest nick wins: whichever it is, all three agree.
    const agreed = () => sim.allInOperation() && new Set(NICKS.map((n) => sim.master(n))).size === 1;
    sim.waitFor(() => sim.seen("b", "a") === "RUNNING" && sim.seen("c", "a") === "RUNNING" && agreed(), woke + 5, "one Master again, a included");
    sim.runUntil(sim.now + 2);
    expect(agreed()).toBe(true);
    expect(failures(sim, woke, ["a"])).toEqual([]);
    expect(sim.node("a").logs.some((l) => /local health score 1 \(a local timer fired 2\.\d+ s late\)/.test(l))).toBe(true);
    expect(sim.violations).toEqual([]);
  });

  test("a node stalled 0.3 s (longer than a tick, shorter than the bound plus suspicion) is lost by nobody", () => {
    const sim = new Sim({ seed: 42, nodes: NICKS.map((nick) => ({ nick })), base: FAST });
    formed(sim);
    const from = sim.now;
    for (let i = 0; i < 10; i += 1) sim.at(from + 1 + i * 2, () => sim.pause(NICKS[i % 3]!, 0.3));
    sim.runUntil(from + 22);
    expect(failures(sim, from)).toEqual([]);
    expect(sim.allInOperation()).toBe(true);
    expect(sim.violations).toEqual([]);
  });

  test("a stall past the bound is suspected and refuted on waking, not lost, when it ends within the suspicion", () => {
    const sim = new Sim({ seed: 43, nodes: ["a", "b"].map((nick) => ({ nick })), base: FAST });
    formed(sim, ["a", "b"]);
    const from = sim.now;
    // Two instances: nobody can confirm, so the suspicion lasts its maximum (0.8 s).
    sim.pause("b", 0.7);
    sim.runUntil(from + 3);
    expect(sim.node("a").logs.some((l) => l.includes(`instance ${sim.id("b")} suspected`))).toBe(true);
    expect(sim.node("a").logs.some((l) => l.includes(`instance ${sim.id("b")} heard again`))).toBe(true);
    expect(failures(sim, from)).toEqual([]);
  });

  test("5 % of frames lost on every link for a minute: no instance is ever lost", () => {
    const sim = new Sim({ seed: 44, nodes: ["a", "b", "c", "d"].map((nick) => ({ nick })), base: FAST, network: { loss: 0.05 } });
    formed(sim, ["a", "b", "c", "d"]);
    const from = sim.now;
    sim.runUntil(from + 60);
    expect(failures(sim, from)).toEqual([]);
    expect(sim.violations).toEqual([]);
  });
});
