// ST-PS-01..08: one process as the cluster sees it, and RULE-62's value of a process.
import { describe, expect, test } from "bun:test";
import type { ForcedState } from "../../../../src/control/model/snapshot.ts";
import { type ProcessStatus, allProcessStatuses, processStatus, processValue } from "../../../../src/control/model/synthesis.ts";
import type { ProcessStateName } from "../../../../src/process/states.ts";
import { cluster, id, inst, proc } from "./builder.ts";

/** The status of app:p where instance a, b, c report the given states (undefined = not configured there). */
function statusOf(states: (ProcessStateName | undefined)[], times?: number[], forced?: ForcedState): ProcessStatus | undefined {
  const snapshot = cluster(
    ["a", "b", "c"].map((nick, i) => {
      const state = states[i];
      return inst(nick, state === undefined ? [] : [proc("app", "p", state, { now_monotonic: 50 + i })]);
    }),
  );
  const eventTimes = times === undefined ? undefined : new Map(["a", "b", "c"].map((nick, i) => [id(nick), times[i] as number]));
  return processStatus(snapshot, "app:p", forced, eventTimes);
}

describe("ST-PS-01 per-instance reports", () => {
  test("undefined when no instance reports the process", () => {
    expect(statusOf([undefined, undefined, undefined])).toBeUndefined();
  });
  test("names and configured instances in instance order", () => {
    const status = statusOf([undefined, "STOPPED", "RUNNING"]) as ProcessStatus;
    expect([status.application, status.name, status.namespec]).toEqual(["app", "p", "app:p"]);
    expect(status.configuredOn).toEqual([id("b"), id("c")]);
  });
});

describe("ST-PS-02 running set", () => {
  const cases: [ProcessStateName, boolean][] = [
    ["STOPPED", false], ["STARTING", true], ["RUNNING", true], ["BACKOFF", true],
    ["STOPPING", true], ["EXITED", false], ["FATAL", false], ["UNKNOWN", false],
  ];
  test.each(cases)("%s on one instance → in running set: %p", (state, running) => {
    expect(statusOf(["STOPPED", state, "STOPPED"])?.runningOn).toEqual(running ? [id("b")] : []);
  });
  test("instance order", () => {
    expect(statusOf(["RUNNING", "STOPPED", "STARTING"])?.runningOn).toEqual([id("a"), id("c")]);
  });
});

describe("ST-PS-03 synthetic state", () => {
  const cases: [string, (ProcessStateName | undefined)[], ProcessStateName][] = [
    ["one running instance gives its state", ["STOPPED", "BACKOFF", "EXITED"], "BACKOFF"],
    ["one STOPPING instance", ["STOPPING", "STOPPED", undefined], "STOPPING"],
    ["conflict: RUNNING first", ["STARTING", "RUNNING", "BACKOFF"], "RUNNING"],
    ["conflict: then BACKOFF", ["STARTING", "BACKOFF", undefined], "BACKOFF"],
    ["conflict: then STARTING", ["STOPPING", "STARTING", undefined], "STARTING"],
    ["conflict: then STOPPING", ["STOPPING", "STOPPING", "FATAL"], "STOPPING"],
  ];
  test.each(cases)("%s", (_label, states, expected) => {
    expect(statusOf(states)?.state).toBe(expected);
  });
  test("none running: the most recently updated instance (event times)", () => {
    const status = statusOf(["EXITED", "FATAL", "STOPPED"], [10, 30, 20]) as ProcessStatus;
    expect([status.state, status.lastEventMtime]).toEqual(["FATAL", 30]);
  });
  test("none running, no event times: the reports' own now_monotonic", () => {
    const snapshot = cluster(
      (["FATAL", "EXITED", "STOPPED"] as const).map((state, i) => inst(["a", "b", "c"][i] as string, [proc("app", "p", state, { now_monotonic: 50 + i, stop: 1000 })])),
    );
    expect(processStatus(snapshot, "app:p", undefined, undefined)?.state).toBe("STOPPED");
  });
  test("equal times: the first instance", () => {
    expect(statusOf(["EXITED", "FATAL", "STOPPED"], [5, 5, 5])?.state).toBe("EXITED");
  });
  test("lastEventMtime is the latest event even when a running instance gives the state", () => {
    expect(statusOf(["RUNNING", "STOPPED", "STOPPED"], [1, 9, 3])?.lastEventMtime).toBe(9);
  });
});

describe("ST-PS-03 none running: an instance where the process never ran has no news of it", () => {
  /** app:p on a (given state, stop time 1000 unless STOPPED never started) and b (STOPPED, never started). */
  function twoReports(aState: ProcessStateName, aStop: number, times: [number, number]): ProcessStatus {
    const snapshot = cluster([
      inst("a", [proc("app", "p", aState, { stop: aStop, expected: true })]),
      inst("b", [proc("app", "p", "STOPPED", { stop: 0 })]),
    ]);
    return processStatus(snapshot, "app:p", undefined, new Map([[id("a"), times[0]], [id("b"), times[1]]])) as ProcessStatus;
  }
  test("a one-shot EXITED on a stays EXITED when b, where it never ran, reports later (b joining)", () => {
    const status = twoReports("EXITED", 1000, [10, 30]);
    expect([status.state, status.expectedExit]).toEqual(["EXITED", true]);
    // The latest event is still b's, and so are the extra args (ST-PS-08).
    expect(status.lastEventMtime).toBe(30);
  });
  test("a process stopped on purpose on a (stop time) stays STOPPED", () => {
    expect(twoReports("STOPPED", 1000, [10, 30]).state).toBe("STOPPED");
  });
  test("FATAL on a is not hidden by b's later report", () => {
    expect(twoReports("FATAL", 1000, [10, 30]).state).toBe("FATAL");
  });
  test("never run anywhere: STOPPED", () => {
    expect(twoReports("STOPPED", 0, [10, 30]).state).toBe("STOPPED");
  });
});

describe("ST-PS-04 expected exit", () => {
  test("an unexpected EXITED gives false", () => {
    const snapshot = cluster([inst("a", [proc("app", "p", "EXITED", { expected: false })])]);
    expect(processStatus(snapshot, "app:p", undefined, undefined)?.expectedExit).toBe(false);
  });
  test("an expected EXITED gives true", () => {
    expect(statusOf(["EXITED", undefined, undefined])?.expectedExit).toBe(true);
  });
  test("a running state gives true even if an older report exited unexpectedly", () => {
    const snapshot = cluster([inst("a", [proc("app", "p", "EXITED", { expected: false })]), inst("b", [proc("app", "p", "RUNNING")])]);
    expect(processStatus(snapshot, "app:p", undefined, undefined)?.expectedExit).toBe(true);
  });
});

describe("ST-PS-05 forced state", () => {
  const fatal: ForcedState = { state: "FATAL", reason: "No resource available", at: 40 };
  test("FATAL is displayed with its reason, expected exit false", () => {
    const status = statusOf(["STOPPED", "STOPPED", undefined], [10, 20, 0], fatal) as ProcessStatus;
    expect([status.state, status.forcedReason, status.expectedExit, status.lastEventMtime]).toEqual(["FATAL", "No resource available", false, 40]);
  });
  test("STOPPED is displayed, expected exit true", () => {
    const stopped: ForcedState = { state: "STOPPED", reason: "process STOPPED event not received in time", at: 40 };
    const status = statusOf(["STOPPING", undefined, undefined], [10, 0, 0], stopped) as ProcessStatus;
    expect([status.state, status.expectedExit, status.runningOn]).toEqual(["STOPPED", true, [id("a")]]);
  });
  test("ignored once a newer real event arrived", () => {
    const status = statusOf(["STOPPED", "RUNNING", undefined], [10, 41, 0], fatal) as ProcessStatus;
    expect([status.state, status.forcedReason]).toEqual(["RUNNING", ""]);
  });
  test("an event at the same time does not supersede it", () => {
    expect(statusOf(["STOPPED", "STOPPED", undefined], [40, 0, 0], fatal)?.state).toBe("FATAL");
  });
  test("without event times, the remote clocks are not compared with the local one", () => {
    expect(statusOf(["STOPPED", "STOPPED", undefined], undefined, { ...fatal, at: 1 })?.state).toBe("FATAL");
  });
});

describe("ST-PS-06 crash, ST-PS-07 disabled, ST-PS-08 extra args", () => {
  test("crashed: FATAL on one instance while running on another", () => {
    expect(statusOf(["FATAL", "RUNNING", undefined])?.crashed).toBe(true);
  });
  test("crashed: unexpected EXITED; not an expected one", () => {
    const snapshot = (expected: boolean) => cluster([inst("a", [proc("app", "p", "EXITED", { expected })])]);
    expect(processStatus(snapshot(false), "app:p", undefined, undefined)?.crashed).toBe(true);
    expect(processStatus(snapshot(true), "app:p", undefined, undefined)?.crashed).toBe(false);
  });
  const disabled: [boolean[], boolean][] = [
    [[true, true], true],
    [[true, false], false],
    [[false, false], false],
  ];
  test.each(disabled)("disabled on %p → %p", (flags, expected) => {
    const snapshot = cluster(flags.map((flag, i) => inst(`n${i}`, [proc("app", "p", "STOPPED", { disabled: flag })])));
    expect(processStatus(snapshot, "app:p", undefined, undefined)?.disabled).toBe(expected);
  });
  test("extra args: the value of the latest report wins", () => {
    const snapshot = cluster([
      inst("a", [proc("app", "p", "RUNNING", { extra_args: "-v" })]),
      inst("b", [proc("app", "p", "STOPPED", { extra_args: "-x" })]),
    ]);
    const times = (a: number, b: number) => new Map([[id("a"), a], [id("b"), b]]);
    expect(processStatus(snapshot, "app:p", undefined, times(2, 1))?.extraArgs).toBe("-v");
    expect(processStatus(snapshot, "app:p", undefined, times(1, 2))?.extraArgs).toBe("-x");
  });
});

describe("allProcessStatuses", () => {
  test("every namespec known anywhere, sorted, with its own forced state and times", () => {
    const snapshot = cluster([
      inst("a", [proc("web", "w", "RUNNING"), proc("app", "z", "STOPPED")]),
      inst("b", [proc("app", "b", "STOPPED"), proc("app", "z", "STOPPED")]),
    ]);
    const forced = new Map<string, ForcedState>([["app:b", { state: "FATAL", reason: "r", at: 5 }]]);
    const times = new Map([["app:z", new Map([[id("a"), 7]])]]);
    const all = allProcessStatuses(snapshot, forced, times);
    expect(all.map((s) => s.namespec)).toEqual(["app:b", "app:z", "web:w"]);
    expect(all.map((s) => s.state)).toEqual(["FATAL", "STOPPED", "RUNNING"]);
    expect(all[1]?.lastEventMtime).toBe(100);
    expect(all[1]?.configuredOn).toEqual([id("a"), id("b")]);
  });
});

describe("RULE-62 process value", () => {
  const cases: [ProcessStateName, boolean, boolean][] = [
    ["STARTING", true, true], ["RUNNING", true, true], ["BACKOFF", true, true],
    ["EXITED", true, true], ["EXITED", false, false], ["STOPPED", true, false],
    ["STOPPING", true, false], ["FATAL", false, false], ["UNKNOWN", true, false],
  ];
  test.each(cases)("%s (expected exit %p) → %p", (state, expectedExit, expected) => {
    const status = { ...(statusOf(["STOPPED", undefined, undefined]) as ProcessStatus), state, expectedExit };
    expect(processValue(status)).toBe(expected);
  });
});
