// The live progress line of start_application / stop_application / restart_application as the
// user sees it: on a fake terminal driven by a hand-run timer (refresh, redraw, erase before the
// result), and absent off a terminal.

import { describe, expect, test } from "bun:test";
import { Faults, RpcFault } from "../../../src/api/faults.ts";
import type { XmlRpcValue } from "../../../src/api/xmlrpc/value.ts";
import { commandTable } from "../../../src/cli/ctl/commands/index.ts";
import type { Struct } from "../../../src/cli/ctl/commands/results.ts";
import { applicationCommands } from "../../../src/cli/ctl/commands/supvisors-app-control.ts";
import { ERASE_LINE, REFRESH_MS, type ProgressDeps } from "../../../src/cli/ctl/commands/supvisors-progress-display.ts";
import { Controller } from "../../../src/cli/ctl/controller.ts";
import { InterruptHub } from "../../../src/cli/ctl/input.ts";
import { waitFor, type Answer } from "./fake-client.ts";
import { supvisorsServer } from "./supvisors-fixtures.ts";
import { URL } from "./run-helper.ts";

/** A timer run by hand: callbacks wait in `pending` until the test fires them. */
class HandTimer {
  readonly pending: Array<{ ms: number; fn: () => void; cancelled: boolean }> = [];
  readonly delays: number[] = [];
  after(ms: number, fn: () => void): () => void {
    const entry = { ms, fn, cancelled: false };
    this.pending.push(entry);
    this.delays.push(ms);
    return () => {
      entry.cancelled = true;
    };
  }
  live(): number {
    return this.pending.filter((e) => !e.cancelled).length;
  }
  fire(): void {
    const entry = this.pending.find((e) => !e.cancelled);
    if (!entry) throw new Error("no timer pending");
    this.pending.splice(this.pending.indexOf(entry), 1);
    entry.fn();
  }
}

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const proc = (app: string, name: string, statename: string): Struct => ({
  application_name: app, process_name: name, statename, statecode: 0, expected_exit: true, identifiers: [], now_monotonic: 1,
  last_event_mtime: 1, extra_args: "",
});
const prule = (app: string, name: string, start: number, stop = 1): Struct => ({
  application_name: app, process_name: name, identifiers: ["*"], start_sequence: start, stop_sequence: stop, required: false,
  wait_exit: false, expected_loading: 0, starting_failure_strategy: "ABORT", running_failure_strategy: "CONTINUE",
});

const APPS: Struct[] = [{ application_name: "web", managed: true, statecode: 0, statename: "STOPPED", major_failure: false, minor_failure: false }];
const RULES = [prule("web", "a", 1), prule("web", "b", 2), prule("web", "opt", 0)];

/** A terminal of `columns` whose output is collected, a ctl running our commands with `timer`. */
function setup(isTerminal: boolean, answers: Record<string, Answer>, columns = 80) {
  const timer = new HandTimer();
  const deps: ProgressDeps = { isTerminal: () => isTerminal, columns: () => columns, timer };
  const server = supvisorsServer({ "supvisors.get_all_applications_info": APPS, "supvisors.get_process_rules": RULES, ...answers });
  const out = { text: "" };
  const { startApplication, stopApplication, restartApplication } = applicationCommands(deps);
  const ctl = new Controller(
    { serverurl: URL, username: null, password: null, interactive: false, prompt: "supervisor", historyFile: null },
    {
      commands: commandTable([startApplication, stopApplication, restartApplication]),
      makeClient: server.factory,
      stdout: (s) => (out.text += s),
      stderr: (s) => (out.text += s),
      input: { read: async () => null, close() {} },
      interrupts: new InterruptHub(false),
    },
  );
  const methods = () => server.calls.map((c) => c.method).filter((m) => m.startsWith("supvisors.get_process"));
  return { timer, server, out, ctl, methods };
}

/** Answers each call with the next snapshot (the last one repeated). */
function snapshots(list: Struct[][]): Answer {
  let i = 0;
  return () => list[Math.min(i++, list.length - 1)]!;
}

describe("progress display on a terminal", () => {
  test("refreshed on each timer tick, erased before the result line", async () => {
    const request = deferred<XmlRpcValue>();
    const { timer, out, ctl, methods } = setup(true, {
      "supvisors.start_application": () => request.promise,
      "supvisors.get_process_info": snapshots([
        [proc("web", "a", "STOPPED"), proc("web", "b", "STOPPED"), proc("web", "opt", "STOPPED")],
        [proc("web", "a", "RUNNING"), proc("web", "b", "STARTING"), proc("web", "opt", "STOPPED")],
      ]),
    });
    const done = ctl.onecmd("start_application CONFIG web");
    await waitFor(() => timer.live() === 1, 2000, "first refresh scheduled");
    // Nothing is drawn before the first tick: a quick answer shows no line at all.
    expect(out.text).toBe("");
    timer.fire();
    await waitFor(() => out.text.endsWith("waiting on web:a"), 2000, "first line");
    await waitFor(() => timer.live() === 1, 2000, "next refresh scheduled");
    timer.fire();
    await waitFor(() => out.text.endsWith("waiting on web:b"), 2000, "second line");
    request.resolve(true);
    await done;
    expect(out.text).toBe(
      `${ERASE_LINE}web: starting, 0/2 done, waiting on web:a` +
        `${ERASE_LINE}web: starting, 1/2 done, waiting on web:b` +
        `${ERASE_LINE}web started: True\n`,
    );
    // The rules are read once; each tick reads the processes; every wait is REFRESH_MS.
    expect(methods()).toEqual(["supvisors.get_process_rules", "supvisors.get_process_info", "supvisors.get_process_info"]);
    expect(timer.delays.every((ms) => ms === REFRESH_MS)).toBe(true);
    expect(timer.live()).toBe(0);
    expect(ctl.exitstatus).toBe(0);
  });

  test("a quick answer: no line, no refresh, the timer cancelled", async () => {
    const { timer, out, ctl, methods } = setup(true, { "supvisors.start_application": true });
    await ctl.onecmd("start_application CONFIG web");
    expect(out.text).toBe("web started: True\n");
    expect(methods()).toEqual([]);
    expect(timer.delays).toEqual([REFRESH_MS]);
    expect(timer.live()).toBe(0);
  });

  test("a fault: the line erased before the error line, exit 1", async () => {
    const request = deferred<XmlRpcValue>();
    const { timer, out, ctl } = setup(true, {
      "supvisors.stop_application": () => request.promise,
      "supvisors.get_process_info": [proc("web", "a", "STOPPING"), proc("web", "b", "RUNNING")],
    });
    const done = ctl.onecmd("stop_application web");
    await waitFor(() => timer.live() === 1, 2000, "refresh scheduled");
    timer.fire();
    await waitFor(() => out.text.includes("stopping"), 2000, "line drawn");
    request.reject(new RpcFault(Faults.STILL_RUNNING, "web"));
    await done;
    expect(out.text).toBe(`${ERASE_LINE}web: stopping, 0/2 done, waiting on web:a${ERASE_LINE}web: ERROR (STILL_RUNNING: web)\n`);
    expect(ctl.exitstatus).toBe(1);
  });

  test("a refresh still in flight when the answer comes is never drawn", async () => {
    const request = deferred<XmlRpcValue>();
    const info = deferred<XmlRpcValue>();
    const { timer, out, ctl, methods } = setup(true, {
      "supvisors.restart_application": () => request.promise,
      "supvisors.get_process_info": () => info.promise,
    });
    const done = ctl.onecmd("restart_application LOCAL web");
    await waitFor(() => timer.live() === 1, 2000, "refresh scheduled");
    timer.fire();
    await waitFor(() => methods().length === 2, 2000, "refresh under way");
    request.resolve(true);
    await done;
    info.resolve([proc("web", "a", "RUNNING")]);
    await info.promise;
    await new Promise((r) => setImmediate(r));
    expect(out.text).toBe("web restarted: True\n");
    expect(timer.live()).toBe(0);
  });

  test("failed refreshes keep going; without rules every process counts", async () => {
    const request = deferred<XmlRpcValue>();
    let fail = true;
    const { timer, out, ctl } = setup(true, {
      "supvisors.start_application": () => request.promise,
      "supvisors.get_process_rules": new RpcFault(Faults.BAD_NAME, "web:*"),
      "supvisors.get_process_info": () => {
        if (fail) {
          fail = false;
          throw new RpcFault(Faults.BAD_SUPVISORS_STATE);
        }
        return [proc("web", "a", "RUNNING"), proc("web", "opt", "STOPPED")];
      },
    }, 40);
    const done = ctl.onecmd("start_application CONFIG web");
    await waitFor(() => timer.live() === 1, 2000, "first refresh scheduled");
    timer.fire();
    await waitFor(() => timer.live() === 1, 2000, "rescheduled after a failed refresh");
    expect(out.text).toBe("");
    timer.fire();
    await waitFor(() => out.text !== "", 2000, "line drawn");
    request.resolve(true);
    await done;
    // 40 columns: the line is cut to 39 characters.
    expect(out.text).toBe(`${ERASE_LINE}web: starting, 1/2 done, waiting on web${ERASE_LINE}web started: True\n`);
    expect(ctl.exitstatus).toBe(0);
  });
});

describe("progress display off a terminal", () => {
  test("only the original lines, no timer, no extra request, however long the wait", async () => {
    for (const [line, method, result] of [
      ["start_application CONFIG web", "supvisors.start_application", "web started: True\n"],
      ["stop_application web", "supvisors.stop_application", "web stopped: True\n"],
      ["restart_application CONFIG web", "supvisors.restart_application", "web restarted: True\n"],
    ] as const) {
      const request = deferred<XmlRpcValue>();
      const { timer, out, ctl, server } = setup(false, { [method]: () => request.promise });
      const done = ctl.onecmd(line);
      await waitFor(() => server.calls.some((c) => c.method === method), 2000, "request sent");
      expect(timer.delays).toEqual([]);
      request.resolve(true);
      await done;
      expect(out.text).toBe(result);
      expect(server.calls.map((c) => c.method)).toEqual(["supvisors.get_api_version", "supvisors.get_all_applications_info", method]);
    }
  });
});
