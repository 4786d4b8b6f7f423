// XML-RPC behaviour seen by a program, through the compiled binary: stdin, multicall, faults,
// keys of the structs compared with supervisord's, user switching, umask and the child environment.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { cleanup, freePort, missingClient, run, startDaemon, tempDir, waitFor, writeConfig, SUPERVISORD, type DaemonHandle } from "./harness.ts";
import { XmlRpcTestClient } from "./rpc-client.ts";
import { RpcFault } from "../../src/api/faults.ts";

const BODY = (dir: string) => `
[program:cat]
command=cat
startsecs=0

[program:env]
command=sh -c "env | sort; umask; id -un; exec sleep 100000"
startsecs=0
umask=027
environment=FROM_PROGRAM="p1"

[program:asnobody]
command=sh -c "id -un; exec sleep 100000"
startsecs=0
user=nobody
stdout_logfile=${dir}/nobody.log
`;

async function fault(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof RpcFault) return err.faultString;
    throw err;
  }
  throw new Error("expected a fault");
}

describe("XML-RPC behaviour through the binary", () => {
  let fl: DaemonHandle;
  let rpc: XmlRpcTestClient;

  beforeAll(async () => {
    const dir = tempDir("api");
    const port = await freePort();
    const conf = writeConfig({ dir, port, body: BODY(dir), extraSupervisord: 'environment=FROM_SERVER="s1"' });
    fl = await startDaemon("flotilla", conf, dir, port);
    rpc = new XmlRpcTestClient(fl.url);
    await waitFor("all running", async () =>
      ((await rpc.call("supervisor.getAllProcessInfo")) as { statename: string }[]).every((p) => p.statename === "RUNNING"),
    );
  });
  afterAll(cleanup);

  test("sendProcessStdin reaches the child", async () => {
    expect(await rpc.call("supervisor.sendProcessStdin", "cat", "line one\n")).toBe(true);
    await waitFor("cat echoes", async () => (await rpc.call("supervisor.readProcessStdoutLog", "cat", 0, 0)) === "line one\n");
    await rpc.call("supervisor.stopProcess", "cat");
    expect(await fault(rpc.call("supervisor.sendProcessStdin", "cat", "x"))).toBe("NOT_RUNNING: cat");
    expect(await fault(rpc.call("supervisor.sendProcessStdin", "nosuch", "x"))).toBe("BAD_NAME: nosuch");
  });

  test("the child gets supervisord's environment, umask and SUPERVISOR_* variables", async () => {
    const out = await waitFor("env output", async () => {
      const text = (await rpc.call("supervisor.readProcessStdoutLog", "env", 0, 0)) as string;
      return text.includes("root\n") || text.trim().endsWith(process.env.USER ?? "root") ? text : undefined;
    });
    expect(out).toContain("FROM_PROGRAM=p1\n");
    expect(out).toContain("FROM_SERVER=s1\n");
    expect(out).toContain("SUPERVISOR_ENABLED=1\n");
    expect(out).toContain("SUPERVISOR_PROCESS_NAME=env\n");
    expect(out).toContain("SUPERVISOR_GROUP_NAME=env\n");
    expect(out).toContain(`SUPERVISOR_SERVER_URL=http://127.0.0.1:${fl.port}\n`);
    expect(out).toContain("\n0027\n");
  });

  test.skipIf(process.getuid?.() !== 0)("user= runs the program as that user (daemon started as root)", async () => {
    await waitFor("nobody log", () => readFileSync(join(fl.dir, "nobody.log"), "utf8") === "nobody\n");
  });

  test("multicall returns bare values and fault structs in order", async () => {
    const result = await rpc.call("system.multicall", [
      { methodName: "supervisor.getAPIVersion", params: [] },
      { methodName: "supervisor.getProcessInfo", params: ["nosuch"] },
      { methodName: "system.multicall", params: [[]] },
    ]);
    expect(result).toEqual([
      "3.0",
      { faultCode: 10, faultString: "BAD_NAME: nosuch" },
      { faultCode: 2, faultString: "INCORRECT_PARAMETERS: Recursive system.multicall forbidden" },
    ]);
  });

  test("faults for unknown methods, bad arguments and bad names", async () => {
    expect(await fault(rpc.call("supervisor.nosuch"))).toBe("UNKNOWN_METHOD");
    expect(await fault(rpc.call("supervisor._private"))).toBe("UNKNOWN_METHOD");
    expect(await fault(rpc.call("supervisor.startProcess"))).toStartWith("INCORRECT_PARAMETERS");
    expect(await fault(rpc.call("supervisor.getProcessInfo", "env:*"))).toBe("BAD_NAME: env:*");
    expect(await fault(rpc.call("supervisor.signalProcess", "env", "NOPE"))).toBe("BAD_SIGNAL: NOPE");
    expect(await fault(rpc.call("supervisor.readLog", -10, 5))).toBe("BAD_ARGUMENTS");
    expect(await fault(rpc.call("supervisor.startProcess", "env"))).toBe("ALREADY_STARTED: env");
  });

  test("a malformed body is answered with 400, never a crash", async () => {
    for (const body of ["", "<methodCall>", "<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'b'>]><methodCall/>", "\u0000\u0001"]) {
      const res = await fetch(`${fl.url}/RPC2`, { method: "POST", headers: { "content-type": "text/xml" }, body });
      expect(res.status).toBe(400);
    }
    expect(await rpc.call("supervisor.getState")).toEqual({ statecode: 1, statename: "RUNNING" });
  });

  test("a call a browser sends for another site is refused with 403; the same call from a client works", async () => {
    const body = "<?xml version='1.0'?><methodCall><methodName>supervisor.stopProcess</methodName><params><param><value><string>env</string></value></param></params></methodCall>";
    const forged = await fetch(`${fl.url}/RPC2`, { method: "POST", headers: { "content-type": "text/plain", "sec-fetch-site": "cross-site" }, body });
    expect(forged.status).toBe(403);
    expect(((await rpc.call("supervisor.getProcessInfo", "env")) as { statename: string }).statename).toBe("RUNNING");
    const page = await fetch(`${fl.url}/index.html?action=shutdown`, { headers: { origin: "http://elsewhere.example" } });
    expect(page.status).toBe(403);
    expect(await rpc.call("supervisor.getState")).toEqual({ statecode: 1, statename: "RUNNING" });
  });
});

const skipReason = missingClient(SUPERVISORD);
describe.skipIf(skipReason !== null)("struct keys match supervisord's", () => {
  test("getProcessInfo, getAllConfigInfo, getState have the same keys and types", async () => {
    const body = "[program:one]\ncommand=sleep 100000\nstartsecs=0\n";
    const handles: DaemonHandle[] = [];
    for (const kind of ["flotilla", "supervisord"] as const) {
      const dir = tempDir(`keys-${kind}`);
      const port = await freePort();
      handles.push(await startDaemon(kind, writeConfig({ dir, port, body }), dir, port));
    }
    const shape = async (d: DaemonHandle) => {
      const c = new XmlRpcTestClient(d.url);
      await waitFor("one running", async () => ((await c.call("supervisor.getProcessInfo", "one")) as { statename: string }).statename === "RUNNING");
      const types = (v: unknown) => Object.fromEntries(Object.entries(v as object).map(([k, x]) => [k, Array.isArray(x) ? "array" : typeof x]));
      return {
        info: types(await c.call("supervisor.getProcessInfo", "one")),
        config: types(((await c.call("supervisor.getAllConfigInfo")) as unknown[])[0]),
        state: types(await c.call("supervisor.getState")),
        methods: ((await c.call("system.listMethods")) as string[]).filter((m) => !m.startsWith("supvisors.")),
      };
    };
    const [a, b] = [await shape(handles[0]), await shape(handles[1])];
    expect(a).toEqual(b);
    await cleanup();
  });
});
