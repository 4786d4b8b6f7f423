// start_args, all_start, all_start_args (CTL-SV-21..23) against fake servers, one per instance
// URL. Expected texts recorded from the Supvisors 0.19 ctl plugin run by supervisorctl 4.2.5
// (Debian) against servers giving the same answers.

import { describe, expect, test } from "bun:test";
import { Faults, RpcFault } from "../../../src/api/faults.ts";
import { Double, type XmlRpcValue } from "../../../src/api/xmlrpc/value.ts";
import type { Struct } from "../../../src/cli/ctl/commands/results.ts";
import { pyIntText } from "../../../src/cli/ctl/commands/supvisors-args.ts";
import { ConnectionError } from "../../../src/cli/ctl/transport-errors.ts";
import { fakeServer, type Answer, type FakeServer } from "./fake-client.ts";
import { methodsCalled, supvisorsServer } from "./supvisors-fixtures.ts";
import { ctl, oneShot, URL } from "./run-helper.ts";

function instance(identifier: string, node: string, port: XmlRpcValue, statecode: XmlRpcValue): Struct {
  return {
    identifier, nick_identifier: identifier, node_name: node, port, statecode, statename: "?", loading: 0, process_failure: false,
    remote_sequence_counter: 1, remote_mtime: 1, remote_time: 1, local_sequence_counter: 1, local_mtime: 1, local_time: 1,
  };
}

// CHECKED (2) and RUNNING (3) instances are asked; FAILED (4) and CHECKING (1) are not.
const INSTANCES = [
  instance("one:60000", "10.0.0.1", 60000, 3),
  instance("two:60001", "10.0.0.2", 60001, 2),
  instance("three:1", "10.0.0.3", 1, 4),
  instance("four:2", "10.0.0.4", 2, 1),
];

/** The connected server plus one fake per instance URL, all recording into `calls`. */
function cluster(main: Record<string, Answer>, remotes: Record<string, Record<string, Answer>>): FakeServer {
  const server = supvisorsServer({ "supvisors.get_all_instances_info": INSTANCES, ...main });
  const others = new Map(Object.entries(remotes).map(([url, answers]) => [url, fakeServer(answers)]));
  const local = server.factory;
  server.factory = (url, auth) => {
    const remote = others.get(url);
    if (!remote) return local(url, auth);
    const client = remote.factory(url, auth);
    return {
      ...client,
      async call(method, ...params) {
        server.calls.push({ url, method, params, username: auth.username, password: auth.password });
        return client.call(method, ...params);
      },
    };
  };
  return server;
}

const REMOTES = {
  "http://10.0.0.1:60000": { "supervisor.startProcess": true, "supvisors.start_args": true },
  "http://10.0.0.2:60001": {
    "supervisor.startProcess": new RpcFault(Faults.ALREADY_STARTED, "web:nginx"),
    "supvisors.start_args": true,
  },
};

const remoteCalls = (s: FakeServer) => s.calls.filter((c) => c.url !== URL).map((c) => [c.url, c.method, c.params]);

describe("all_start / all_start_args (CTL-SV-22, 23)", () => {
  test("supervisor.startProcess without wait on every CHECKED or RUNNING instance", async () => {
    const s = cluster({}, REMOTES);
    expect(await oneShot(s, "all_start web:nginx extra")).toEqual({
      code: 1,
      out: "web:nginx started on one:60000: True\nweb:nginx: ERROR (ALREADY_STARTED: web:nginx)\n",
      err: "",
    });
    expect(remoteCalls(s)).toEqual([
      ["http://10.0.0.1:60000", "supervisor.startProcess", ["web:nginx", false]],
      ["http://10.0.0.2:60001", "supervisor.startProcess", ["web:nginx", false]],
    ]);
  });
  test("supvisors.start_args without wait, extra arguments joined", async () => {
    const s = cluster({}, REMOTES);
    expect(await oneShot(s, "all_start_args web:nginx -a 2")).toEqual({
      code: 0,
      out: "web:nginx started on one:60000: True\nweb:nginx started on two:60001: True\n",
      err: "",
    });
    expect(remoteCalls(s).map((c) => c[2])).toEqual([["web:nginx", "-a 2", false], ["web:nginx", "-a 2", false]]);
  });
  test("the credentials of the current connection go to every instance", async () => {
    const s = cluster({}, REMOTES);
    await ctl(s, ["-s", URL, "-u", "bob", "-p", "secret", "all_start", "x"]);
    const remote = s.calls.filter((c) => c.url !== URL);
    expect(remote).toHaveLength(2);
    for (const c of remote) expect([c.username, c.password]).toEqual(["bob", "secret"]);
  });
  test("no running instance: a message, exit status unchanged", async () => {
    const s = cluster({ "supvisors.get_all_instances_info": [INSTANCES[2]!] }, REMOTES);
    expect(await oneShot(s, "all_start_args x y")).toEqual({ code: 0, out: "ERROR: no running Supvisors instance\n", err: "" });
  });
  test("fault listing the instances: both lines, exit 1", async () => {
    const s = cluster({ "supvisors.get_all_instances_info": new RpcFault(Faults.BAD_SUPVISORS_STATE) }, REMOTES);
    expect(await oneShot(s, "all_start x")).toEqual({ code: 1, out: "ERROR (BAD_SUPVISORS_STATE)\nERROR: no running Supvisors instance\n", err: "" });
  });
  test("an identifier listed twice is asked once, at its last URL", async () => {
    const twice = [instance("a:1", "10.0.0.2", 60001, 3), instance("a:1", "10.0.0.1", new Double(60000.7), new Double(3))];
    const s = cluster({ "supvisors.get_all_instances_info": twice }, REMOTES);
    expect((await oneShot(s, "all_start p")).out).toBe("p started on a:1: True\n");
    expect(remoteCalls(s).map((c) => c[0])).toEqual(["http://10.0.0.1:60000"]);
  });
  test("an unreachable instance stops the command with the connection error", async () => {
    const s = cluster({ "supvisors.get_all_instances_info": [INSTANCES[0]!, instance("dead:1", "127.0.0.1", 1, 3)] }, {
      ...REMOTES,
      "http://127.0.0.1:1": { "supervisor.startProcess": new ConnectionError("refused", "ECONNREFUSED", "refused") },
    });
    expect(await oneShot(s, "all_start web:nginx")).toEqual({
      code: 1,
      out: "web:nginx started on one:60000: True\nerror: <class 'ConnectionRefusedError'>, [Errno 111] Connection refused\n",
      err: "",
    });
  });
  test("a port that is not a number: Python's %d TypeError", async () => {
    const s = cluster({ "supvisors.get_all_instances_info": [instance("b:1", "h", "x", 3)] }, REMOTES);
    expect(await oneShot(s, "all_start p")).toEqual({ code: 1, out: "error: <class 'TypeError'>, %d format: a real number is required, not str\n", err: "" });
    expect(pyIntText(true)).toBe("1");
    expect(pyIntText(new Double(3.9))).toBe("3");
  });
  test("argument checks", async () => {
    const cases: Array<[string, string]> = [
      ["all_start", "ERROR: all_start requires a process name\nall_start <proc>\t\t\tStart the process named proc on all RUNNING Supvisors instances.\n"],
      [
        "all_start_args web:nginx",
        "ERROR: all_start_args requires a process name and extra arguments\n" +
          "all_start_args <proc> <arg_list>\t\tStart the process named proc on all RUNNING Supvisors instances with additional arguments arg_list.\n",
      ],
    ];
    for (const [line, out] of cases) {
      const s = cluster({}, REMOTES);
      expect(await oneShot(s, line)).toEqual({ code: 2, out, err: "" });
      expect(methodsCalled(s)).toEqual([]);
    }
  });
});

describe("start_args (CTL-SV-21)", () => {
  const HELP = "start_args <proc> <arg_list>\t\t\tStart the local process named proc with additional arguments arg_list.\n";
  const s = () =>
    supvisorsServer({
      "supvisors.start_args": (name) => {
        if (name === "bad") throw new RpcFault(Faults.BAD_NAME, "bad");
        return true;
      },
    });
  test("on the connected instance, extra arguments joined", async () => {
    const server = s();
    expect(await oneShot(server, "start_args web:nginx -a b")).toEqual({ code: 0, out: "web:nginx started: True\n", err: "" });
    expect(server.calls.at(-1)).toMatchObject({ url: URL, method: "supvisors.start_args", params: ["web:nginx", "-a b"] });
  });
  test("fault names the process", async () => {
    expect(await oneShot(s(), "start_args bad x y")).toEqual({ code: 1, out: "bad: ERROR (BAD_NAME: bad)\n", err: "" });
  });
  test("a process name and at least one argument", async () => {
    for (const line of ["start_args", "start_args web:nginx"]) {
      const server = s();
      expect(await oneShot(server, line)).toEqual({ code: 2, out: "ERROR: start_args requires a process name and extra arguments\n" + HELP, err: "" });
      expect(methodsCalled(server)).toEqual([]);
    }
  });
});
