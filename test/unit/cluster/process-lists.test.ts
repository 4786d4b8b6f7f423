// Whole process lists sent to a peer (the handshake reply, ST-HS-05, and the answer to a list
// request) give each struct as read when the list is sent: the receiver dates the list by its
// arrival and measures a copy's age (ST-CON-07) from `now_monotonic`, so a struct kept as of its
// last state change must not travel with that old `now_monotonic`.
import { describe, expect, test } from "bun:test";
import { message, type ClusterEffect } from "../../../src/cluster/index.ts";
import { asReadNow } from "../../../src/cluster/processes.ts";
import { B, afterFirstTick, frame, remoteTick, reply, run, sent, view } from "./core-helpers.ts";

/** RUNNING since local monotonic 2.0, reported RUNNING at 3.0 (startsecs 1), wall = mono + 1000. */
const running = { group: "g", name: "p", state: 20, start: 1002, now: 1003, start_monotonic: 2, now_monotonic: 3 } as never;

/** The processes of the one message of `kind` sent to B. */
function listSent(effects: ClusterEffect[], kind: string): { start_monotonic: number; now_monotonic: number; now: number }[] {
  const [one] = sent(effects, kind);
  return (one!.payload as unknown as { processes: { start_monotonic: number; now_monotonic: number; now: number }[] }).processes;
}

describe("process lists as read when sent", () => {
  test("asReadNow moves now and now_monotonic to the reading time, keeps the start", () => {
    expect(asReadNow(running, 60)).toMatchObject({ start_monotonic: 2, now_monotonic: 60, start: 1002, now: 1060 });
  });

  test("asReadNow never moves a struct backwards", () => {
    expect(asReadNow(running, 2.5)).toBe(running);
  });

  test("the handshake reply carries the time of the reply: a process up for 58 s shows it", () => {
    const s = run(afterFirstTick(), [{ type: "localProcess", info: running }], 3).state;
    const r = run(s, [frame(B, message("handshake", { attempt: 1, strategies: { "auto-fencing": false, starting: "CONFIG", conciliation: "USER", supvisors_failure: "CONTINUE" } }))], 60);
    const [p] = listSent(r.effects, "handshakeReply");
    expect(p!.now_monotonic - p!.start_monotonic).toBeCloseTo(58, 6);
    // The local view itself is left as reported.
    expect(r.state.instances.get(r.state.localId)!.processes.get("g:p")!.now_monotonic).toBe(3);
  });

  test("the answer to a list request carries the time of the answer", () => {
    let s = run(afterFirstTick(), [remoteTick(B, 1, view("SYNCHRONIZATION", "", {})), reply(B, 1)], 1).state;
    s = run(s, [{ type: "localProcess", info: running }], 3).state;
    const r = run(s, [frame(B, message("processSync", {}))], 60);
    const [p] = listSent(r.effects, "processList");
    expect(p!.now_monotonic - p!.start_monotonic).toBeCloseTo(58, 6);
  });
});
