// CoalescedWrite on a hand-driven clock: requests of one turn make one write at the end of the
// turn; requests within minGapMs of the last write wait for the gap; writeNow and cancel.

import { describe, expect, test } from "bun:test";
import { CoalescedWrite } from "../../../src/daemon/coalesced-write.ts";

function setup(minGapMs = 50) {
  let t = 0;
  let writes = 0;
  const soon: (() => void)[] = [];
  const timers: { fn: () => void; at: number; cancelled: boolean }[] = [];
  const w = new CoalescedWrite(() => (writes += 1), {
    minGapMs,
    now: () => t,
    soon: (fn) => soon.push(fn),
    after: (fn, ms) => {
      const timer = { fn, at: t + ms, cancelled: false };
      timers.push(timer);
      return () => (timer.cancelled = true);
    },
  });
  return {
    w,
    writes: () => writes,
    endTurn: () => soon.splice(0).forEach((fn) => fn()),
    advance: (ms: number) => {
      t += ms;
      for (const timer of timers.splice(0)) {
        if (timer.cancelled) continue;
        if (timer.at <= t) timer.fn();
        else timers.push(timer);
      }
    },
  };
}

describe("CoalescedWrite", () => {
  test("many requests in one turn: one write at the end of the turn", () => {
    const s = setup();
    s.w.request();
    s.w.request();
    s.w.request();
    expect(s.writes()).toBe(0);
    s.endTurn();
    expect(s.writes()).toBe(1);
  });

  test("requests right after a write wait until the gap is over, then one write for all", () => {
    const s = setup(50);
    s.w.request();
    s.endTurn();
    s.advance(10);
    s.w.request();
    s.endTurn();
    s.advance(10);
    s.w.request();
    expect(s.writes()).toBe(1);
    s.advance(29);
    expect(s.writes()).toBe(1);
    s.advance(1);
    expect(s.writes()).toBe(2);
    // Long after: the end of the turn again.
    s.advance(100);
    s.w.request();
    s.endTurn();
    expect(s.writes()).toBe(3);
  });

  test("writeNow writes at once and drops the pending write; cancel drops it without writing", () => {
    const s = setup(50);
    s.w.request();
    s.w.writeNow();
    expect(s.writes()).toBe(1);
    s.endTurn();
    expect(s.writes()).toBe(1);
    s.w.request();
    s.w.cancel();
    s.advance(100);
    s.endTurn();
    expect(s.writes()).toBe(1);
  });

  test("writeNow starts no gap: the next request still writes at the end of its turn", () => {
    const s = setup(50);
    s.w.writeNow();
    s.w.request();
    s.endTurn();
    expect(s.writes()).toBe(2);
  });
});
