// The node's tick and liveness-check timers (src/node/heartbeat.ts) on a virtual clock: periods,
// lateness reported after a stall, no burst of missed beats, stop.
import { describe, expect, test } from "bun:test";
import { Heartbeat, livenessPeriod, type HeartbeatScheduler } from "../../../src/node/heartbeat.ts";
import { VirtualClock } from "../../sim/clock.ts";

/** A virtual clock whose callbacks can be held back, as a stopped process's would be. */
function frozenable(clock: VirtualClock) {
  let frozenUntil = -1;
  const held: (() => void)[] = [];
  const scheduler: HeartbeatScheduler = {
    now: () => clock.now(),
    schedule(delay, fn) {
      clock.schedule(delay, () => (clock.now() < frozenUntil ? held.push(fn) : fn()));
    },
  };
  const freeze = (seconds: number) => {
    frozenUntil = clock.now() + seconds;
    clock.schedule(seconds, () => held.splice(0).forEach((fn) => fn()));
  };
  return { scheduler, freeze };
}

describe("heartbeat", () => {
  test("liveness period: a tenth of a tick, between 10 ms and 100 ms", () => {
    expect([0.05, 0.2, 1, 5, 3600].map(livenessPeriod)).toEqual([0.01, 0.02, 0.1, 0.1, 0.1]);
  });

  test("ticks every period from the first delay, checks every tenth, on time", () => {
    const clock = new VirtualClock();
    const ticks: number[] = [];
    const lates: number[] = [];
    new Heartbeat({ now: () => clock.now(), schedule: (d, fn) => clock.schedule(d, fn) }, 0.2, {
      tick: () => ticks.push(Number(clock.now().toFixed(6))),
      check: (late) => lates.push(late),
    }).start(0.05);
    while (clock.runNext(0.99)) {
      /* run */
    }
    expect(ticks).toEqual([0.05, 0.25, 0.45, 0.65, 0.85]);
    expect(lates.length).toBe(49);
    expect(Math.max(...lates)).toBeLessThan(1e-9);
  });

  test("after a stall each chain fires once, with its lateness, and then keeps its period", () => {
    const clock = new VirtualClock();
    const { scheduler, freeze } = frozenable(clock);
    const ticks: number[] = [];
    const lates: [number, number][] = [];
    new Heartbeat(scheduler, 0.2, { tick: () => ticks.push(clock.now()), check: (late) => lates.push([clock.now(), late]) }).start();
    while (clock.runNext(0.3)) {
      /* run */
    }
    freeze(3);
    while (clock.runNext(4)) {
      /* run */
    }
    const afterStall = lates.filter(([at]) => at >= 3.3);
    expect(afterStall[0]![1]).toBeGreaterThan(2.9);
    expect(afterStall.slice(1).every(([, late]) => late < 1e-9)).toBe(true);
    // One tick at the resumption, none replayed for the 15 missed periods.
    expect(ticks.filter((t) => t >= 3.3 && t < 3.31)).toHaveLength(1);
    expect(ticks.filter((t) => t > 0.3 && t < 3.3)).toHaveLength(0);
  });

  test("stop cancels both chains", () => {
    const clock = new VirtualClock();
    let beats = 0;
    const cancels: (() => void)[] = [];
    const hb = new Heartbeat(
      {
        now: () => clock.now(),
        schedule: (d, fn) => {
          let live = true;
          clock.schedule(d, () => live && fn());
          const cancel = () => {
            live = false;
          };
          cancels.push(cancel);
          return cancel;
        },
      },
      0.2,
      { tick: () => (beats += 1), check: () => (beats += 1) },
    );
    hb.start();
    clock.runNext(0);
    hb.stop();
    const before = beats;
    while (clock.runNext(2)) {
      /* run */
    }
    expect(beats).toBe(before);
  });
});
