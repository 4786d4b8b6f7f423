// The ctl around the commands: up-check (CTL-GEN-04), exit statuses, 401 handling, the shell
// (CTL-GEN-01) read from piped stdin. Expected texts recorded from supervisorctl 4.2.5.

import { describe, expect, test } from "bun:test";
import { Faults, RpcFault } from "../../../src/api/faults.ts";
import { ConnectionError, HttpStatusError } from "../../../src/cli/ctl/transport-errors.ts";
import { fakeServer, info } from "./fake-client.ts";
import { ctl, oneShot, URL } from "./run-helper.ts";

const UNKNOWN_METHOD_TEXT =
  "Sorry, supervisord responded but did not recognize the supervisor namespace commands that supervisorctl uses " +
  "to control it.  Please check that the [rpcinterface:supervisor] section is enabled in the configuration file (see sample.conf).\n";

describe("up-check (CTL-GEN-04)", () => {
  const refused = new ConnectionError("refused", "ECONNREFUSED", "Connection refused");
  const nofile = new ConnectionError("nofile", "ENOENT", "No such file or directory");
  const cases: Array<[string, Error | string, string, number]> = [
    ["version", refused, "http://127.0.0.1:9001 refused connection\n", 4],
    ["status", nofile, "http://127.0.0.1:9001 no such file\n", 4],
    ["version", nofile, "http://127.0.0.1:9001 no such file\n", 7],
    ["version", new RpcFault(Faults.UNKNOWN_METHOD), UNKNOWN_METHOD_TEXT, 3],
    ["status", new RpcFault(Faults.UNKNOWN_METHOD), UNKNOWN_METHOD_TEXT, 4],
    [
      "version",
      "2.0",
      "Sorry, this version of supervisorctl expects to talk to a server with API version 3.0, but the remote version is 2.0.\n",
      5,
    ],
    ["status", new RpcFault(Faults.SHUTDOWN_STATE), "error: <class 'xmlrpc.client.Fault'>, <Fault 6: 'SHUTDOWN_STATE'>\n", 1],
  ];
  for (const [line, answer, out, code] of cases) {
    test(`${line} when getVersion gives ${answer instanceof Error ? answer.message : answer}`, async () => {
      const run = await oneShot(fakeServer({ "supervisor.getVersion": answer }), line);
      expect(run.out).toBe(out);
      expect(run.code).toBe(code);
    });
  }

  test("commands without up-check show the raw connection error", async () => {
    const s = fakeServer({ "supervisor.getAllConfigInfo": new ConnectionError("refused", "ECONNREFUSED", "x") });
    const run = await oneShot(s, "avail");
    expect(run.out).toBe("error: <class 'ConnectionRefusedError'>, [Errno 111] Connection refused\n");
    expect(run.code).toBe(1);
  });

  test("an unusable URL fails when the server is first needed", async () => {
    const s = fakeServer();
    expect((await ctl(s, ["-s", "ftp://x", "status"])).out).toBe("error: <class 'ValueError'>, Unknown protocol for serverurl ftp://x\n");
    expect((await ctl(s, ["-s", "ftp://x", "help", "quit"])).out).toBe("quit\tExit the supervisor shell.\n*** No help on quit\n");
  });
});

describe("HTTP 401", () => {
  const unauthorized = () => fakeServer({ "supervisor.getVersion": new HttpStatusError(401, "Unauthorized") });
  test("one-shot: the message, then supervisorctl's second attempt fails the same way", async () => {
    const s = unauthorized();
    const run = await oneShot(s, "status");
    expect(run.out).toBe(
      "Server requires authentication\nerror: <class 'xmlrpc.client.ProtocolError'>, <ProtocolError for 127.0.0.1/RPC2: 401 Unauthorized>\n",
    );
    expect(run.code).toBe(1);
    expect(s.calls.length).toBe(2);
  });
  test("interactive: asks for credentials and runs the command again with them", async () => {
    const s = fakeServer({
      "supervisor.getVersion": () => {
        const last = s.calls[s.calls.length - 1]!;
        if (last.username !== "user" || last.password !== "123") throw new HttpStatusError(401, "Unauthorized");
        return "3.0";
      },
      "supervisor.getSupervisorVersion": "4.2.5",
    });
    const run = await ctl(s, ["-s", URL, "-i", "version"], "user\n123\n");
    expect(run.out).toBe("Server requires authentication\nUsername:\n4.2.5\n");
    expect(run.err).toBe("Warning: Password input may be echoed.\nPassword:\n");
    expect(run.code).toBe(0);
  });
  test("other HTTP errors are shown as protocol errors", async () => {
    const run = await oneShot(fakeServer({ "supervisor.getVersion": new HttpStatusError(500, "Internal Server Error") }), "version");
    expect(run.out).toBe("error: <class 'xmlrpc.client.ProtocolError'>, <ProtocolError for 127.0.0.1/RPC2: 500 Internal Server Error>\n");
    expect(run.code).toBe(1);
  });
});

describe("interactive shell", () => {
  const s = () =>
    fakeServer({
      "supervisor.getAllProcessInfo": [info("sleeper", "sleeper", "RUNNING", "pid 7, uptime 0:00:54", 7)],
      "supervisor.getSupervisorVersion": "4.2.5",
    });
  const STATUS = "sleeper                          RUNNING   pid 7, uptime 0:00:54\n";

  test("status first, then prompted lines; exit status 0 whatever the commands set", async () => {
    const run = await ctl(s(), ["-s", URL], "status sleeper\n\nfoo\nhelp quit\n?quit\n!ls\nstatus,x\nversion\n");
    expect(run.out).toBe(
      STATUS +
        "supervisor> " + STATUS +
        "supervisor> supervisor> *** Unknown syntax: foo\n" +
        "supervisor> quit\tExit the supervisor shell.\n*** No help on quit\n" +
        "supervisor> quit\tExit the supervisor shell.\n*** No help on quit\n" +
        "supervisor> *** Unknown syntax: !ls\n" +
        "supervisor> ,x: ERROR (no such process)\n" +
        "supervisor> 4.2.5\n" +
        "supervisor> \n",
    );
    expect(run.code).toBe(0);
  });

  test("confirmations inside the shell; quit stops reading", async () => {
    const run = await ctl(s(), ["-s", URL], "reload\nn\nshutdown\nno\nquit\nstatus\n");
    expect(run.out).toBe(
      STATUS +
        "supervisor> Really restart the remote supervisord process y/N? " +
        "supervisor> Really shut the remote supervisord process down y/N? " +
        "supervisor> \n",
    );
  });

  test("Ctrl-C at the prompt leaves the shell after an empty line", async () => {
    const interrupt = new AbortController();
    let seen = "";
    const never = { async *[Symbol.asyncIterator]() { await new Promise(() => {}); yield ""; } };
    const pending = ctl(s(), ["-s", URL], null, { stdin: never, interrupt: interrupt.signal }, (o) => (seen = o));
    const { waitFor } = await import("./fake-client.ts");
    await waitFor(() => seen.endsWith("supervisor> "), 2000, "prompt");
    interrupt.abort();
    const run = await pending;
    expect(run.out).toBe(STATUS + "supervisor> \n");
    expect(run.code).toBe(0);
  });
});
