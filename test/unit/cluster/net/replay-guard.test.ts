// Replay protection on the receiving side, with an injected clock.

import { expect, test } from "bun:test";
import { ReplayGuard } from "../../../../src/cluster/net/replay-guard.ts";

const T0 = 1_700_000_000_000;

function setup() {
  let now = T0;
  const guard = new ReplayGuard({ now: () => now, maxClockSkewMs: 30_000, maxSenders: 3 });
  const stamp = (seq: number, sessionStart = T0 - 5000, sessionNonce = 1, timestamp = now) => ({ sessionStart, sessionNonce, seq, timestamp });
  return { guard, stamp, advance: (ms: number) => (now += ms) };
}

test("a frame is accepted once; the same or a lower sequence is a replay", () => {
  const { guard, stamp } = setup();
  expect(guard.check("a", stamp(1))).toBeUndefined();
  expect(guard.check("a", stamp(2))).toBeUndefined();
  expect(guard.check("a", stamp(2))).toBe("replayed frame (sequence 2, already at 2)");
  expect(guard.check("a", stamp(1))).toBe("replayed frame (sequence 1, already at 2)");
  expect(guard.check("a", stamp(10))).toBeUndefined();
});

test("senders are tracked apart", () => {
  const { guard, stamp } = setup();
  expect(guard.check("a", stamp(5))).toBeUndefined();
  expect(guard.check("b", stamp(1))).toBeUndefined();
});

test("a sender's later run is accepted and its earlier run refused from then on", () => {
  const { guard, stamp } = setup();
  expect(guard.check("a", stamp(100))).toBeUndefined();
  expect(guard.check("a", stamp(1, T0 - 100, 2))).toBeUndefined();
  expect(guard.check("a", stamp(101))).toBe("frame from an earlier run of the sender (replayed after it restarted)");
  // Same start instant, other nonce: not newer, so not accepted as a restart.
  expect(guard.check("a", stamp(50, T0 - 100, 3))).toBe("frame from an earlier run of the sender (replayed after it restarted)");
});

test("timestamps too far from the local clock are refused, either way", () => {
  const { guard, stamp } = setup();
  expect(guard.check("a", stamp(1, T0 - 5000, 1, T0 - 30_001))).toContain("-30 s away from this node's clock (limit 30 s)");
  expect(guard.check("a", stamp(1, T0 - 5000, 1, T0 + 31_000))).toContain("31 s away");
  expect(guard.check("a", stamp(1, T0 - 5000, 1, T0 + 30_000))).toBeUndefined();
  expect(guard.check("a", stamp(2, T0 - 5000, 1, Number.NaN))).toContain("away from this node's clock");
});

test("the table is bounded: the sender heard from longest ago is forgotten", () => {
  const { guard, stamp } = setup();
  for (const sender of ["a", "b", "c"]) expect(guard.check(sender, stamp(5))).toBeUndefined();
  expect(guard.check("a", stamp(6))).toBeUndefined(); // a is now the most recent
  expect(guard.check("d", stamp(1))).toBeUndefined(); // evicts b
  expect(guard.check("b", stamp(5))).toBeUndefined();
  expect(guard.check("a", stamp(6))).toContain("replayed");
});
