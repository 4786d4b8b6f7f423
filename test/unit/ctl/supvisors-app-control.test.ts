// start_application, test_start_application, stop_application, restart_application
// (CTL-SV-13..16) against a fake server, off a terminal (plain lines only). Expected texts recorded
// from the Supvisors 0.19 ctl plugin run by supervisorctl 4.2.5 (Debian) against the same answers.

import { describe, expect, test } from "bun:test";
import { Faults, RpcFault } from "../../../src/api/faults.ts";
import type { XmlRpcValue } from "../../../src/api/xmlrpc/value.ts";
import type { Struct } from "../../../src/cli/ctl/commands/results.ts";
import type { Answer } from "./fake-client.ts";
import { methodsCalled, supvisorsServer } from "./supvisors-fixtures.ts";
import { oneShot } from "./run-helper.ts";

const app = (name: string, managed: XmlRpcValue): Struct => ({
  application_name: name, managed, statecode: 0, statename: "STOPPED", major_failure: false, minor_failure: false, now_monotonic: 1,
});
const APPS = [app("web", true), app("database_long_name", true), app("tools", false), app("alpha", true)];

const STRATEGIES = "['CONFIG', 'LESS_LOADED', 'MOST_LOADED', 'LOCAL', 'LESS_LOADED_NODE', 'MOST_LOADED_NODE']";

const HELP = {
  start:
    "start_application <strategy> <appli>\t\tStart the managed application named appli with strategy.\n" +
    "start_application <strategy> <appli> <appli>\tStart multiple managed named applications with strategy\n" +
    "start_application <strategy>\t\t\tStart all managed applications with strategy.\n",
  restart:
    "restart_application <strategy> <appli>\t\tRestart the managed application named appli with strategy.\n" +
    "restart_application <strategy> <appli> <appli>\tRestart multiple managed named applications with strategy\n" +
    "restart_application <strategy> \t\t\tRestart all managed applications with strategy.\n",
  test:
    "test_start_application <strategy> <appli>\t\tTest the starting of the managed application named appli with strategy.\n" +
    "test_start_application <strategy>\t\t\tTest the starting of all managed applications with strategy.\n",
};

/** start_application faults ALREADY_STARTED for alpha; stop_application NOT_RUNNING for alpha. */
function server(extra: Record<string, Answer> = {}) {
  const alphaFault = (fault: RpcFault) => (...params: XmlRpcValue[]) => {
    if (params.includes("alpha")) throw fault;
    return true;
  };
  return supvisorsServer({
    "supvisors.get_all_applications_info": APPS,
    "supvisors.start_application": alphaFault(new RpcFault(Faults.ALREADY_STARTED, "alpha")),
    "supvisors.stop_application": alphaFault(new RpcFault(Faults.NOT_RUNNING, "alpha")),
    "supvisors.restart_application": true,
    ...extra,
  });
}

const requests = (s: ReturnType<typeof server>, method: string) => s.calls.filter((c) => c.method === method).map((c) => c.params);

describe("start_application / stop_application / restart_application (CTL-SV-13, 15, 16)", () => {
  test("all managed applications, sorted; the strategy sent as its number", async () => {
    const s = server();
    expect(await oneShot(s, "start_application CONFIG")).toEqual({
      code: 1,
      out: "alpha: ERROR (ALREADY_STARTED: alpha)\ndatabase_long_name started: True\nweb started: True\n",
      err: "",
    });
    expect(methodsCalled(s)[0]).toBe("supvisors.get_all_applications_info");
    expect(requests(s, "supvisors.start_application")).toEqual([[0, "alpha"], [0, "database_long_name"], [0, "web"]]);
    const r = server();
    expect(await oneShot(r, "restart_application MOST_LOADED_NODE all")).toEqual({
      code: 0,
      out: "alpha restarted: True\ndatabase_long_name restarted: True\nweb restarted: True\n",
      err: "",
    });
    expect(requests(r, "supvisors.restart_application")).toEqual([[5, "alpha"], [5, "database_long_name"], [5, "web"]]);
  });
  test("named: unmanaged IGNORED, unknown an error (exit 2), before the requests, in the order given", async () => {
    const s = server();
    expect(await oneShot(s, "start_application CONFIG web tools nosuch database_long_name")).toEqual({
      code: 2,
      out:
        "tools: IGNORED (unmanaged. use start tools:*)\nnosuch: ERROR (no such application)\n" +
        "web started: True\ndatabase_long_name started: True\n",
      err: "",
    });
    expect(requests(s, "supvisors.start_application")).toEqual([[0, "web"], [0, "database_long_name"]]);
    expect(await oneShot(server(), "restart_application LOCAL web tools nosuch")).toEqual({
      code: 2,
      out: "tools: IGNORED (unmanaged. use restart tools:*)\nnosuch: ERROR (no such application)\nweb restarted: True\n",
      err: "",
    });
  });
  test("stop: no strategy; a later fault sets exit 1 over the earlier 2", async () => {
    const s = server();
    expect(await oneShot(s, "stop_application web alpha tools nosuch")).toEqual({
      code: 1,
      out:
        "tools: IGNORED (unmanaged. use stop tools:*)\nnosuch: ERROR (no such application)\n" +
        "web stopped: True\nalpha: ERROR (NOT_RUNNING: alpha)\n",
      err: "",
    });
    expect(requests(s, "supvisors.stop_application")).toEqual([["web"], ["alpha"]]);
    expect((await oneShot(server(), "stop_application")).out).toBe(
      "alpha: ERROR (NOT_RUNNING: alpha)\ndatabase_long_name stopped: True\nweb stopped: True\n",
    );
  });
  test("a result is printed as Python's str()", async () => {
    const s = server({ "supvisors.start_application": false, "supvisors.stop_application": { a: [1, "b"] } });
    expect((await oneShot(s, "start_application LESS_LOADED web")).out).toBe("web started: False\n");
    expect((await oneShot(s, "stop_application web")).out).toBe("web stopped: {'a': [1, 'b']}\n");
  });
  test("duplicate names in the answer: the last managed flag wins, first place kept", async () => {
    const s = server({
      "supvisors.get_all_applications_info": [app("x", 1), app("x", 0), app("y", "yes")],
    });
    expect((await oneShot(s, "stop_application x y x")).out).toBe("x: IGNORED (unmanaged. use stop x:*)\nx: IGNORED (unmanaged. use stop x:*)\ny stopped: True\n");
    expect((await oneShot(s, "stop_application")).out).toBe("y stopped: True\n");
  });
  const argErrors: Array<[string, string]> = [
    ["start_application", "ERROR: start_application requires at least a strategy\n" + HELP.start],
    ["start_application config web", `ERROR: unknown strategy for start_application. use one of ${STRATEGIES}\n` + HELP.start],
    ["restart_application", "ERROR: restart_application requires at least a strategy\n" + HELP.restart],
    ["restart_application Config", `ERROR: unknown strategy for restart_application. use one of ${STRATEGIES}\n` + HELP.restart],
  ];
  for (const [line, out] of argErrors) {
    test(`argument check: ${line}`, async () => {
      const s = server();
      expect(await oneShot(s, line)).toEqual({ code: 2, out, err: "" });
      expect(methodsCalled(s)).toEqual([]);
    });
  }
  test("fault listing the applications: nothing requested", async () => {
    for (const line of ["start_application CONFIG web", "stop_application", "restart_application LOCAL"]) {
      const s = server({ "supvisors.get_all_applications_info": new RpcFault(Faults.BAD_SUPVISORS_STATE) });
      expect(await oneShot(s, line)).toEqual({ code: 1, out: "ERROR (BAD_SUPVISORS_STATE)\n", err: "" });
      expect(methodsCalled(s)).toEqual(["supvisors.get_all_applications_info"]);
    }
  });
  test("every strategy name maps to its enum value", async () => {
    const names = ["CONFIG", "LESS_LOADED", "MOST_LOADED", "LOCAL", "LESS_LOADED_NODE", "MOST_LOADED_NODE"];
    for (const [value, name] of names.entries()) {
      const s = server();
      await oneShot(s, `start_application ${name} web`);
      expect(requests(s, "supvisors.start_application")).toEqual([[value, "web"]]);
    }
  });
});

describe("test_start_application (CTL-SV-14)", () => {
  const RESULTS = [
    { application_name: "web", process_name: "nginx", state: "STOPPED", forced_reason: "", running_identifiers: ["10.0.0.1:60000"] },
    { application_name: "web", process_name: "worker_00", state: "FATAL", forced_reason: "no resource available", running_identifiers: [] },
  ];
  const s = (extra: Record<string, Answer> = {}) =>
    supvisorsServer({
      "supvisors.get_application_info": (name) => {
        const found = APPS.find((a) => a.application_name === name);
        if (!found) throw new RpcFault(Faults.BAD_NAME, String(name));
        return found;
      },
      "supvisors.test_start_application": RESULTS,
      ...extra,
    });
  test("the simulated placement", async () => {
    const server = s();
    expect(await oneShot(server, "test_start_application CONFIG web")).toEqual({
      code: 0,
      out:
        "Application  Process    State       Supervisor          Reason\n" +
        "web          nginx      STOPPED     ['10.0.0.1:60000']  \n" +
        "web          worker_00  FATAL       []                  no resource available\n",
      err: "",
    });
    expect(server.calls.slice(1).map((c) => [c.method, c.params])).toEqual([
      ["supvisors.get_application_info", ["web"]],
      ["supvisors.test_start_application", [0, "web"]],
    ]);
  });
  test("no result: the title alone", async () => {
    expect((await oneShot(s({ "supvisors.test_start_application": [] }), "test_start_application LOCAL web")).out).toBe(
      "Application  Process  State       Supervisor  Reason\n",
    );
  });
  test("unmanaged: message and help, exit status untouched", async () => {
    const server = s();
    expect(await oneShot(server, "test_start_application LOCAL tools")).toEqual({ code: 0, out: "ERROR: tools unmanaged\n" + HELP.test, err: "" });
    expect(methodsCalled(server)).toEqual(["supvisors.get_application_info"]);
  });
  test("any fault on the application is 'unknown application', exit 2", async () => {
    expect(await oneShot(s(), "test_start_application CONFIG nosuch")).toEqual({ code: 2, out: 'ERROR: unknown application "nosuch"\n', err: "" });
    const state = s({ "supvisors.get_application_info": new RpcFault(Faults.BAD_SUPVISORS_STATE) });
    expect(await oneShot(state, "test_start_application CONFIG web")).toEqual({ code: 2, out: 'ERROR: unknown application "web"\n', err: "" });
  });
  test("fault of the test itself names the application", async () => {
    const server = s({ "supvisors.test_start_application": new RpcFault(Faults.ALREADY_STARTED, "web") });
    expect(await oneShot(server, "test_start_application CONFIG web")).toEqual({ code: 1, out: "web: ERROR (ALREADY_STARTED: web)\n", err: "" });
  });
  const argErrors: Array<[string, string]> = [
    ["test_start_application", "ERROR: test_start_application requires one strategy and one application name\n"],
    ["test_start_application CONFIG", "ERROR: test_start_application requires one strategy and one application name\n"],
    ["test_start_application CONFIG web x", "ERROR: test_start_application requires one strategy and one application name\n"],
    ["test_start_application BAD web", `ERROR: unknown strategy for test_start_application. use one of ${STRATEGIES}\n`],
  ];
  for (const [line, message] of argErrors) {
    test(`argument check: ${line}`, async () => {
      const server = s();
      expect(await oneShot(server, line)).toEqual({ code: 2, out: message + HELP.test, err: "" });
      expect(methodsCalled(server)).toEqual([]);
    });
  }
});
