// start_process, start_process_args, start_any_process, start_any_process_args,
// test_start_process, stop_process, restart_process (CTL-SV-17..20, 24..26) against a fake server.
// Expected texts recorded from the Supvisors 0.19 ctl plugin run by supervisorctl 4.2.5 (Debian)
// against a server giving the same answers.

import { describe, expect, test } from "bun:test";
import { Faults, RpcFault } from "../../../src/api/faults.ts";
import { Double, type XmlRpcValue } from "../../../src/api/xmlrpc/value.ts";
import type { Struct } from "../../../src/cli/ctl/commands/results.ts";
import { comparePy, pySorted } from "../../../src/cli/ctl/commands/supvisors-args.ts";
import type { Answer } from "./fake-client.ts";
import { methodsCalled, supvisorsServer } from "./supvisors-fixtures.ts";
import { oneShot } from "./run-helper.ts";

const proc = (app: string, name: string, statecode: XmlRpcValue, statename: string): Struct => ({
  application_name: app, process_name: name, now_monotonic: 1, statecode, statename, expected_exit: true, last_event_mtime: 1,
  identifiers: [], extra_args: "",
});

const PROCS = [
  proc("web", "nginx", 20, "RUNNING"),
  proc("web", "worker_00", 100, "EXITED"),
  proc("tools", "tools", 0, "STOPPED"),
  proc("alpha", "a", 10, "STARTING"),
  proc("alpha", "b", 100, "EXITED"),
  proc("Zed", "z", 30, "BACKOFF"),
];

const STRATEGIES = "['CONFIG', 'LESS_LOADED', 'MOST_LOADED', 'LOCAL', 'LESS_LOADED_NODE', 'MOST_LOADED_NODE']";

function server(extra: Record<string, Answer> = {}) {
  return supvisorsServer({
    "supvisors.get_all_process_info": PROCS,
    "supvisors.start_process": (_s, name) => {
      if (name === "web:nginx") throw new RpcFault(Faults.ALREADY_STARTED, "web:nginx");
      return true;
    },
    "supvisors.start_any_process": (_s, regex) => {
      if (regex === "zz") throw new RpcFault(Faults.FAILED, "no candidate process matching 'zz'");
      return regex === "^w" ? "web:worker_00" : "alpha:b";
    },
    "supvisors.stop_process": (name) => {
      if (name === "Zed:z") throw new RpcFault(Faults.NOT_RUNNING, "Zed:z");
      return true;
    },
    "supvisors.restart_process": true,
    "supvisors.test_start_process": [
      { application_name: "web", process_name: "nginx", state: "STOPPED", forced_reason: "", running_identifiers: ["10.0.0.1:60000"] },
    ],
    ...extra,
  });
}

const params = (s: ReturnType<typeof server>, method: string) => s.calls.filter((c) => c.method === method).map((c) => c.params);

const HELP = {
  start_process:
    "start_process <strategy> <proc>\t\t\tStart the process named proc with strategy.\n" +
    "start_process <strategy> <proc> <proc>\t\tStart multiple named processes with strategy.\n" +
    "start_process <strategy>\t\t\tStart all processes with strategy.\n",
  start_process_args: "start_process <strategy> <proc> <arg_list>\tStart the process named proc with additional arguments arg_list.\n",
  start_any_process:
    "start_any_process <strategy> <regex>\t\t\tStart a process whose namespec matches the regular expression and with a starting strategy.\n" +
    "start_any_process <strategy> <regex> <regex>\t\tStart multiple processes whose namespec matches the regular expressions and with a starting strategy.\n",
  start_any_process_args:
    "start_any_process_args <strategy> <regex> <arg_list>\tStart a process whose namespec matches the regular expression, using a starting strategy and additional arguments arg_list.\n",
  test_start_process:
    "test_start_process <strategy> <proc>\t\t\tStart the process named proc with strategy.\n" +
    "test_start_process <strategy>\t\t\tStart all processes with strategy.\n",
  restart_process:
    "restart_process <strategy> <proc>\t\tRestart the process named proc using strategy.\n" +
    "restart_process <strategy> <proc> <proc>\tRestart multiple named processes using strategy.\n" +
    "restart_process <strategy> \t\t\tRestart all processes using strategy.\n",
};

describe("argument checks: message, help, exit 2, nothing requested", () => {
  const cases: Array<[string, string, keyof typeof HELP]> = [
    ["start_process", "ERROR: start_process requires at least a strategy", "start_process"],
    ["start_process x web", `ERROR: unknown strategy for start_process. use one of ${STRATEGIES}`, "start_process"],
    ["start_process_args CONFIG web:nginx", "ERROR: start_process_args requires a strategy, a program namespec and extra arguments", "start_process_args"],
    ["start_process_args x web:nginx -a", `ERROR: unknown strategy for start_process_args. use one of ${STRATEGIES}`, "start_process_args"],
    ["start_any_process CONFIG", "ERROR: start_any_process requires a strategy and at least a regular expression", "start_any_process"],
    ["start_any_process x a", `ERROR: unknown strategy for start_any_process. use one of ${STRATEGIES}`, "start_any_process"],
    ["start_any_process_args CONFIG a", "ERROR: start_any_process_args requires a strategy, a regular expression and extra arguments", "start_any_process_args"],
    ["start_any_process_args x a b", `ERROR: unknown strategy for start_any_process_args. use one of ${STRATEGIES}`, "start_any_process_args"],
    ["test_start_process CONFIG", "ERROR: test_start_process requires one strategy and one namespec", "test_start_process"],
    ["test_start_process CONFIG a b", "ERROR: test_start_process requires one strategy and one namespec", "test_start_process"],
    ["test_start_process bad web:nginx", `ERROR: unknown strategy for test_start_process. use one of ${STRATEGIES}`, "test_start_process"],
    ["restart_process", "ERROR: restart_process requires a strategy and a program name", "restart_process"],
    ["restart_process bad", `ERROR: unknown strategy=bad. use one of ${STRATEGIES}`, "restart_process"],
  ];
  for (const [line, message, help] of cases) {
    test(line, async () => {
      const s = server();
      expect(await oneShot(s, line)).toEqual({ code: 2, out: `${message}\n${HELP[help]}`, err: "" });
      expect(methodsCalled(s)).toEqual([]);
    });
  }
});

describe("start_process / start_process_args (CTL-SV-17, 18)", () => {
  test("all: every known process, sorted by code point, running ones included", async () => {
    const s = server();
    expect(await oneShot(s, "start_process CONFIG")).toEqual({
      code: 1,
      out:
        "Zed:z started: True\nalpha:a started: True\nalpha:b started: True\ntools started: True\n" +
        "web:nginx: ERROR (ALREADY_STARTED: web:nginx)\nweb:worker_00 started: True\n",
      err: "",
    });
    expect(methodsCalled(s)[0]).toBe("supvisors.get_all_process_info");
    expect(params(s, "supvisors.start_process")[0]).toEqual([0, "Zed:z"]);
  });
  test("named: sorted", async () => {
    const s = server();
    expect(await oneShot(s, "start_process LOCAL web:worker_00 alpha:b Zed:z")).toEqual({
      code: 0,
      out: "Zed:z started: True\nalpha:b started: True\nweb:worker_00 started: True\n",
      err: "",
    });
    expect(params(s, "supvisors.start_process")).toEqual([[3, "Zed:z"], [3, "alpha:b"], [3, "web:worker_00"]]);
  });
  test("fault listing the processes", async () => {
    const s = server({ "supvisors.get_all_process_info": new RpcFault(Faults.BAD_SUPVISORS_STATE) });
    expect(await oneShot(s, "start_process CONFIG all")).toEqual({ code: 1, out: "ERROR (BAD_SUPVISORS_STATE)\n", err: "" });
  });
  test("with extra arguments joined by one space", async () => {
    const s = server();
    expect(await oneShot(s, "start_process_args LOCAL web:worker_00 -a  b")).toEqual({ code: 0, out: "web:worker_00 started: True\n", err: "" });
    expect(params(s, "supvisors.start_process")).toEqual([[3, "web:worker_00", "-a b"]]);
    expect(await oneShot(server(), "start_process_args CONFIG web:nginx -x")).toEqual({
      code: 1, out: "web:nginx: ERROR (ALREADY_STARTED: web:nginx)\n", err: "",
    });
  });
});

describe("start_any_process / start_any_process_args (CTL-SV-19, 20)", () => {
  test("each expression, sorted; the answer is the namespec started; a fault quotes the expression", async () => {
    const s = server();
    expect(await oneShot(s, "start_any_process LESS_LOADED ^w zz b")).toEqual({
      code: 1,
      out: "web:worker_00 started\nalpha:b started\n\"zz\": ERROR (FAILED: no candidate process matching 'zz')\n",
      err: "",
    });
    expect(params(s, "supvisors.start_any_process")).toEqual([[1, "^w"], [1, "b"], [1, "zz"]]);
  });
  test("with extra arguments", async () => {
    const s = server();
    expect(await oneShot(s, "start_any_process_args LESS_LOADED ^w -v 1")).toEqual({ code: 0, out: "web:worker_00 started\n", err: "" });
    expect(params(s, "supvisors.start_any_process")).toEqual([[1, "^w", "-v 1"]]);
    expect((await oneShot(server(), "start_any_process_args LESS_LOADED zz -v")).out).toBe(
      "\"zz\": ERROR (FAILED: no candidate process matching 'zz')\n",
    );
  });
});

describe("test_start_process (CTL-SV-24)", () => {
  test("the table; a group namespec is passed on", async () => {
    const s = server();
    expect(await oneShot(s, "test_start_process CONFIG web:*")).toEqual({
      code: 0,
      out: "Application  Process  State       Supervisor          Reason\nweb          nginx    STOPPED     ['10.0.0.1:60000']  \n",
      err: "",
    });
    expect(params(s, "supvisors.test_start_process")).toEqual([[0, "web:*"]]);
  });
  test("fault names the namespec", async () => {
    const s = server({ "supvisors.test_start_process": new RpcFault(Faults.BAD_NAME, "x") });
    expect(await oneShot(s, "test_start_process CONFIG x")).toEqual({ code: 1, out: "x: ERROR (BAD_NAME: x)\n", err: "" });
  });
});

describe("stop_process (CTL-SV-25)", () => {
  test("all: only processes in a running state, sorted; the result is not shown", async () => {
    const s = server();
    expect(await oneShot(s, "stop_process")).toEqual({
      code: 1,
      out: "Zed:z: ERROR (NOT_RUNNING: Zed:z)\nalpha:a stopped\nweb:nginx stopped\n",
      err: "",
    });
    expect(params(s, "supvisors.stop_process")).toEqual([["Zed:z"], ["alpha:a"], ["web:nginx"]]);
    const f = server({ "supvisors.stop_process": false });
    expect((await oneShot(f, "stop_process tools")).out).toBe("tools stopped\n");
  });
  test("running state codes compared as Python does (float, bool)", async () => {
    const s = server({
      "supvisors.get_all_process_info": [proc("a", "b", 40, "STOPPING"), proc("a", "c", true, "X"), proc("a", "d", new Double(10), "STARTING")],
    });
    await oneShot(s, "stop_process all");
    expect(params(s, "supvisors.stop_process")).toEqual([["a:d"]]);
  });
  test("fault listing the processes", async () => {
    const s = server({ "supvisors.get_all_process_info": new RpcFault(Faults.BAD_SUPVISORS_STATE) });
    expect(await oneShot(s, "stop_process")).toEqual({ code: 1, out: "ERROR (BAD_SUPVISORS_STATE)\n", err: "" });
  });
});

describe("restart_process (CTL-SV-26)", () => {
  test("all and named, sorted", async () => {
    const s = server();
    expect((await oneShot(s, "restart_process CONFIG")).out).toBe(
      "Zed:z restarted: True\nalpha:a restarted: True\nalpha:b restarted: True\ntools restarted: True\nweb:nginx restarted: True\nweb:worker_00 restarted: True\n",
    );
    const n = server();
    expect(await oneShot(n, "restart_process LOCAL b a")).toEqual({ code: 0, out: "a restarted: True\nb restarted: True\n", err: "" });
    expect(params(n, "supvisors.restart_process")).toEqual([[3, "a"], [3, "b"]]);
  });
  test("fault", async () => {
    const s = server({ "supvisors.restart_process": new RpcFault(Faults.ABNORMAL_TERMINATION, "x") });
    expect(await oneShot(s, "restart_process CONFIG x")).toEqual({ code: 1, out: "x: ERROR (ABNORMAL_TERMINATION: x)\n", err: "" });
  });
});

describe("Python's sort order", () => {
  test("by code point, astral characters after the private use area", () => {
    expect(pySorted(["é", "z", "𝔸", "\ue000", "B", "a"])).toEqual(["B", "a", "z", "é", "\ue000", "𝔸"]);
    expect(comparePy("ab", "a")).toBeGreaterThan(0);
    expect(comparePy("a", "a")).toBe(0);
  });
});
