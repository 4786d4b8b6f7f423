// The core as a whole: purity, rejected frames, liveness (ST-IN-15/18), discovery, the process
// view, user requests (ST-SYN-07, ST-FSM-16) and the jobs view.
import { describe, expect, test } from "bun:test";
import { initialState, message, step, type ClusterEffect } from "../../../src/cluster/index.ts";
import { A, B, C, afterFirstTick, frame, ident, logs, options, reply, remoteTick, run, sent, snapshot, tick, view } from "./core-helpers.ts";

/** Local a with b RUNNING (handshake done), in SYNCHRONIZATION (STRICT waits for c). */
function withB() {
  const s = run(afterFirstTick(), [remoteTick(B, 1, view("SYNCHRONIZATION", "", {})), reply(B, 1)]).state;
  return s;
}

describe("purity", () => {
  test("step never modifies its input state", () => {
    const before = withB();
    const image = snapshot(before);
    const inputs = [tick(), remoteTick(B, 2, view("SYNCHRONIZATION", "", {})), { type: "localProcess" as const, info: { group: "g", name: "p", state: 20 } as never }, tick(), tick(), tick()];
    let s = before;
    for (const input of inputs) s = step(s, input, 5).state;
    expect(snapshot(before)).toBe(image);
  });
});

describe("rejected frames never throw and name the sender", () => {
  const rows: [string, unknown, RegExp][] = [
    ["unknown version", { v: 9, kind: "tick" }, /frame from b\.host:9001 \(addr-b\) dropped: unsupported protocol version 9 \(expected 2\)/],
    ["no version", { kind: "tick" }, /unsupported protocol version undefined/],
    ["unknown kind", { v: 2, kind: "gossip" }, /unknown message kind "gossip"/],
    ["bad field", { v: 2, kind: "handshake", attempt: "x" }, /field attempt is not a number/],
    ["not an object", "hello", /payload is not an object/],
    ["null", null, /payload is not an object/],
    ["bad state", { v: 2, kind: "state", stateModes: { fsm: "DANCING" } }, /field fsm is not a Supvisors state/],
  ];
  for (const [name, payload, pattern] of rows) {
    test(name, () => {
      const { effects } = run(afterFirstTick(), [frame(B, payload)]);
      expect(logs(effects, "warn").some((l) => pattern.test(l))).toBe(true);
    });
  }

  test("transport rejections are logged with the sender", () => {
    const { effects } = run(afterFirstTick(), [{ type: "transport", event: { type: "rejected", sender: "10.0.0.9:41000", reason: "bad HMAC" } }]);
    expect(logs(effects, "warn")).toEqual(["frame from 10.0.0.9:41000 rejected: bad HMAC"]);
  });

  test("a frame claiming the local identity is dropped", () => {
    const { effects } = run(afterFirstTick(), [frame(A, message("handshake", { attempt: 1, strategies: { "auto-fencing": false, starting: "CONFIG", conciliation: "USER", supvisors_failure: "CONTINUE" } }))]);
    expect(logs(effects, "warn")[0]).toMatch(/claiming to come from the local instance/);
  });
});

describe("liveness", () => {
  test("ST-IN-15(a) replaced by the failure detector: local ticks alone never fail a silent peer", () => {
    // Supvisors counts local ticks; here a node whose own ticks come in a burst after a stall
    // would then blame its peers. Silence is judged by time in liveness checks (detector.test.ts).
    let s = withB();
    s = run(s, [tick(), tick(), tick(), tick()]).state;
    expect(s.instances.get(B.identifier)!.state).toBe("RUNNING");
  });

  test("ST-IN-15(b) a link down on an active instance fails it at once", () => {
    const r = run(withB(), [{ type: "transport", event: { type: "linkDown", identifier: B.identifier, reason: "reset" } }]);
    expect(r.state.instances.get(B.identifier)!.state).toBe("STOPPED");
  });

  test("ST-IN-16 with auto_fence and a working Master the lost instance is ISOLATED", () => {
    const s0 = run(initialState(options({ autoFence: true, synchroOptions: ["STRICT"] }, [A, B]), 0), [tick(), remoteTick(B, 1, view("SYNCHRONIZATION", "", {})), reply(B, 1, { strategies: { "auto-fencing": true, starting: "CONFIG", conciliation: "USER", supvisors_failure: "CONTINUE" } })]).state;
    const all = { [A.identifier]: "RUNNING" as const, [B.identifier]: "RUNNING" as const };
    let s = run(s0, [remoteTick(B, 2, view("SYNCHRONIZATION", "", all)), tick(), remoteTick(B, 3, view("ELECTION", A.identifier, all))]).state;
    s = run(s, [remoteTick(B, 4, view("OPERATION", A.identifier, all)), tick()]).state;
    expect(s.fsm).toBe("OPERATION");
    const r = run(s, [{ type: "transport", event: { type: "linkDown", identifier: B.identifier, reason: "cut" } }]);
    expect(r.state.instances.get(B.identifier)!.state).toBe("ISOLATED");
    expect(r.effects).toContainEqual({ type: "forget", identifier: B.identifier });
    // ISOLATED: its frames count for nothing any more.
    expect(run(r.state, [remoteTick(B, 9, view("OPERATION", "", {}))]).state.instances.get(B.identifier)!.state).toBe("ISOLATED");
  });

  test("ST-IN-18 a tick counter going backwards is a stealth restart", () => {
    const s = run(withB(), [remoteTick(B, 5, view("SYNCHRONIZATION", "", {}))]).state;
    const r = run(s, [remoteTick(B, 1, view("OFF", "", {}))]);
    expect(logs(r.effects, "warn")).toContain(`stealth restart of ${B.identifier} (tick 1 after 5)`);
    expect(r.state.instances.get(B.identifier)!.state).toBe("STOPPED");
    expect(run(r.state, [remoteTick(B, 2, view("OFF", "", {}))]).state.instances.get(B.identifier)!.state).toBe("CHECKING");
  });
});

describe("discovery", () => {
  const D = ident("d");
  test("without discovery mode an unknown sender is ignored, with one warning", () => {
    const r = run(afterFirstTick(), [remoteTick(D, 1, view("OFF", "", {})), remoteTick(D, 2, view("OFF", "", {}))]);
    expect(r.state.instances.has(D.identifier)).toBe(false);
    expect(logs(r.effects, "warn").filter((l) => l.includes("unknown instance"))).toHaveLength(1);
  });

  test("CFG-SV-37 an announcement adds the instance and tells the transport where it lives", () => {
    const r = run(afterFirstTick({ discoveryMode: true }), [{ type: "transport", event: { type: "announce", peer: D, address: "10.1.1.4" } }]);
    expect(r.state.instances.get(D.identifier)!.declared).toBe(false);
    expect(r.effects).toContainEqual({ type: "connect", peer: D, address: "10.1.1.4" });
  });

  test("EVT-INT-16 a known nick under another identifier is rejected", () => {
    const impostor = { ...ident("b"), identifier: "10.9.9.9:9001" };
    const r = run(afterFirstTick({ discoveryMode: true }), [{ type: "transport", event: { type: "announce", peer: impostor, address: "10.9.9.9" } }]);
    expect(r.state.instances.has(impostor.identifier)).toBe(false);
    expect(logs(r.effects, "warn")[0]).toMatch(/nick b is already used by b\.host:9001/);
  });

  test("PEERS: one known peer teaches every peer it knows", () => {
    const E = ident("e");
    const r = run(afterFirstTick({ discoveryMode: true }), [frame(B, message("peers", { peers: [{ identity: D, address: "10.1.1.4" }, { identity: E, address: "10.1.1.5" }] }))]);
    expect([...r.state.instances.keys()]).toEqual([A.identifier, B.identifier, C.identifier, D.identifier, E.identifier]);
  });

  test("a tick with another peers digest is answered with PEERS", () => {
    const s = afterFirstTick({ discoveryMode: true });
    const t = frame(B, message("tick", { sequence: 1, when: 1, whenMonotonic: 1, stateModes: view("OFF", "", {}), processVersion: 0, peersDigest: "00000000" }));
    expect(sent(run(s, [t]).effects, "peers")).toHaveLength(1);
  });
});

describe("process view", () => {
  const info = (state: number) => ({ group: "g", name: "p", state }) as never;
  test("local changes are versioned and sent to active peers", () => {
    const r = run(withB(), [{ type: "localProcess", info: info(20) }]);
    const [msg] = sent(r.effects, "process");
    expect(msg.to).toBe(B.identifier);
    expect(msg.payload).toMatchObject({ kind: "process", version: 1 });
  });

  test("EVT-10: a peer's state publication is published with that peer's jobs already counted", () => {
    const peerView = { ...view("SYNCHRONIZATION", "", {}), startingJobs: true };
    const r = run(withB(), [frame(B, message("state", { stateModes: peerView }))]);
    const published = r.effects.flatMap((e) => (e.type === "publish" && e.event.topic === "supvisors" ? [e.event.body] : []));
    expect(published.at(-1)?.starting_jobs).toEqual([B.identifier]);
  });

  test("EVT-17: an enable / disable is published apart from a state change (EVT-14)", () => {
    const topics = (effects: ClusterEffect[]) => effects.flatMap((e) => (e.type === "publish" ? [e.event.topic] : []));
    const s = run(withB(), [{ type: "localProcess", info: { group: "g", name: "p", state: 0, disabled: false } as never }]).state;
    expect(topics(run(s, [{ type: "localProcess", info: { group: "g", name: "p", state: 0, disabled: true } as never }]).effects)).toEqual(["disability"]);
    expect(topics(run(s, [{ type: "localProcess", info: { group: "g", name: "p", state: 10, disabled: false } as never }]).effects)).toEqual(["event"]);
  });

  test("a version gap asks for the full list; the list replaces the view", () => {
    const full = { group: "g", name: "p", state: 20 };
    const gap = run(withB(), [frame(B, { v: 2, kind: "process", version: 3, change: { op: "update", info: full } })]);
    expect(sent(gap.effects, "processSync")).toHaveLength(1);
    const fixed = run(gap.state, [frame(B, { v: 2, kind: "processList", version: 3, processes: [full] })]);
    expect([...fixed.state.instances.get(B.identifier)!.processes.keys()]).toEqual(["g:p"]);
  });

  test("ST-IN-17 processes running on a lost instance become FATAL there and are reported lost", () => {
    const s = run(withB(), [frame(B, { v: 2, kind: "process", version: 1, change: { op: "update", info: { group: "g", name: "p", state: 20 } } })]).state;
    const r = run(s, [{ type: "transport", event: { type: "linkDown", identifier: B.identifier, reason: "x" } }]);
    const p = r.state.instances.get(B.identifier)!.processes.get("g:p")!;
    expect([p.state, p.spawnerr, p.expected]).toEqual([200, `Supervisor ${B.identifier} lost`, false]);
    expect(r.effects).toContainEqual({ type: "publish", event: { topic: "instanceLost", identifier: B.identifier, isolated: false, lostProcesses: ["g:p"] } });
    // The FATAL set on the loss is for the layers above, not an event the instance reported.
    const lostEvent = r.effects.find((e) => e.type === "publish" && e.event.topic === "event");
    expect(lostEvent?.type === "publish" && lostEvent.event.topic === "event" && lostEvent.event.quiet).toBe(true);
  });
});

describe("user requests", () => {
  test("RPC-SV-39 end_sync faults", () => {
    const s = afterFirstTick({ synchroOptions: ["STRICT"] });
    expect(step(s, { type: "endSync", master: "" }, 2).reply).toEqual({ ok: false, fault: "NOT_APPLICABLE", detail: "USER expected in synchro_options" });
    const u = afterFirstTick({ synchroOptions: ["USER"] });
    expect(step(u, { type: "endSync", master: "b" }, 2).reply).toEqual({ ok: false, fault: "NOT_RUNNING", detail: `Supvisors instance=${B.identifier} is not RUNNING (STOPPED)` });
    expect(step(u, { type: "endSync", master: "front" }, 2).reply).toMatchObject({ ok: false, fault: "INCORRECT_PARAMETERS" });
    const off = initialState(options({ synchroOptions: ["USER"] }), 0);
    expect(step(off, { type: "endSync", master: "" }, 2).reply).toEqual({ ok: false, fault: "BAD_SUPVISORS_STATE", detail: "invalid Supvisors state=OFF - state expected in ['SYNCHRONIZATION']" });
  });

  test("RPC-SV-37 restart before DISTRIBUTION is BAD_SUPVISORS_STATE", () => {
    expect(step(afterFirstTick(), { type: "restart" }, 2).reply).toMatchObject({ ok: false, fault: "BAD_SUPVISORS_STATE" });
  });

  test("ST-FSM-03/04 jobs view: DISTRIBUTION waits for the starter, OPERATION goes CONCILIATION on conflicts", () => {
    let s = initialState(options({ synchroOptions: ["TIMEOUT"] }, []), 0);
    // No idle answer here: the starter has work, so DISTRIBUTION waits for its view.
    s = step(s, tick(), 1).state;
    expect(s.fsm).toBe("DISTRIBUTION");
    expect(s.pendingJobs.start).toBe(true);
    // A view that does not answer the command (e.g. after an abort) does not end DISTRIBUTION…
    s = run(s, [{ type: "control", view: { startingJobs: false } }]).state;
    expect(s.fsm).toBe("DISTRIBUTION");
    // …the answer does, once the starter is idle.
    s = step(s, { type: "control", view: { startingJobs: true }, answers: "startApplications" }, 2).state;
    expect(s.fsm).toBe("DISTRIBUTION");
    s = run(s, [{ type: "control", view: { startingJobs: false } }]).state;
    expect(s.fsm).toBe("OPERATION");
    const r = run(s, [{ type: "control", view: { conflicting: true } }]);
    expect(r.state.fsm).toBe("CONCILIATION");
    expect(r.effects).toContainEqual({ type: "jobs", command: "conciliate" });
    expect(run(r.state, [{ type: "control", view: { conflicting: false } }]).state.fsm).toBe("OPERATION");
  });

  test("ST-FSM-06 restart on the Master: stop applications, FINAL, then restart the local daemon", () => {
    const s = run(initialState(options({ synchroOptions: ["TIMEOUT"] }, []), 0), [tick()]).state;
    const r = step(s, { type: "restart" }, 2);
    expect(r.reply).toEqual({ ok: true });
    // The stop of all applications is under way until the control layer says it is done.
    expect(r.state.fsm).toBe("RESTARTING");
    expect(r.state.pendingJobs.stop).toBe(true);
    expect(r.effects.filter((e) => e.type === "jobs")).toEqual([
      { type: "jobs", command: "abort" },
      { type: "jobs", command: "stopApplications" },
    ]);
    const done = step(r.state, { type: "control", view: { stoppingJobs: false }, answers: "stopApplications" }, 3);
    expect(done.state.fsm).toBe("FINAL");
    expect(done.effects.filter((e) => e.type === "restartLocal")).toEqual([{ type: "restartLocal" }]);
  });
});
