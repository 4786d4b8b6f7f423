// The pure model of the live progress line of start_application / stop_application /
// restart_application: which processes count, which are done or failed, which the request waits
// on, and the line fitted to the terminal width.

import { describe, expect, test } from "bun:test";
import {
  initialProgress,
  observe,
  progressLine,
  progressView,
  withRules,
  type ProgressKind,
  type ProgressRule,
} from "../../../src/cli/ctl/commands/supvisors-progress.ts";

const snap = (namespec: string, statename: string, expectedExit = true) => ({ namespec, statename, expectedExit });
const rules = (entries: Array<[string, number, number, boolean?]>) =>
  new Map<string, ProgressRule>(entries.map(([n, start, stop, waitExit]) => [n, { startSequence: start, stopSequence: stop, waitExit: waitExit ?? false }]));

/** The view after each snapshot in turn. */
function views(kind: ProgressKind, r: Map<string, ProgressRule> | null, snapshots: Array<Array<ReturnType<typeof snap>>>) {
  let state = withRules(initialProgress(kind, "app"), r);
  return snapshots.map((s) => {
    state = observe(state, s);
    return progressView(state);
  });
}

describe("progress model", () => {
  const R = rules([["app:a", 1, 3], ["app:b", 2, 2], ["app:c", 2, 2], ["app:opt", 0, 1]]);

  test("start: sequence 0 does not count; waits on the lowest pending sequence, then on those starting", () => {
    expect(
      views("start", R, [
        [snap("app:a", "STOPPED"), snap("app:b", "STOPPED"), snap("app:c", "EXITED"), snap("app:opt", "STOPPED")],
        [snap("app:a", "STARTING"), snap("app:b", "STOPPED"), snap("app:c", "EXITED"), snap("app:opt", "STOPPED")],
        [snap("app:a", "RUNNING"), snap("app:b", "BACKOFF"), snap("app:c", "STOPPED"), snap("app:opt", "STOPPED")],
        [snap("app:a", "RUNNING"), snap("app:b", "FATAL"), snap("app:c", "STARTING"), snap("app:opt", "STOPPED")],
        [snap("app:a", "RUNNING"), snap("app:b", "FATAL"), snap("app:c", "RUNNING"), snap("app:opt", "STOPPED")],
      ]),
    ).toEqual([
      { total: 3, done: 0, failed: 0, waitingOn: ["app:a"] },
      { total: 3, done: 0, failed: 0, waitingOn: ["app:a"] },
      { total: 3, done: 1, failed: 0, waitingOn: ["app:b"] },
      // b was seen starting, so FATAL now is a failure, not a process still to start.
      { total: 3, done: 2, failed: 1, waitingOn: ["app:c"] },
      { total: 3, done: 3, failed: 1, waitingOn: [] },
    ]);
  });
  test("start: wait_exit processes are done only when EXITED as expected", () => {
    const w = rules([["app:job", 1, 1, true]]);
    expect(
      views("start", w, [[snap("app:job", "RUNNING")], [snap("app:job", "EXITED", true)]]),
    ).toEqual([
      { total: 1, done: 0, failed: 0, waitingOn: ["app:job"] },
      { total: 1, done: 1, failed: 0, waitingOn: [] },
    ]);
    expect(views("start", w, [[snap("app:job", "STARTING")], [snap("app:job", "EXITED", false)]])[1]).toEqual({
      total: 1, done: 1, failed: 1, waitingOn: [],
    });
  });
  test("without rules every process counts, in one sequence", () => {
    expect(views("start", null, [[snap("app:a", "STOPPED"), snap("app:opt", "RUNNING")]])).toEqual([
      { total: 2, done: 1, failed: 0, waitingOn: ["app:a"] },
    ]);
  });
  test("stop: every process counts; waits on those stopping, else the highest stop_sequence", () => {
    expect(
      views("stop", R, [
        [snap("app:a", "RUNNING"), snap("app:b", "RUNNING"), snap("app:c", "STOPPED"), snap("app:opt", "RUNNING")],
        [snap("app:a", "STOPPED"), snap("app:b", "STOPPING"), snap("app:c", "STOPPED"), snap("app:opt", "RUNNING")],
        [snap("app:a", "STOPPED"), snap("app:b", "EXITED"), snap("app:c", "STOPPED"), snap("app:opt", "RUNNING")],
      ]),
    ).toEqual([
      { total: 4, done: 1, failed: 0, waitingOn: ["app:a"] },
      { total: 4, done: 2, failed: 0, waitingOn: ["app:b"] },
      { total: 4, done: 3, failed: 0, waitingOn: ["app:opt"] },
    ]);
  });
  test("restart: a process is done once it went through a stop and started again", () => {
    const r = rules([["app:a", 1, 1], ["app:b", 1, 1]]);
    expect(
      views("restart", r, [
        [snap("app:a", "RUNNING"), snap("app:b", "STOPPED")],
        [snap("app:a", "STOPPING"), snap("app:b", "STOPPED")],
        [snap("app:a", "STOPPED"), snap("app:b", "STARTING")],
        [snap("app:a", "RUNNING"), snap("app:b", "RUNNING")],
      ]),
    ).toEqual([
      // a is RUNNING but not restarted yet; b, already stopped, waits for its start.
      { total: 2, done: 0, failed: 0, waitingOn: ["app:a"] },
      { total: 2, done: 0, failed: 0, waitingOn: ["app:a"] },
      { total: 2, done: 0, failed: 0, waitingOn: ["app:b"] },
      { total: 2, done: 2, failed: 0, waitingOn: [] },
    ]);
  });
  test("restart: leaving STOPPING counts as stopped, even when the stop was not seen", () => {
    const r = rules([["app:a", 1, 1]]);
    expect(views("restart", r, [[snap("app:a", "STOPPING")], [snap("app:a", "STARTING")], [snap("app:a", "RUNNING")]])).toEqual([
      { total: 1, done: 0, failed: 0, waitingOn: ["app:a"] },
      { total: 1, done: 0, failed: 0, waitingOn: ["app:a"] },
      { total: 1, done: 1, failed: 0, waitingOn: [] },
    ]);
  });
  test("restart: STARTING before the stop does not count as starting", () => {
    const r = rules([["app:a", 1, 1]]);
    expect(views("restart", r, [[snap("app:a", "STARTING")], [snap("app:a", "STOPPED")]])[1]).toEqual({
      total: 1, done: 0, failed: 0, waitingOn: ["app:a"],
    });
  });

  test("the line and its fitting to the width", () => {
    const view = { total: 12, done: 3, failed: 1, waitingOn: ["web:alpha", "web:bravo", "web:charlie"] };
    expect(progressLine("start", "web", view, 100)).toBe("web: starting, 3/12 done (1 failed), waiting on web:alpha, web:bravo, web:charlie");
    expect(progressLine("start", "web", view, 80)).toBe("web: starting, 3/12 done (1 failed), waiting on web:alpha, web:bravo +1 more");
    expect(progressLine("stop", "web", view, 70)).toBe("web: stopping, 3/12 done (1 failed), waiting on web:alpha +2 more");
    // Not even one name with its count fits: the full line is cut.
    expect(progressLine("stop", "web", view, 60)).toBe("web: stopping, 3/12 done (1 failed), waiting on web:alpha, ");
    expect(progressLine("restart", "web", view, 50)).toBe("web: restarting, 3/12 done (1 failed), waiting on");
    expect(progressLine("start", "web", { total: 0, done: 0, failed: 0, waitingOn: [] }, 80)).toBe("web: starting");
    expect(progressLine("start", "𝔸𝔸𝔸𝔸", { total: 1, done: 0, failed: 0, waitingOn: [] }, 8)).toBe("𝔸𝔸𝔸𝔸: s");
    for (const width of [1, 5, 20, 45, 200]) expect([...progressLine("start", "web", view, width)].length).toBeLessThanOrEqual(Math.max(1, width - 1));
  });
});

