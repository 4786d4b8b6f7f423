// `flotilla ctl --json` through the compiled binary against a live cluster of two instances: the
// documents of status, sstatus, instance_status, start / stop (Supervisor's and Supvisors'), a
// fault, and a server that refuses the connection. Each run checks that stdout is exactly one
// JSON document, that stderr stays empty, and that the exit status is the one text mode gives;
// effects are read back over XML-RPC.

import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { startCluster, type Cluster, type ClusterNode } from "./cluster-fixture.ts";
import { FLOTILLA, freePort, runAsync, waitFor, type RunResult } from "./harness.ts";

// Real daemons start and stop processes here: beyond bun's 5 s default, bounded all the same.
setDefaultTimeout(30_000);

const RULES = `<?xml version="1.0" encoding="UTF-8"?>
<root>
  <application name="shop">
    <programs>
      <program name="api"><start_sequence>1</start_sequence><identifiers>beta</identifiers></program>
    </programs>
  </application>
</root>
`;

const PROGRAMS = `
[group:shop]
programs = api

[program:api]
command = sleep 100021
autostart = false
startsecs = 0

[program:solo]
command = sleep 100022
autostart = false
startsecs = 0
`;

interface JsonRun extends RunResult {
  doc: unknown;
}

interface ProcessInfo {
  group: string;
  name: string;
  statename: string;
  pid: number;
}

interface ClusterProcess {
  application_name: string;
  process_name: string;
  statename: string;
  identifiers: string[];
}

let cluster: Cluster;
let alpha: ClusterNode;
let beta: ClusterNode;

/** `flotilla ctl <args>`: the text run, as it is. */
const text = (...args: string[]) => runAsync(FLOTILLA, ["ctl", ...args]);

/** `flotilla ctl --json <args>`: one document on stdout, nothing on stderr. */
async function json(...args: string[]): Promise<JsonRun> {
  const r = await runAsync(FLOTILLA, ["ctl", "--json", ...args]);
  expect(r.stderr).toBe("");
  expect(r.stdout.endsWith("\n")).toBe(true);
  return { ...r, doc: JSON.parse(r.stdout) };
}

/** `--json -c <alpha's conf>`, the same in text mode, and the same exit status from both. */
async function onAlpha(...args: string[]): Promise<JsonRun> {
  const run = await json("-c", alpha.conf, ...args);
  const plain = await text("-c", alpha.conf, ...args);
  expect({ args, code: run.code }).toEqual({ args, code: plain.code });
  return run;
}

const localState = async (node: ClusterNode, namespec: string) =>
  ((await node.rpc.call("supervisor.getProcessInfo", namespec)) as unknown as ProcessInfo).statename;

beforeAll(async () => {
  cluster = await startCluster({ name: "ctl-json", nicks: ["alpha", "beta"], rules: RULES, programs: () => PROGRAMS });
  [alpha, beta] = ["alpha", "beta"].map((nick) => cluster.node(nick)) as [ClusterNode, ClusterNode];
  await cluster.operation();
}, 40_000);
afterAll(() => cluster?.stop(), 30_000);

describe("flotilla ctl --json on a live cluster", () => {
  test("status: the process info structs of the server, exit 3 as processes are stopped", async () => {
    const run = await onAlpha("status");
    const served = (await alpha.rpc.call("supervisor.getAllProcessInfo")) as unknown as ProcessInfo[];
    const doc = run.doc as ProcessInfo[];
    expect(doc.map((p) => `${p.group}:${p.name}:${p.statename}`)).toEqual(served.map((p) => `${p.group}:${p.name}:${p.statename}`));
    expect(Object.keys(doc[0]!)).toEqual(Object.keys(served[0]!));
    expect(run.code).toBe(3);
    const one = await onAlpha("status", "shop:api", "nosuch");
    expect(one.doc).toEqual([
      { name: "nosuch", ok: false, error: { code: 10, text: "no such process" } },
      expect.objectContaining({ group: "shop", name: "api", statename: "STOPPED" }),
    ]);
    // As in supervisorctl, the stopped process (checked last) sets the status over the unknown name.
    expect(one.code).toBe(3);
  });

  test("start / stop: one outcome per process, the effect seen on the server", async () => {
    const started = await onAlpha("start", "solo");
    // onAlpha ran it twice (JSON, then text): the first started solo, the second found it started.
    expect(started.doc).toEqual([{ name: "solo", ok: true }]);
    expect(await localState(alpha, "solo")).toBe("RUNNING");
    const again = await json("-c", alpha.conf, "start", "solo");
    expect(again.doc).toEqual([{ name: "solo", ok: false, error: { code: 60, text: "ALREADY_STARTED: solo" } }]);
    expect(again.code).toBe(0);
    const stopped = await json("-c", alpha.conf, "stop", "solo", "nosuch");
    expect(stopped.doc).toEqual([
      { name: "solo", ok: true },
      { name: "nosuch", ok: false, error: { code: 10, text: "BAD_NAME: nosuch" } },
    ]);
    expect(stopped.code).toBe(1);
    expect(await localState(alpha, "solo")).toBe("STOPPED");
  });

  test("instance_status and sstatus: the cluster's structs", async () => {
    const instances = await onAlpha("instance_status");
    // In the server's order, which is not fixed.
    const seen = (instances.doc as Array<{ nick_identifier: string; statename: string }>).map((i) => `${i.nick_identifier}:${i.statename}`);
    expect(seen.sort()).toEqual(["alpha:RUNNING", "beta:RUNNING"]);
    const all = await onAlpha("sstatus");
    const served = (await alpha.rpc.call("supvisors.get_all_process_info")) as unknown as ClusterProcess[];
    const names = (list: ClusterProcess[]) => list.map((p) => `${p.application_name}:${p.process_name}:${p.statename}`).sort();
    expect(names(all.doc as ClusterProcess[])).toEqual(names(served));
    expect(all.code).toBe(0);
  });

  test("start_process / stop_process: the outcome and result, the process placed by the rules", async () => {
    const started = await json("-c", alpha.conf, "start_process", "CONFIG", "shop:api");
    expect(started.doc).toEqual([{ name: "shop:api", ok: true, result: true }]);
    expect(started.code).toBe(0);
    await waitFor("shop:api RUNNING on beta", async () => (await localState(beta, "shop:api")) === "RUNNING");
    const status = await json("-c", alpha.conf, "sstatus", "shop:api");
    expect(status.doc).toEqual([expect.objectContaining({ application_name: "shop", process_name: "api", statename: "RUNNING" })]);
    expect((status.doc as ClusterProcess[])[0]!.identifiers).toEqual([beta.identifier]);
    const stopped = await json("-c", alpha.conf, "stop_process", "shop:api");
    expect(stopped.doc).toEqual([{ name: "shop:api", ok: true, result: true }]);
    await waitFor("shop:api STOPPED on beta", async () => (await localState(beta, "shop:api")) === "STOPPED");
  });

  test("a fault: per target for an action, the whole document for a query", async () => {
    const action = await onAlpha("stop_process", "shop:nosuch");
    const entries = action.doc as Array<{ name: string; ok: boolean; error: { code: number; text: string } }>;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ name: "shop:nosuch", ok: false, error: { code: 10 } });
    expect(entries[0]!.error.text).toStartWith("BAD_NAME:");
    expect(action.code).toBe(1);
    const query = await onAlpha("tail", "nosuch");
    expect(query.doc).toEqual({
      error: { kind: "fault", code: 10, text: "BAD_NAME: nosuch", message: "nosuch: ERROR (no such process name)" },
    });
    expect(query.code).toBe(1);
  });

  test("connection refused: an error document and the text mode's exit status", async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    for (const [command, code, message] of [
      ["status", 4, `${url} refused connection`],
      ["sstatus", 4, `ERROR: ${url} refused connection`],
      ["start", 4, `${url} refused connection`],
    ] as const) {
      const run = await json("-s", url, command, "x");
      expect(run.doc).toEqual({ error: { kind: "connection", code: "ECONNREFUSED", text: "Connection refused", message } });
      expect(run.code).toBe(code);
      expect((await text("-s", url, command, "x")).code).toBe(code);
    }
  });

  test("tail -f is refused rather than streamed", async () => {
    const run = await json("-c", alpha.conf, "tail", "-f", "solo");
    expect(run.doc).toMatchObject({ error: { kind: "usage", text: "tail -f streams its output as it comes and has no --json form" } });
    expect(run.code).toBe(2);
  });
});
