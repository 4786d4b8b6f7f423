// The failure detector through the core's step function (liveness/detector.ts): suspicion before
// loss, refutation by any frame, confirmations (nacks) and answers relayed by other peers, probes
// relayed for others, stalls of the local node, links that close. Options: tick_period 1 s, inactivity_ticks 2 → bound 2 s,
// suspicion between 1 s (confirmed) and 4 s (nobody confirms).
import { describe, expect, test } from "bun:test";
import { message, type ClusterInput, type ClusterState } from "../../../../src/cluster/index.ts";
import { A, B, C, afterFirstTick, frame, logs, remoteTick, reply, run, sent, tick, view } from "../core-helpers.ts";

const SYNC = view("SYNCHRONIZATION", "", {});
const check = (late = 0): ClusterInput => ({ type: "liveness", late });
const stateOf = (s: ClusterState, who = B) => s.instances.get(who.identifier)!.state;
const suspicionOf = (s: ClusterState, who = B) => s.instances.get(who.identifier)!.liveness.suspicion;

/** a with b (and c when asked) RUNNING, every frame of theirs received at t = 1. */
function cluster(withC: boolean): ClusterState {
  const inputs = [remoteTick(B, 1, SYNC), reply(B, 1)];
  if (withC) inputs.push(remoteTick(C, 1, SYNC), reply(C, 1));
  return run(afterFirstTick(), inputs, 1).state;
}

describe("suspicion before loss", () => {
  test("silent past the bound: suspected (not lost), probed, and lost once the suspicion runs out", () => {
    const s = cluster(false);
    expect(stateOf(run(s, [check()], 2.9).state)).toBe("RUNNING");
    expect(suspicionOf(run(s, [check()], 2.9).state)).toBeNull();
    const suspected = run(s, [check()], 3.1);
    expect(stateOf(suspected.state)).toBe("RUNNING");
    expect(suspicionOf(suspected.state)).not.toBeNull();
    expect(logs(suspected.effects, "warn")[0]).toMatch(/^instance b\.host:9001 suspected: nothing heard for 2\.\d+ s \(deadline 2\.00 s\); nobody else to ask$/);
    expect(sent(suspected.effects, "probe").map((e) => [e.to, e.payload])).toEqual([[B.identifier, message("probe", { target: B.identifier, round: 1 })]]);
    // Nobody to confirm: the maximum, 4 s.
    expect(stateOf(run(suspected.state, [check()], 7.0).state)).toBe("RUNNING");
    const lost = run(suspected.state, [check()], 7.2);
    expect(stateOf(lost.state)).toBe("STOPPED");
    expect(logs(lost.effects).some((l) => /instance b\.host:9001 is FAILED \(nothing heard for 6\.\d+ s, suspected for 4\.\d+ s, 0 of 0 asked confirmed\)/.test(l))).toBe(true);
  });

  test("any frame refutes: the suspicion is withdrawn with a log line, the deadline starts again", () => {
    const suspected = run(cluster(false), [check()], 3.1).state;
    const heard = run(suspected, [frame(B, message("state", { stateModes: SYNC }))], 3.5);
    expect(suspicionOf(heard.state)).toBeNull();
    expect(logs(heard.effects, "info")).toContain("instance b.host:9001 heard again after 0.40 s of suspicion: suspicion withdrawn");
    expect(stateOf(run(heard.state, [check()], 8).state)).toBe("RUNNING");
  });

  test("other peers the suspect does not answer confirm: lost at the minimum", () => {
    const s = run(cluster(true), [remoteTick(B, 2, SYNC)], 2.5).state; // b heard at 2.5, c at 1
    const suspected = run(s, [check()], 3.1);
    expect(suspicionOf(suspected.state, C)!.asked).toEqual([B.identifier]);
    expect(sent(suspected.effects, "probe").map((e) => e.to)).toEqual([C.identifier, B.identifier]);
    const confirmed = run(suspected.state, [frame(B, message("probeAck", { target: C.identifier, round: 1, alive: false }))], 3.2).state;
    expect(suspicionOf(confirmed, C)!.confirmedBy).toEqual([B.identifier]);
    expect(stateOf(run(confirmed, [check()], 4.0).state, C)).toBe("RUNNING");
    expect(stateOf(run(confirmed, [check()], 4.15).state, C)).toBe("STOPPED");
  });

  test("a peer the suspect answers keeps it from being lost; the local health score rises", () => {
    const s = run(cluster(true), [remoteTick(B, 2, SYNC)], 2.5).state;
    const suspected = run(s, [check()], 3.1).state;
    const contradicted = run(suspected, [frame(B, message("probeAck", { target: C.identifier, round: 1, alive: true }))], 3.2);
    expect(suspicionOf(contradicted.state, C)!.hearingIt).toEqual([B.identifier]);
    expect(contradicted.state.health.score).toBe(1);
    expect(logs(contradicted.effects, "info")).toContain("instance c.host:9001 answered b.host:9001: not declared lost yet");
    // At the suspicion's maximum (4 s) it is probed again, not lost: it is alive, our link is not.
    const renewed = run(contradicted.state, [remoteTick(B, 3, SYNC), check()], 7.2);
    expect(stateOf(renewed.state, C)).toBe("RUNNING");
    expect(suspicionOf(renewed.state, C)!.round).toBe(2);
    expect(sent(renewed.effects, "probe").map((e) => e.to)).toEqual([C.identifier, B.identifier]);
    // This round nobody gets an answer: lost at the minimum.
    const nacked = run(renewed.state, [frame(B, message("probeAck", { target: C.identifier, round: 2, alive: false }))], 7.3).state;
    const lost = run(nacked, [remoteTick(B, 4, SYNC), check()], 8.3);
    expect(stateOf(lost.state, C)).toBe("STOPPED");
    expect(logs(lost.effects).some((l) => /is FAILED \(nothing heard for 7\.\d+ s, suspected for 1\.\d+ s, 1 of 1 asked confirmed\)/.test(l))).toBe(true);
  });

  test("a peer asked that never answers (not even a nack) confirms a tick after its relay would have timed out", () => {
    const s = run(cluster(true), [remoteTick(B, 2, SYNC)], 2.5).state;
    const suspected = run(s, [check()], 3.1).state; // asked b about c; b says nothing
    // Relay timeout 1 s (half the bound) + one tick: b's silence counts from 5.1 s on, the
    // suspicion then at its minimum (1 s, already over).
    expect(stateOf(run(suspected, [remoteTick(B, 3, SYNC), check()], 5.0).state, C)).toBe("RUNNING");
    const lost = run(suspected, [remoteTick(B, 3, SYNC), check()], 5.2);
    expect(stateOf(lost.state, C)).toBe("STOPPED");
    expect(logs(lost.effects).some((l) => l.includes("0 of 1 asked confirmed, 1 silent"))).toBe(true);
  });

  test("cut off from everyone: peers suspected together are asked about each other, and both are lost near the minimum", () => {
    // b and c both heard last at t = 1: this node is the one cut off.
    const suspected = run(cluster(true), [check()], 3.1);
    expect(suspicionOf(suspected.state, B)!.asked).toEqual([C.identifier]);
    expect(suspicionOf(suspected.state, C)!.asked).toEqual([B.identifier]);
    // Neither answers: each one's silence confirms the other's loss a tick after the relay timeout
    // (5.1 s), instead of the maximum (4 s of suspicion: 7.1 s) for whichever was suspected last.
    expect(stateOf(run(suspected.state, [check()], 5.0).state, C)).toBe("RUNNING");
    const lost = run(suspected.state, [check()], 5.2).state;
    expect([stateOf(lost, B), stateOf(lost, C)]).toEqual(["STOPPED", "STOPPED"]);
  });

  test("stale, unasked or duplicate answers change nothing", () => {
    const s = run(cluster(true), [remoteTick(B, 2, SYNC)], 2.5).state;
    const suspected = run(s, [check()], 3.1).state;
    const ack = (round: number, alive: boolean) => frame(B, message("probeAck", { target: C.identifier, round, alive }));
    expect(suspicionOf(run(suspected, [ack(7, false)], 3.2).state, C)!.confirmedBy).toEqual([]);
    const once = run(suspected, [ack(1, false), ack(1, true)], 3.2).state;
    expect(suspicionOf(once, C)!.confirmedBy).toEqual([B.identifier]);
    expect(suspicionOf(once, C)!.hearingIt).toEqual([]);
  });
});

describe("probes answered", () => {
  test("a probe about this instance is answered at once, and says someone finds us slow", () => {
    const r = run(cluster(false), [frame(B, message("probe", { target: A.identifier, round: 4 }))], 1.5);
    expect(sent(r.effects, "probeAck").map((e) => e.payload)).toEqual([message("probeAck", { target: A.identifier, round: 4, alive: true })]);
    expect(r.state.health.score).toBe(1);
  });

  test("a probe about another peer is relayed to it; its answer goes back to the asker as an ack", () => {
    const asked = run(cluster(true), [frame(B, message("probe", { target: C.identifier, round: 2 }))], 1.5);
    const relayed = sent(asked.effects, "probe");
    expect(relayed.map((e) => e.to)).toEqual([C.identifier]);
    const round = (relayed[0]!.payload as { round: number }).round;
    expect(asked.state.relays.size).toBe(1);
    const answered = run(asked.state, [frame(C, message("probeAck", { target: C.identifier, round, alive: true }))], 1.6);
    expect(sent(answered.effects, "probeAck").map((e) => [e.to, e.payload])).toEqual([[B.identifier, message("probeAck", { target: C.identifier, round: 2, alive: true })]]);
    expect(answered.state.relays.size).toBe(0);
  });

  test("a relay not answered within half the bound is a nack; a probe about a peer not heard is one at once", () => {
    const asked = run(cluster(true), [frame(B, message("probe", { target: C.identifier, round: 2 }))], 1.5).state;
    expect(sent(run(asked, [check()], 2.4).effects, "probeAck")).toEqual([]);
    const expired = run(asked, [check()], 2.6);
    expect(sent(expired.effects, "probeAck").map((e) => e.payload)).toEqual([message("probeAck", { target: C.identifier, round: 2, alive: false })]);
    expect(expired.state.relays.size).toBe(0);
    const unknown = run(cluster(true), [frame(B, message("probe", { target: "nobody:1", round: 3 }))], 1.5);
    expect(sent(unknown.effects, "probeAck").map((e) => e.payload)).toEqual([message("probeAck", { target: "nobody:1", round: 3, alive: false })]);
  });

  test("an answer from another instance than the target answers no relay", () => {
    const asked = run(cluster(true), [frame(B, message("probe", { target: C.identifier, round: 2 }))], 1.5).state;
    const r = run(asked, [frame(B, message("probeAck", { target: C.identifier, round: 999, alive: true }))], 1.6);
    expect(sent(r.effects, "probeAck")).toEqual([]);
    expect(r.state.relays.size).toBe(1);
  });

  test("any frame from the target answers its relays (over a lossy path the probe's answer may come later)", () => {
    const asked = run(cluster(true), [frame(B, message("probe", { target: C.identifier, round: 2 }))], 1.5).state;
    const r = run(asked, [remoteTick(C, 2, SYNC)], 1.6);
    expect(sent(r.effects, "probeAck").map((e) => [e.to, e.payload])).toEqual([[B.identifier, message("probeAck", { target: C.identifier, round: 2, alive: true })]]);
    expect(r.state.relays.size).toBe(0);
  });
});

describe("stalls of the local node", () => {
  test("a check that runs late judges nobody; silence is measured again from the resumption", () => {
    const s = cluster(false);
    // Frozen from 1.1 to 5: the first check after it runs 3.9 s late.
    const woke = run(s, [check(3.9)], 5);
    expect(stateOf(woke.state)).toBe("RUNNING");
    expect(suspicionOf(woke.state)).toBeNull();
    expect(woke.state.health.score).toBe(1);
    expect(woke.state.health.resumedAt).toBe(5);
    // b's tick waiting in the socket is read next; even without it, 1.9 s later b is not suspected.
    expect(suspicionOf(run(woke.state, [check()], 6.9).state)).toBeNull();
  });

  test("the health score stretches deadlines and decays by one per calm tick", () => {
    let s = cluster(false);
    s = run(s, [check(0.5)], 1.2).state; // score 1 → deadline 3 s from the resumption at 1.2
    expect(suspicionOf(run(s, [check()], 4.1).state)).toBeNull();
    expect(suspicionOf(run(s, [check()], 4.3).state)).not.toBeNull();
    s = run(s, [tick()], 1.3).state; // the tick that follows the stall: no decay yet
    expect(s.health.score).toBe(1);
    s = run(s, [tick()], 2.3).state;
    expect(s.health.score).toBe(0);
  });

  test("a link that closes right after a stall makes a suspect, not a loss; otherwise FAILED at once", () => {
    const down: ClusterInput = { type: "transport", event: { type: "linkDown", identifier: B.identifier, reason: "reset" } };
    const woke = run(cluster(false), [check(3)], 5).state;
    const r = run(woke, [down], 5.1);
    expect(stateOf(r.state)).toBe("RUNNING");
    expect(suspicionOf(r.state)).not.toBeNull();
    expect(stateOf(run(cluster(false), [down], 1.5).state)).toBe("STOPPED");
  });
});

describe("rhythm of a peer", () => {
  test("a peer whose ticks come late gets a longer deadline, up to twice the bound", () => {
    let s = cluster(false);
    let t = 1;
    for (let seq = 2; seq <= 40; seq += 1) {
      t += seq % 2 === 0 ? 1.2 : 1.8; // mean 1.5 s, deviation 0.3 s against a 1 s tick
      s = run(s, [remoteTick(B, seq, SYNC)], t).state;
    }
    const gaps = s.instances.get(B.identifier)!.liveness.gaps;
    expect(gaps.mean).toBeGreaterThan(1.4);
    expect(suspicionOf(run(s, [check()], t + 3.1).state)).toBeNull();
    expect(suspicionOf(run(s, [check()], t + 4.05).state)).not.toBeNull();
  });

  test("a tick sent again on a new link is heard but not counted as a gap", () => {
    let s = cluster(false);
    s = run(s, [remoteTick(B, 1, SYNC)], 1.01).state;
    expect(s.instances.get(B.identifier)!.liveness.gaps.count).toBe(0);
    s = run(s, [remoteTick(B, 2, SYNC)], 2).state;
    expect(s.instances.get(B.identifier)!.liveness.gaps.count).toBe(1);
  });
});

describe("a new link", () => {
  test("our tick goes at once to a peer whose link comes up", () => {
    const r = run(afterFirstTick(), [{ type: "transport", event: { type: "linkUp", identifier: B.identifier } }], 1.5);
    const ticks = sent(r.effects, "tick");
    expect(ticks.map((e) => e.to)).toEqual([B.identifier]);
    expect((ticks[0]!.payload as { sequence: number }).sequence).toBe(1);
  });
});
