// `flotilla ctl --json` for the Supvisors query commands (CTL-SV-01..12): the server's answers as
// JSON, filtered as the text tables filter them, per-name faults as error entries, and the
// up-check failures (CTL-GEN-05), each with the exit status of text mode.

import { describe, expect, test } from "bun:test";
import { Faults, RpcFault } from "../../../src/api/faults.ts";
import { Double, type XmlRpcValue } from "../../../src/api/xmlrpc/value.ts";
import type { Struct } from "../../../src/cli/ctl/commands/results.ts";
import { ConnectionError } from "../../../src/cli/ctl/transport-errors.ts";
import type { Answer } from "./fake-client.ts";
import { jsonLikeText } from "./json-helper.ts";
import { ALL_INSTANCES, ALL_STATES, LOCAL_STATE, supvisorsServer } from "./supvisors-fixtures.ts";

const fault = (name: string, code: number, text: string) => ({ name, ok: false, error: { code, text } });

const proc = (app: string, name: string, statename: string): Struct => ({
  application_name: app, process_name: name, statecode: 20, statename, expected_exit: true, identifiers: ["10.0.0.1:60000"],
  now_monotonic: 2.5, last_event_mtime: 1, extra_args: "",
});
const PROCS = [proc("web", "nginx", "RUNNING"), proc("web", "worker", "STOPPED"), proc("tools", "tools", "RUNNING")];

const rule = (app: string, name: string): Struct => ({
  application_name: app, process_name: name, identifiers: ["*"], start_sequence: 1, stop_sequence: 2, required: true,
  wait_exit: false, expected_loading: 5, starting_failure_strategy: "ABORT", running_failure_strategy: "CONTINUE",
});

const app = (name: string, managed: boolean): Struct => ({
  application_name: name, managed, statecode: 2, statename: "RUNNING", major_failure: false, minor_failure: true,
});
const APPS = [app("web", true), app("tools", false)];

const appRules = (name: string): Struct => ({
  application_name: name, managed: true, distribution: "ALL_INSTANCES", identifiers: ["*"], start_sequence: 1, stop_sequence: 1,
  starting_strategy: "CONFIG", starting_failure_strategy: "ABORT", running_failure_strategy: "CONTINUE",
});

const local = (group: string, name: string, state: number): Struct => ({
  group, name, state, start: 0, now: 0, pid: 0, disabled: false, extra_args: "", description: "",
});
const LOCAL = [local("web", "nginx", 20), local("web", "worker", 0), local("tools", "tools", 20)];

const byName = (table: Record<string, XmlRpcValue>) => (name: XmlRpcValue) => {
  const found = table[String(name)];
  if (found === undefined) throw new RpcFault(Faults.BAD_NAME, String(name));
  return found;
};

function server(extra: Record<string, Answer> = {}) {
  return () =>
    supvisorsServer({
      "supvisors.get_supvisors_state": LOCAL_STATE,
      "supvisors.get_all_instances_state_modes": ALL_STATES,
      "supvisors.get_master_identifier": { identifier: "10.0.0.1:60000", nick_identifier: "alpha" },
      "supvisors.get_strategies": { "auto-fencing": false, conciliation: "USER", supvisors_failure: "CONTINUE", starting: "CONFIG" },
      "supvisors.get_statistics_status": { host_stats: true, process_stats: false, collecting_period: new Double(5) },
      "supvisors.get_all_instances_info": ALL_INSTANCES,
      "supvisors.get_all_applications_info": APPS,
      "supvisors.get_application_rules": byName({ web: appRules("web"), tools: { application_name: "tools", managed: false } }),
      "supvisors.get_all_process_info": PROCS,
      "supvisors.get_process_info": byName({ "web:*": PROCS.slice(0, 2), tools: [PROCS[2]!] }),
      "supvisors.get_process_rules": byName({ "web:nginx": [rule("web", "nginx")], tools: [rule("tools", "tools")] }),
      "supvisors.get_all_local_process_info": LOCAL,
      "supvisors.get_conflicts": [],
      ...extra,
    });
}

describe("state (CTL-SV-01..05)", () => {
  test("sversion: a string", async () => {
    expect((await jsonLikeText(server(), "sversion")).doc).toBe("0.19");
  });
  test("sstate: the local struct; with identifiers, the selected instances' structs", async () => {
    expect((await jsonLikeText(server(), "sstate")).doc).toEqual(LOCAL_STATE);
    expect((await jsonLikeText(server(), "sstate a-much-longer-nickname")).doc).toEqual([ALL_STATES[1]]);
    expect((await jsonLikeText(server(), "sstate all")).doc).toEqual(ALL_STATES);
  });
  test("sstate: the 'Waiting for' line of a Flotilla server is in the struct already", async () => {
    const waiting = { ...LOCAL_STATE, waiting_for: "bravo" };
    expect((await jsonLikeText(server({ "supvisors.get_supvisors_state": waiting }), "sstate")).doc).toEqual(waiting);
  });
  test("master: the struct, or the empty one when there is none", async () => {
    expect((await jsonLikeText(server(), "master")).doc).toEqual({ identifier: "10.0.0.1:60000", nick_identifier: "alpha" });
    expect((await jsonLikeText(server({ "supvisors.get_master_identifier": {} }), "master")).doc).toEqual({});
  });
  test("strategies and stats_status: the structs (a double stays a number)", async () => {
    expect((await jsonLikeText(server(), "strategies")).doc).toEqual({
      "auto-fencing": false, conciliation: "USER", supvisors_failure: "CONTINUE", starting: "CONFIG",
    });
    expect((await jsonLikeText(server(), "stats_status")).doc).toEqual({ host_stats: true, process_stats: false, collecting_period: 5 });
  });
  test("a struct missing a field: the struct as partial, the KeyError as the failure", async () => {
    const run = await jsonLikeText(server({ "supvisors.get_strategies": { "auto-fencing": true } }), "strategies");
    expect(run.doc).toEqual({
      error: { kind: "exception", code: "KeyError", text: "'supvisors_failure'", message: "error: <class 'KeyError'>, 'supvisors_failure'" },
      partial: { "auto-fencing": true },
    });
    expect(run.code).toBe(1);
  });
  test("a fault: its code and string, exit 1", async () => {
    const run = await jsonLikeText(server({ "supvisors.get_supvisors_state": new RpcFault(Faults.BAD_SUPVISORS_STATE, "x") }), "sstate");
    expect(run.doc).toEqual({
      error: { kind: "fault", code: Faults.BAD_SUPVISORS_STATE, text: "BAD_SUPVISORS_STATE: x", message: "ERROR (BAD_SUPVISORS_STATE: x)" },
    });
    expect(run.code).toBe(1);
  });
});

describe("instances and applications (CTL-SV-06..08)", () => {
  test("instance_status: the info structs, filtered by identifier or nickname", async () => {
    expect((await jsonLikeText(server(), "instance_status")).doc).toEqual(ALL_INSTANCES);
    expect((await jsonLikeText(server(), "instance_status bravo nobody")).doc).toEqual([ALL_INSTANCES[1]]);
  });
  test("application_info: the info structs, filtered by name", async () => {
    expect((await jsonLikeText(server(), "application_info")).doc).toEqual(APPS);
    expect((await jsonLikeText(server(), "application_info tools")).doc).toEqual([APPS[1]]);
  });
  test("application_rules: the rules structs; a fault is an error entry named after the application", async () => {
    expect((await jsonLikeText(server(), "application_rules")).doc).toEqual([appRules("web"), { application_name: "tools", managed: false }]);
    const run = await jsonLikeText(server(), "application_rules nosuch web");
    expect(run.doc).toEqual([fault("nosuch", Faults.BAD_NAME, "BAD_NAME: nosuch"), appRules("web")]);
    expect(run.code).toBe(1);
  });
});

describe("processes (CTL-SV-09..12)", () => {
  test("sstatus: every process; by name, faults as error entries in order", async () => {
    expect((await jsonLikeText(server(), "sstatus")).doc).toEqual(PROCS);
    const run = await jsonLikeText(server(), "sstatus web:* nosuch tools");
    expect(run.doc).toEqual([fault("nosuch", Faults.BAD_NAME, "BAD_NAME: nosuch"), PROCS[0], PROCS[1], PROCS[2]]);
    expect(run.code).toBe(1);
  });
  test("process_rules: the rules of the names, sorted", async () => {
    const run = await jsonLikeText(server(), "process_rules web:nginx tools");
    expect(run.doc).toEqual([rule("tools", "tools"), rule("web", "nginx")]);
  });
  test("local_status: the local structs the namespecs designate", async () => {
    expect((await jsonLikeText(server(), "local_status")).doc).toEqual(LOCAL);
    expect((await jsonLikeText(server(), "local_status web:* tools:zz")).doc).toEqual([LOCAL[0], LOCAL[1]]);
  });
  test("conflicts: [] when none, else the structs", async () => {
    expect((await jsonLikeText(server(), "conflicts")).doc).toEqual([]);
    expect((await jsonLikeText(server({ "supvisors.get_conflicts": [PROCS[0]!] }), "conflicts")).doc).toEqual([PROCS[0]]);
  });
});

describe("up-check of the supvisors namespace (CTL-GEN-05)", () => {
  test("another API version: exit 5", async () => {
    const run = await jsonLikeText(server({ "supvisors.get_api_version": "0.18" }), "sstatus");
    expect(run.doc).toMatchObject({ error: { kind: "version", code: null } });
    expect((run.doc as { error: { message: string } }).error.message).toEndWith("but the remote version is 0.18.");
    expect(run.code).toBe(5);
  });
  test("no supvisors namespace: the UNKNOWN_METHOD fault, exit 3", async () => {
    const run = await jsonLikeText(server({ "supvisors.get_api_version": new RpcFault(Faults.UNKNOWN_METHOD) }), "sstate");
    expect(run.doc).toMatchObject({ error: { kind: "fault", code: Faults.UNKNOWN_METHOD, text: "UNKNOWN_METHOD" } });
    expect(run.code).toBe(3);
  });
  test("connection refused: exit 4", async () => {
    const refused = new ConnectionError("refused", "ECONNREFUSED", "Connection refused");
    const run = await jsonLikeText(server({ "supvisors.get_api_version": refused }), "sstatus");
    expect(run.doc).toEqual({
      error: { kind: "connection", code: "ECONNREFUSED", text: "Connection refused", message: "ERROR: http://127.0.0.1:9001 refused connection" },
    });
    expect(run.code).toBe(4);
  });
  test("bad arguments: usage with the help, exit 2", async () => {
    const run = await jsonLikeText(server(), "end_sync a b");
    expect(run.doc).toMatchObject({ error: { kind: "usage", text: "ERROR: end_sync optionally takes one single Supvisors identifier" } });
    expect((run.doc as { error: { help: string[] } }).error.help[0]).toStartWith("end_sync\t");
    expect(run.code).toBe(2);
  });
});
