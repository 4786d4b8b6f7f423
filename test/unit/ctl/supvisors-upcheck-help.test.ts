// The Supvisors up-check (CTL-GEN-05) for every Supvisors command, its order against argument
// checks, and `help` with the supvisors section (CTL-GEN-09). Texts recorded from the Supvisors 0.19
// ctl plugin run by supervisorctl 4.2.5.

import { describe, expect, test } from "bun:test";
import { Faults, RpcFault } from "../../../src/api/faults.ts";
import { supvisorsCommands } from "../../../src/cli/ctl/commands/index.ts";
import { ConnectionError, HttpStatusError } from "../../../src/cli/ctl/transport-errors.ts";
import { fakeServer } from "./fake-client.ts";
import { supvisorsServer } from "./supvisors-fixtures.ts";
import { oneShot } from "./run-helper.ts";

const NO_NAMESPACE =
  "ERROR: supervisord responded but did not recognize the supvisors namespace commands that supervisorstl uses to control it. " +
  "Please check that the [rpcinterface:supvisors] section is enabled in the configuration file.\n";

const COMMANDS = ["sversion", "sstate", "sstate all", "master", "strategies", "instance_status", "end_sync", "sreload", "sshutdown", "loglevel info"];

describe("up-check (CTL-GEN-05)", () => {
  const cases: Array<[string, Error | string, string, number]> = [
    ["version 0.18", "0.18", "ERROR: this version of supvisorsctl expects to talk to a server with API version 0.19, but the remote version is 0.18.\n", 5],
    ["no supvisors namespace", new RpcFault(Faults.UNKNOWN_METHOD), NO_NAMESPACE, 3],
    ["refused", new ConnectionError("refused", "ECONNREFUSED", "refused"), "ERROR: http://127.0.0.1:9001 refused connection\n", 4],
    ["no socket file", new ConnectionError("nofile", "ENOENT", "no file"), "ERROR: http://127.0.0.1:9001 no such file\n", 7],
    ["another fault", new RpcFault(Faults.SHUTDOWN_STATE), "error: <class 'xmlrpc.client.Fault'>, <Fault 6: 'SHUTDOWN_STATE'>\n", 1],
    [
      "another connection error",
      new ConnectionError("other", "ECONNRESET", "[Errno 104] Connection reset by peer", "ConnectionResetError"),
      "error: <class 'ConnectionResetError'>, [Errno 104] Connection reset by peer\n",
      1,
    ],
  ];
  for (const [what, answer, out, code] of cases) {
    test(`${what}: exit ${code}, nothing else called`, async () => {
      for (const line of COMMANDS) {
        const s = fakeServer({ "supvisors.get_api_version": answer });
        expect({ line, ...(await oneShot(s, line)) }).toEqual({ line, code, out, err: "" });
        expect(s.calls.map((c) => c.method)).toEqual(["supvisors.get_api_version"]);
      }
    });
  }
  test("a non-string version is shown as Python's str()", async () => {
    const run = await oneShot(fakeServer({ "supvisors.get_api_version": 19 }), "master");
    expect(run.out).toBe("ERROR: this version of supvisorsctl expects to talk to a server with API version 0.19, but the remote version is 19.\n");
  });
  test("only the supvisors namespace is checked, not supervisor.getVersion", async () => {
    const s = supvisorsServer({ "supervisor.getVersion": new RpcFault(Faults.UNKNOWN_METHOD), "supvisors.get_strategies": new RpcFault(Faults.FAILED) });
    expect((await oneShot(s, "strategies")).out).toBe("ERROR (FAILED)\n");
  });
  test("the server is checked before the arguments", async () => {
    for (const line of ["end_sync a b", "loglevel", "loglevel nope"]) {
      expect(await oneShot(fakeServer({ "supvisors.get_api_version": "0.18" }), line)).toMatchObject({ code: 5 });
    }
  });
  test("401: the login message, then the second attempt's error", async () => {
    const s = fakeServer({ "supvisors.get_api_version": new HttpStatusError(401, "Unauthorized") });
    const run = await oneShot(s, "sstate");
    expect(run.out).toBe(
      "Server requires authentication\nerror: <class 'xmlrpc.client.ProtocolError'>, <ProtocolError for 127.0.0.1/RPC2: 401 Unauthorized>\n",
    );
    expect(run.code).toBe(1);
  });
});

describe("help (CTL-GEN-09)", () => {
  test("the supvisors section follows the default one", async () => {
    const run = await oneShot(fakeServer(), "help");
    // The full listing of the section is checked in supvisors-ctl-help.test.ts.
    expect(run.out).toContain(
      "clear  maintail  quit  reread  signal    stop    version\n\n" +
        "\nsupvisors commands (type help <topic>):\n=======================================\n",
    );
  });
  const topics: Record<string, string> = {
    sversion: "sversion\t\t\tGet the API version of Supvisors.\n",
    sstate:
      "sstate\t\t\t\tGet the Supvisors state and modes.\n" +
      "sstate <identifier>\t\t\tGet the Supvisors instance state and modes.\n" +
      "sstate <identifier> <identifier>\tGet the state and modes for multiple Supvisors instances\n" +
      "sstate all\t\t\tGet the state and modes for all Supvisors instances\n",
    master: "master\t\t\t\tGet the Supvisors Master identification.\n",
    strategies: "strategies\t\t\tGet the Supvisors strategies.\n",
    instance_status:
      "instance_status <identifier>\t\t\tGet the status of the Supvisors instance.\n" +
      "instance_status <identifier> <identifier>\tGet the status for multiple Supvisors instances\n" +
      "instance_status\t\t\t\t\tGet the status of all Supvisors instances.\n",
    sreload: "sreload\t\t\t\t\tRestart Supvisors on all instances\n",
    sshutdown: "sshutdown\t\t\t\tShutdown Supvisors on all instances\n",
    end_sync:
      "end_sync\t\t\t\tEnd the Supvisors synchronization phase\n" +
      "end_sync master_identifier\t\tEnd the Supvisors synchronization phase and select this identifier as Supvisors Master instance \n",
    loglevel:
      "loglevel lvl\t\t\t\tChange the level of local Supvisors' logger to lvl.\n" +
      "\t\t\t\t\tApplicable values are: dict_values(['critical', 'error', 'warn', 'info', 'debug', 'trace', 'blather']).\n",
  };
  test("every Supvisors command has its help, after the default plugin's 'No help'", async () => {
    // The cluster-scope commands; the application and process ones are in supvisors-ctl-help.test.ts.
    const names = supvisorsCommands.map((c) => c.name);
    for (const topic of Object.keys(topics)) expect(names).toContain(topic);
    for (const [name, text] of Object.entries(topics)) {
      expect(await oneShot(fakeServer(), `help ${name}`)).toEqual({ code: 0, out: `*** No help on ${name}\n` + text, err: "" });
    }
  });
  test("a help topic needs no server", async () => {
    const s = fakeServer();
    await oneShot(s, "help sstate");
    expect(s.calls).toEqual([]);
  });
});
