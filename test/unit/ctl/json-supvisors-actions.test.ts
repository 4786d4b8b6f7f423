// `flotilla ctl --json` for the Supvisors action commands (CTL-SV-13..39): one outcome per target
// with what the server answered (`{"name", "ok", "result"}`) or the fault
// (`{"name", "ok": false, "error": {"code", "text"}}`), argument errors as usage failures, and no
// progress line even on a terminal; each with the exit status of text mode.

import { describe, expect, test } from "bun:test";
import { Faults, RpcFault } from "../../../src/api/faults.ts";
import type { XmlRpcValue } from "../../../src/api/xmlrpc/value.ts";
import { commandTable } from "../../../src/cli/ctl/commands/index.ts";
import type { Struct } from "../../../src/cli/ctl/commands/results.ts";
import { applicationCommands } from "../../../src/cli/ctl/commands/supvisors-app-control.ts";
import type { ProgressDeps } from "../../../src/cli/ctl/commands/supvisors-progress-display.ts";
import { Controller } from "../../../src/cli/ctl/controller.ts";
import { InterruptHub } from "../../../src/cli/ctl/input.ts";
import { JsonRenderer } from "../../../src/cli/ctl/render/json-renderer.ts";
import { fakeServer, type Answer, type FakeServer } from "./fake-client.ts";
import { jsonLikeText } from "./json-helper.ts";
import { URL } from "./run-helper.ts";
import { supvisorsServer } from "./supvisors-fixtures.ts";

const ok = (name: string, result: XmlRpcValue, extra: Record<string, XmlRpcValue> = {}) => ({ name, ...extra, ok: true, result });
const failed = (name: string, code: number | null, text: string, extra: Record<string, XmlRpcValue> = {}) => ({
  name, ...extra, ok: false, error: { code, text },
});

const app = (name: string, managed: boolean): Struct => ({
  application_name: name, managed, statecode: 0, statename: "STOPPED", major_failure: false, minor_failure: false,
});
const APPS = [app("web", true), app("db", true), app("tools", false), app("alpha", true)];

const proc = (app: string, name: string, statecode: number, statename: string): Struct => ({
  application_name: app, process_name: name, statecode, statename, expected_exit: true, identifiers: [], extra_args: "",
});
const PROCS = [proc("web", "nginx", 20, "RUNNING"), proc("web", "worker", 0, "STOPPED"), proc("tools", "tools", 20, "RUNNING")];

const START_TEST: Struct[] = [
  { application_name: "web", process_name: "nginx", state: "STOPPED", forced_state: null, forced_reason: "", running_identifiers: ["a"] },
];

function server(extra: Record<string, Answer> = {}) {
  const faultFor = (name: string, fault: RpcFault) => (...params: XmlRpcValue[]) => {
    if (params.includes(name)) throw fault;
    return true;
  };
  return () =>
    supvisorsServer({
      "supvisors.get_all_applications_info": APPS,
      "supvisors.get_all_process_info": PROCS,
      "supvisors.get_application_info": (name) => {
        const found = APPS.find((a) => a.application_name === name);
        if (found === undefined) throw new RpcFault(Faults.BAD_NAME, String(name));
        return found;
      },
      "supvisors.start_application": faultFor("alpha", new RpcFault(Faults.ALREADY_STARTED, "alpha")),
      "supvisors.stop_application": true,
      "supvisors.restart_application": true,
      "supvisors.test_start_application": START_TEST,
      "supvisors.test_start_process": START_TEST,
      "supvisors.start_process": faultFor("web:nginx", new RpcFault(Faults.ALREADY_STARTED, "web:nginx")),
      "supvisors.restart_process": true,
      "supvisors.stop_process": true,
      "supvisors.start_any_process": (_s, regex) => {
        if (regex === "zz") throw new RpcFault(Faults.FAILED, "no candidate process matching 'zz'");
        return "web:worker";
      },
      "supvisors.start_args": true,
      "supvisors.update_numprocs": true,
      "supvisors.enable": true,
      "supvisors.disable": new RpcFault(Faults.BAD_NAME, "bad"),
      "supvisors.conciliate": false,
      "supvisors.restart_sequence": true,
      "supvisors.restart": true,
      "supvisors.shutdown": true,
      "supvisors.end_sync": true,
      "supvisors.change_log_level": true,
      "supvisors.enable_host_statistics": new RpcFault(Faults.NOT_APPLICABLE, "host statistics"),
      "supvisors.enable_process_statistics": true,
      "supvisors.update_collecting_period": true,
      ...extra,
    });
}

describe("application control (CTL-SV-13..16)", () => {
  test("start_application: every managed application, sorted", async () => {
    const run = await jsonLikeText(server(), "start_application CONFIG");
    expect(run.doc).toEqual([failed("alpha", Faults.ALREADY_STARTED, "ALREADY_STARTED: alpha"), ok("db", true), ok("web", true)]);
    expect(run.code).toBe(1);
  });
  test("named: unknown (BAD_NAME, exit 2) and unmanaged (NOT_MANAGED) decided by the ctl", async () => {
    const run = await jsonLikeText(server(), "start_application LOCAL nosuch tools web");
    expect(run.doc).toEqual([
      failed("nosuch", Faults.BAD_NAME, "no such application"),
      failed("tools", Faults.NOT_MANAGED, "unmanaged. use start tools:*"),
      ok("web", true),
    ]);
    expect(run.code).toBe(2);
  });
  test("stop_application and restart_application", async () => {
    expect((await jsonLikeText(server(), "stop_application web")).doc).toEqual([ok("web", true)]);
    const run = await jsonLikeText(server(), "restart_application CONFIG tools");
    expect(run.doc).toEqual([failed("tools", Faults.NOT_MANAGED, "unmanaged. use restart tools:*")]);
  });
  test("a bad strategy: usage failure naming the strategies, with the help, exit 2", async () => {
    const run = await jsonLikeText(server(), "start_application FAST web");
    const error = (run.doc as { error: { kind: string; text: string; help: string[] } }).error;
    expect(error.kind).toBe("usage");
    expect(error.text).toBe(
      "ERROR: unknown strategy for start_application. use one of ['CONFIG', 'LESS_LOADED', 'MOST_LOADED', 'LOCAL', 'LESS_LOADED_NODE', 'MOST_LOADED_NODE']",
    );
    expect(error.help).toHaveLength(3);
    expect(run.code).toBe(2);
  });
  test("test_start_application: the structs of the table; unknown and unmanaged applications", async () => {
    expect((await jsonLikeText(server(), "test_start_application CONFIG web")).doc).toEqual(START_TEST);
    const unknown = await jsonLikeText(server(), "test_start_application CONFIG nosuch");
    expect(unknown.doc).toMatchObject({ error: { kind: "usage", text: 'ERROR: unknown application "nosuch"' } });
    expect(unknown.code).toBe(2);
    const unmanaged = await jsonLikeText(server(), "test_start_application CONFIG tools");
    expect(unmanaged.doc).toMatchObject({ error: { kind: "usage", text: "ERROR: tools unmanaged" } });
    expect(unmanaged.code).toBe(0);
  });
});

describe("process control (CTL-SV-17..26)", () => {
  test("start_process: one outcome per namespec, sorted", async () => {
    const run = await jsonLikeText(server(), "start_process CONFIG web:worker web:nginx");
    expect(run.doc).toEqual([failed("web:nginx", Faults.ALREADY_STARTED, "ALREADY_STARTED: web:nginx"), ok("web:worker", true)]);
    expect(run.code).toBe(1);
  });
  test("start_process_args and start_args", async () => {
    expect((await jsonLikeText(server(), "start_process_args CONFIG web:worker -v 2")).doc).toEqual([ok("web:worker", true)]);
    expect((await jsonLikeText(server(), "start_args web:worker -v")).doc).toEqual([ok("web:worker", true)]);
  });
  test("start_any_process: named after the expression, the result is the namespec started", async () => {
    const run = await jsonLikeText(server(), "start_any_process CONFIG zz ^w");
    expect(run.doc).toEqual([ok("^w", "web:worker"), failed("zz", Faults.FAILED, "FAILED: no candidate process matching 'zz'")]);
    expect(run.code).toBe(1);
  });
  test("stop_process all: only the running processes", async () => {
    expect((await jsonLikeText(server(), "stop_process")).doc).toEqual([ok("tools", true), ok("web:nginx", true)]);
  });
  test("restart_process and test_start_process", async () => {
    expect((await jsonLikeText(server(), "restart_process LOCAL tools")).doc).toEqual([ok("tools", true)]);
    expect((await jsonLikeText(server(), "test_start_process CONFIG web:nginx")).doc).toEqual(START_TEST);
  });
  test("test_start_process with a fault: an error entry named after the namespec", async () => {
    const s = server({ "supvisors.test_start_process": new RpcFault(Faults.BAD_NAME, "x") });
    const run = await jsonLikeText(s, "test_start_process CONFIG x");
    expect(run.doc).toEqual([failed("x", Faults.BAD_NAME, "BAD_NAME: x")]);
    expect(run.code).toBe(1);
  });
});

describe("all_start / all_start_args (CTL-SV-22, 23)", () => {
  const instance = (identifier: string, port: number, statecode: number): Struct => ({
    identifier, nick_identifier: identifier, node_name: "10.0.0.1", port, statecode, statename: "RUNNING", loading: 0,
    process_failure: false, remote_sequence_counter: 1, local_time: 1,
  });
  function cluster(instances: Struct[] | RpcFault): () => FakeServer {
    return () => {
      const main = supvisorsServer({ "supvisors.get_all_instances_info": instances });
      const remotes: Record<string, FakeServer> = {
        "http://10.0.0.1:1": fakeServer({ "supervisor.startProcess": true }),
        "http://10.0.0.1:2": fakeServer({ "supervisor.startProcess": new RpcFault(Faults.ALREADY_STARTED, "p") }),
      };
      const local = main.factory;
      main.factory = (url, auth) => (remotes[url] ?? { factory: local }).factory(url, auth);
      return main;
    };
  }
  test("one outcome per running instance, with its identifier", async () => {
    const run = await jsonLikeText(cluster([instance("one", 1, 3), instance("two", 2, 2), instance("off", 3, 4)]), "all_start p");
    expect(run.doc).toEqual([
      ok("p", true, { identifier: "one" }),
      failed("p", Faults.ALREADY_STARTED, "ALREADY_STARTED: p", { identifier: "two" }),
    ]);
    expect(run.code).toBe(1);
  });
  test("no running instance: a state failure (exit 0, as in text mode)", async () => {
    const run = await jsonLikeText(cluster([instance("off", 3, 4)]), "all_start p");
    expect(run.doc).toEqual({
      error: { kind: "state", code: null, text: "no running Supvisors instance", message: "ERROR: no running Supvisors instance" },
    });
    expect(run.code).toBe(0);
  });
  test("a fault listing the instances is the failure; the line printed after it adds nothing", async () => {
    const run = await jsonLikeText(cluster(new RpcFault(Faults.BAD_SUPVISORS_STATE)), "all_start p");
    expect(run.doc).toEqual({
      error: { kind: "fault", code: Faults.BAD_SUPVISORS_STATE, text: "BAD_SUPVISORS_STATE", message: "ERROR (BAD_SUPVISORS_STATE)" },
    });
    expect(run.code).toBe(1);
  });
});

describe("programs, cluster actions, statistics (CTL-SV-27..39)", () => {
  const cases: Array<[string, unknown, number]> = [
    ["update_numprocs prog 2", [ok("prog", true)], 0],
    ["lazy_update_numprocs prog 2", [ok("prog", true)], 0],
    ["enable prog", [ok("prog", true)], 0],
    ["disable bad", [failed("bad", Faults.BAD_NAME, "BAD_NAME: bad")], 1],
    ["conciliate USER", [ok("supvisors", false)], 0],
    ["restart_sequence", [ok("supvisors", true)], 0],
    ["sreload", [ok("supvisors", true)], 0],
    ["sshutdown", [ok("supvisors", true)], 0],
    ["end_sync", [ok("supvisors", true)], 0],
    ["loglevel debug", [ok("supvisors", true)], 0],
    ["stats_period 2.5", [ok("supvisors", true)], 0],
    ["enable_stats", [failed("host", Faults.NOT_APPLICABLE, "NOT_APPLICABLE: host statistics"), ok("process", true)], 1],
    ["disable_stats process", [ok("process", true)], 0],
  ];
  for (const [line, doc, code] of cases) {
    test(line, async () => {
      const run = await jsonLikeText(server(), line);
      expect(run.doc).toEqual(doc);
      expect(run.code).toBe(code);
    });
  }
  test("argument errors: usage failures, exit 2", async () => {
    const numprocs = await jsonLikeText(server(), "update_numprocs prog 0");
    expect(numprocs.doc).toMatchObject({ error: { kind: "usage", text: "ERROR: numprocs must be a strictly positive integer" } });
    expect(numprocs.code).toBe(2);
    const level = await jsonLikeText(server(), "loglevel LOUD");
    expect(level.doc).toMatchObject({ error: { kind: "usage", text: "ERROR: unknown level for Logger" } });
    const types = await jsonLikeText(server(), "enable_stats foo bar");
    expect(types.doc).toMatchObject({
      error: { kind: "usage", text: "ERROR: invalid statistics type foo\nERROR: invalid statistics type bar" },
    });
    expect((types.doc as { error: { help: string[] } }).error.help).toHaveLength(5);
    expect(types.code).toBe(2);
  });
  test("stats_period 0: the original's uncaught assertion, exit 1", async () => {
    const run = await jsonLikeText(server(), "stats_period 0");
    expect(run.doc).toMatchObject({ error: { kind: "exception", code: "AssertionError" } });
    expect(run.code).toBe(1);
  });
});

describe("no progress line under --json", () => {
  test("on a terminal, start_application neither refreshes nor writes anything but the document", async () => {
    let scheduled = 0;
    const deps: ProgressDeps = { isTerminal: () => true, columns: () => 80, timer: { after: () => (scheduled++, () => {}) } };
    const s = server()();
    let out = "";
    const ctl = new Controller(
      { serverurl: URL, username: null, password: null, interactive: false, prompt: "supervisor", historyFile: null },
      {
        commands: commandTable([applicationCommands(deps).startApplication]),
        makeClient: s.factory,
        stdout: (t) => (out += t),
        stderr: (t) => (out += t),
        input: { read: async () => null, close() {} },
        interrupts: new InterruptHub(false),
        renderer: new JsonRenderer((t) => (out += t), (t) => (out += t)),
      },
    );
    await ctl.onecmd("start_application CONFIG web");
    ctl.finish();
    expect(scheduled).toBe(0);
    expect(JSON.parse(out)).toEqual([ok("web", true)]);
    expect(s.calls.map((c) => c.method)).not.toContain("supvisors.get_process_info");
  });
});
