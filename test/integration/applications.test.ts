// Applications across three compiled instances with a rules file: the automatic start sequence in
// order (seen in the start times the processes write themselves), `#` placement, failover of
// RESTART_PROCESS programs when their node is killed — the Master included —, a conflict made by
// hand and resolved, and the application XML-RPCs with their faults.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { startCluster, type Cluster, type ClusterNode } from "./cluster-fixture.ts";
import { waitFor } from "./harness.ts";
import type { XmlRpcTestClient } from "./rpc-client.ts";

const NICKS = ["alpha", "beta", "gamma"];

interface ProcessStatus {
  application_name: string;
  process_name: string;
  statename: string;
  identifiers: string[];
}

const RULES = `<?xml version="1.0" encoding="UTF-8"?>
<root>
  <application name="store">
    <start_sequence>1</start_sequence>
    <programs>
      <program name="db">
        <start_sequence>1</start_sequence>
        <required>true</required>
        <running_failure_strategy>RESTART_PROCESS</running_failure_strategy>
      </program>
      <program name="migrate">
        <start_sequence>2</start_sequence>
        <wait_exit>true</wait_exit>
      </program>
      <program pattern="cache_">
        <start_sequence>3</start_sequence>
        <identifiers>#</identifiers>
      </program>
      <program name="web">
        <start_sequence>3</start_sequence>
        <identifiers>gamma,beta,alpha</identifiers>
        <running_failure_strategy>RESTART_PROCESS</running_failure_strategy>
      </program>
    </programs>
  </application>
  <application name="solo">
    <programs><program name="solo"><expected_loading>10</expected_loading></program></programs>
  </application>
</root>
`;

/** Each managed program writes when it started (ns since the epoch, `date +%s%N`) before its work. */
function stamped(dir: string, name: string, then: string): string {
  return `sh -c 'date +%%s%%N > ${dir}/${name}.start; ${then}'`;
}

function programs(dir: string): string {
  return `
[group:store]
programs = db,migrate,cache,web

[program:db]
command = ${stamped(dir, "db", "exec sleep 100000")}
autostart = false
; RUNNING once up for 1 s: its start stamp is surely written before migrate is started
startsecs = 1

[program:migrate]
command = ${stamped(dir, "migrate", "sleep 0.4")}
autostart = false
autorestart = false
startsecs = 0

[program:cache]
command = ${stamped(dir, "cache_%(process_num)d", "exec sleep 100000")}
process_name = cache_%(process_num)d
numprocs = 3
autostart = false
startsecs = 0

[program:web]
command = ${stamped(dir, "web", "exec sleep 100000")}
autostart = false
startsecs = 0

[program:solo]
command = sleep 100000
autostart = false
startsecs = 0
`;
}

function startTime(nodes: readonly ClusterNode[], name: string): number {
  const found = nodes.map((n) => join(n.dir, `${name}.start`)).filter((f) => existsSync(f));
  if (found.length === 0) throw new Error(`${name} never started`);
  return Math.min(...found.map((f) => Number(readFileSync(f, "utf8").trim()) / 1e9));
}

describe("applications over three instances", () => {
  let cluster: Cluster;
  let nodes: readonly ClusterNode[] = [];
  const byNick = (nick: string) => cluster.node(nick);

  beforeAll(async () => {
    cluster = await startCluster({
      name: "applications",
      nicks: NICKS,
      rules: RULES,
      programs: ({ dir }) => programs(dir),
      supvisors: "conciliation_strategy = SENICIDE\npeer_key = applications-secret",
    });
    nodes = cluster.nodes;
  });
  afterAll(() => cluster?.stop());

  const fsm = async (rpc: XmlRpcTestClient) => ((await rpc.call("supvisors.get_supvisors_state")) as { fsm_statename: string }).fsm_statename;
  const statuses = async (rpc: XmlRpcTestClient) => (await rpc.call("supvisors.get_all_process_info")) as unknown as ProcessStatus[];
  const where = async (rpc: XmlRpcTestClient, process: string) => {
    const status = (await statuses(rpc)).find((s) => `${s.application_name}:${s.process_name}` === process);
    return (status?.identifiers ?? []).map((id) => cluster.nickOf(id));
  };

  test("ST-SEQ-10: the start sequence runs in order on entering DISTRIBUTION, then OPERATION", async () => {
    await cluster.operation();
    const alpha = byNick("alpha").rpc;
    await waitFor("store fully started", async () => {
      const s = await statuses(alpha);
      return ["db", "cache_0", "cache_1", "cache_2", "web"].every((p) => s.find((x) => x.process_name === p)?.statename === "RUNNING");
    });
    const db = startTime(nodes, "db");
    const migrate = startTime(nodes, "migrate");
    const caches = [0, 1, 2].map((i) => startTime(nodes, `cache_${i}`));
    expect(db).toBeLessThan(migrate);
    // wait_exit: the third group waited for migrate to exit (it sleeps 0.4 s).
    for (const t of caches) expect(t - migrate).toBeGreaterThanOrEqual(0.35);
    expect(await where(alpha, "store:cache_0")).toEqual(["alpha"]);
    expect(await where(alpha, "store:cache_1")).toEqual(["beta"]);
    expect(await where(alpha, "store:cache_2")).toEqual(["gamma"]);
    expect(await where(alpha, "store:web")).toEqual(["gamma"]);
    const info = (await alpha.call("supvisors.get_application_info", "store")) as { statename: string; managed: boolean };
    expect(info).toMatchObject({ statename: "RUNNING", managed: true, major_failure: false });
  });

  test("application XML-RPCs answer with Supvisors' faults", async () => {
    const rpc = byNick("beta").rpc;
    await expect(rpc.call("supvisors.start_application", "CONFIG", "store")).rejects.toThrow(/ALREADY_STARTED/);
    await expect(rpc.call("supvisors.start_application", "CONFIG", "nosuch")).rejects.toThrow(/BAD_NAME/);
    await expect(rpc.call("supvisors.start_application", "BEST", "store")).rejects.toThrow(/INCORRECT_PARAMETERS/);
    const rules = await rpc.call("supvisors.get_process_rules", "store:db");
    expect(rules).toEqual([
      {
        application_name: "store",
        process_name: "db",
        identifiers: ["*"],
        start_sequence: 1,
        stop_sequence: 1,
        required: true,
        wait_exit: false,
        expected_loading: 0,
        starting_failure_strategy: "ABORT",
        running_failure_strategy: "RESTART_PROCESS",
      },
    ]);
    expect(await rpc.call("supvisors.get_conflicts")).toEqual([]);
  });

  test("a conflict made by hand is resolved by SENICIDE (the youngest copy is kept)", async () => {
    const [beta, gamma] = [byNick("beta").rpc, byNick("gamma").rpc];
    await beta.call("supervisor.startProcess", "solo", true);
    await gamma.call("supervisor.startProcess", "solo", true);
    // Both copies are seen, then SENICIDE stops beta's (the older one).
    await waitFor("only gamma's copy left", async () => (await where(beta, "solo:solo")).join() === "gamma" && (await fsm(beta)) === "OPERATION", 10_000);
    expect(await byNick("beta").rpc.call("supervisor.getProcessInfo", "solo")).toMatchObject({ statename: "STOPPED" });
    expect(await beta.call("supvisors.get_conflicts")).toEqual([]);
    await gamma.call("supvisors.stop_process", "solo:solo", true);
  });

  test("ST-RFS-03: kill -9 of a node (not the Master): its RESTART_PROCESS program runs again elsewhere", async () => {
    const gamma = byNick("gamma");
    const alpha = byNick("alpha").rpc;
    const pids = ((await gamma.rpc.call("supervisor.getAllProcessInfo")) as { pid: number }[]).map((p) => p.pid).filter((p) => p > 0);
    gamma.daemon.child.kill("SIGKILL");
    for (const pid of pids) process.kill(pid, "SIGKILL");
    // How fast is measured in bench/ (docs/benchmarks.md), not asserted here.
    await waitFor("web back on beta", async () => (await where(alpha, "store:web")).join() === "beta", 10_000);
    // `#` binds cache_2 to gamma: it has nowhere else to go.
    expect(await where(alpha, "store:cache_2")).toEqual([]);
  });

  test("the loss of the Master itself: the new Master restarts what ran there", async () => {
    const alpha = byNick("alpha");
    const beta = byNick("beta").rpc;
    expect(await where(beta, "store:db")).toEqual(["alpha"]);
    const pids = ((await alpha.rpc.call("supervisor.getAllProcessInfo")) as { pid: number }[]).map((p) => p.pid).filter((p) => p > 0);
    alpha.daemon.child.kill("SIGKILL");
    for (const pid of pids) process.kill(pid, "SIGKILL");
    await waitFor("db back on beta", async () => (await where(beta, "store:db")).join() === "beta", 10_000);
    const master = (await beta.call("supvisors.get_master_identifier")) as { nick_identifier: string };
    expect(master.nick_identifier).toBe("beta");
  });
});
