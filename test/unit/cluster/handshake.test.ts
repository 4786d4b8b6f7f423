// ST-HS verdicts and their effects on the instance (ST-IN-10..13, ST-IN-19), through the core.
import { describe, expect, test } from "bun:test";
import { handshakeVerdict } from "../../../src/cluster/handshake.ts";
import type { Strategies } from "../../../src/cluster/index.ts";
import { B, afterFirstTick, frame, logs, reply, remoteTick, run, sent, tick, view } from "./core-helpers.ts";

const same: Strategies = { "auto-fencing": false, starting: "CONFIG", conciliation: "USER", supvisors_failure: "CONTINUE" };

describe("ST-HS-06 verdict", () => {
  const rows: [string, Parameters<typeof handshakeVerdict>[0], Strategies, ReturnType<typeof handshakeVerdict>][] = [
    ["ST-HS-04 AUTHORIZED", "CHECKING", same, "AUTHORIZED"],
    ["ST-HS-02 NOT_AUTHORIZED (we are ISOLATED there)", "ISOLATED", same, "NOT_AUTHORIZED"],
    ["ST-HS-03 INCONSISTENT (auto-fencing)", "RUNNING", { ...same, "auto-fencing": true }, "INCONSISTENT"],
    ["ST-HS-03 INCONSISTENT (starting)", "RUNNING", { ...same, starting: "LESS_LOADED" }, "INCONSISTENT"],
    ["ST-HS-03 INCONSISTENT (conciliation)", "STOPPED", { ...same, conciliation: "STOP" }, "INCONSISTENT"],
    ["ST-HS-03 INCONSISTENT (supvisors_failure)", "STOPPED", { ...same, supvisors_failure: "RESYNC" }, "INCONSISTENT"],
  ];
  for (const [name, yourState, theirs, verdict] of rows) {
    test(name, () => expect(handshakeVerdict(yourState, theirs, same)).toBe(verdict));
  }
});

describe("handshake through the core", () => {
  const checking = () => run(afterFirstTick(), [remoteTick(B, 1, view("SYNCHRONIZATION", "", {}))]);

  test("ST-IN-10 a first remote tick → CHECKING and a handshake request carrying our strategies", () => {
    const { state, effects } = checking();
    expect(state.instances.get(B.identifier)!.state).toBe("CHECKING");
    const [request] = sent(effects, "handshake");
    expect(request.to).toBe(B.identifier);
    expect(request.payload).toMatchObject({ v: 2, kind: "handshake", attempt: 1, strategies: same });
  });

  test("ST-IN-10 a remote tick before the local instance is checked is ignored", () => {
    const { state } = run(afterFirstTick(), []);
    const fresh = { ...state, instances: new Map(state.instances) };
    fresh.instances.set(state.localId, { ...state.instances.get(state.localId)!, state: "STOPPED" });
    expect(run(fresh, [remoteTick(B, 1, view("OFF", "", {}))]).state.instances.get(B.identifier)!.state).toBe("STOPPED");
  });

  test("ST-IN-11 AUTHORIZED → processes loaded, CHECKED, then RUNNING at the next evaluation", () => {
    const proc = { group: "g", name: "p", state: 20 };
    const { state } = run(checking().state, [reply(B, 1, { processes: [proc], processVersion: 4 })]);
    const b = state.instances.get(B.identifier)!;
    expect(b.state).toBe("RUNNING"); // the reply triggers an evaluation that activates it (ST-IN-14)
    expect([...b.processes.keys()]).toEqual(["g:p"]);
    expect(b.processVersion).toBe(4);
  });

  test("ST-IN-12 process list unreadable → STOPPED", () => {
    const { state } = run(checking().state, [reply(B, 1, { processes: null })]);
    expect(state.instances.get(B.identifier)!.state).toBe("STOPPED");
  });

  test("ST-IN-12 UNKNOWN: no reply within inactivity_ticks local ticks → STOPPED, retried by its next tick", () => {
    let { state } = checking();
    state = run(state, [tick(), tick(), remoteTick(B, 2, view("SYNCHRONIZATION", "", {}))]).state;
    expect(state.instances.get(B.identifier)!.state).toBe("CHECKING");
    const after = run(state, [tick(), remoteTick(B, 3, view("SYNCHRONIZATION", "", {}))]);
    expect(logs(after.effects).some((l) => l.includes("handshake UNKNOWN"))).toBe(true);
    expect(after.state.instances.get(B.identifier)!.state).toBe("CHECKING");
    expect(after.state.instances.get(B.identifier)!.attempt).toBe(2);
  });

  test("ST-IN-13 NOT_AUTHORIZED → ISOLATED, and the transport forgets it", () => {
    const { state, effects } = run(checking().state, [reply(B, 1, { yourState: "ISOLATED" })]);
    expect(state.instances.get(B.identifier)!.state).toBe("ISOLATED");
    expect(effects).toContainEqual({ type: "forget", identifier: B.identifier });
  });

  test("ST-IN-13 INCONSISTENT → ISOLATED", () => {
    const { state } = run(checking().state, [reply(B, 1, { strategies: { ...same, starting: "LOCAL" } })]);
    expect(state.instances.get(B.identifier)!.state).toBe("ISOLATED");
  });

  test("ST-IN-13 a handshake request with other strategies fences the requester at once", () => {
    const request = frame(B, { v: 2, kind: "handshake", attempt: 1, strategies: { ...same, conciliation: "STOP" } });
    const { state, effects } = run(afterFirstTick(), [request]);
    expect(state.instances.get(B.identifier)!.state).toBe("ISOLATED");
    expect(sent(effects, "handshakeReply")).toHaveLength(1);
  });

  test("ST-IN-19 stale replies are ignored (other attempt, or not CHECKING)", () => {
    const stale = run(checking().state, [reply(B, 7)]);
    expect(stale.state.instances.get(B.identifier)!.state).toBe("CHECKING");
    expect(logs(stale.effects, "debug").some((l) => l.startsWith("stale handshake reply"))).toBe(true);
    const done = run(checking().state, [reply(B, 1), reply(B, 1, { yourState: "ISOLATED" })]);
    expect(done.state.instances.get(B.identifier)!.state).toBe("RUNNING");
  });
});
