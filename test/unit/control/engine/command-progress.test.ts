// ST-SEQ-03/04/07 as pure tables: an order's progress on each reported state, and its timeouts.

import { describe, expect, test } from "bun:test";
import type { ProcessInfo } from "../../../../src/cluster/messages.ts";
import {
  minTicks,
  startOnEvent,
  startTimeCheck,
  stopOnEvent,
  stopTimeCheck,
  waitTicks,
} from "../../../../src/control/engine/command-progress.ts";
import type { StartCommand, StopCommand } from "../../../../src/control/engine/jobs-model.ts";
import type { ClusterSnapshot, InstanceSnapshot } from "../../../../src/control/model/snapshot.ts";
import { ProcessStates, type ProcessStateName } from "../../../../src/process/states.ts";

const start = (ignoreWaitExit = false): StartCommand => ({
  key: "g:p", application: "g", process: "p", strategy: "CONFIG", identifier: "a", extraArgs: "", ignoreWaitExit, since: 10,
});
const stop: StopCommand = { key: "g:p", application: "g", process: "p", identifier: "a", since: 10 };
const info = (state: ProcessStateName, expected = true): ProcessInfo =>
  ({ state: ProcessStates[state], statename: state, expected, startsecs: 4, stopwaitsecs: 7 }) as ProcessInfo;

describe("ST-SEQ-03 start order on an event", () => {
  const table: [ProcessStateName, boolean, boolean, string][] = [
    // state, wait_exit, expected exit → progress
    ["STARTING", false, true, "inProgress"],
    ["RUNNING", false, true, "success"],
    ["RUNNING", true, true, "inProgress"],
    ["EXITED", true, true, "success"],
    ["EXITED", true, false, "failed"],
    ["EXITED", false, true, "failed"],
    ["BACKOFF", false, true, "backoff"],
    ["FATAL", false, false, "failed"],
    ["STOPPED", false, true, "failed"],
    ["STOPPING", false, true, "failed"],
    ["UNKNOWN", false, true, "failed"],
  ];
  for (const [state, waitExit, expected, progress] of table) {
    test(`${state} wait_exit=${waitExit} expected=${expected} → ${progress}`, () => {
      expect(startOnEvent(start(), info(state, expected), waitExit)).toBe(progress as never);
    });
  }
  test("RUNNING with wait_exit in a single-process start → success", () => {
    expect(startOnEvent(start(true), info("RUNNING"), true)).toBe("success");
  });
});

describe("ST-SEQ-07 stop order on an event", () => {
  for (const [state, progress] of [["STOPPING", "inProgress"], ["RUNNING", "inProgress"], ["STOPPED", "success"], ["EXITED", "success"], ["FATAL", "success"]] as const) {
    test(`${state} → ${progress}`, () => expect(stopOnEvent(info(state))).toBe(progress));
  }
});

function snapshot(states: string[]): ClusterSnapshot {
  const instances = new Map<string, InstanceSnapshot>();
  states.forEach((state, i) => instances.set(`i${i}`, { state, identity: {}, network: null, processes: new Map() } as unknown as InstanceSnapshot));
  return { localId: "i0", master: "i0", fsm: "OPERATION", instances };
}

describe("ST-SEQ-04 timeouts", () => {
  test("min_ticks = max(2, ⌊non-isolated / 10⌋)", () => {
    expect(minTicks(snapshot(Array(5).fill("RUNNING")))).toBe(2);
    expect(minTicks(snapshot(Array(29).fill("RUNNING")))).toBe(2);
    expect(minTicks(snapshot(Array(30).fill("STOPPED")))).toBe(3);
    expect(minTicks(snapshot([...Array(30).fill("RUNNING"), ...Array(20).fill("ISOLATED")]))).toBe(3);
    expect(waitTicks(4, 5, 2)).toBe(3);
    expect(waitTicks(4, 1, 2)).toBe(6);
    expect(waitTicks(0, 1, 2)).toBe(2);
  });

  const clock = (now: number) => ({ now, tickPeriod: 1, minTicks: 2 });
  const table: [string, ProcessStateName | undefined, number, string, string][] = [
    // order, state on target, now (order at 10), → progress, awaited state
    ["start", "STOPPED", 12, "inProgress", "STARTING"],
    ["start", "STOPPED", 12.5, "timedOut", "STARTING"],
    ["start", undefined, 12.5, "timedOut", "STARTING"],
    ["start", "STARTING", 16, "inProgress", "RUNNING"], // ⌈4/1⌉ + 2 = 6 ticks
    ["start", "STARTING", 16.5, "timedOut", "RUNNING"],
    ["start", "BACKOFF", 16.5, "timedOut", "RUNNING"],
    ["start", "RUNNING", 99, "success", "RUNNING"],
    ["stop", "RUNNING", 12.5, "timedOut", "STOPPING"],
    ["stop", "STOPPING", 19, "inProgress", "STOPPED"], // ⌈7/1⌉ + 2 = 9 ticks
    ["stop", "STOPPING", 19.5, "timedOut", "STOPPED"],
    ["stop", "EXITED", 99, "success", "EXITED"],
  ];
  for (const [kind, state, now, progress, awaited] of table) {
    test(`${kind} order, ${state ?? "no report"} at +${now - 10}s → ${progress} (${awaited})`, () => {
      const reported = state === undefined ? undefined : info(state);
      const check = kind === "start" ? startTimeCheck(start(), reported, false, clock(now)) : stopTimeCheck(stop, reported, clock(now));
      expect(check).toEqual({ progress: progress as never, expected: awaited as ProcessStateName });
    });
  }

  test("RUNNING with wait_exit waits for ever", () => {
    expect(startTimeCheck(start(), info("RUNNING"), true, clock(1e6))).toEqual({ progress: "inProgress", expected: "EXITED" });
  });
});
