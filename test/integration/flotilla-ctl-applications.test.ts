// `flotilla ctl` application and process commands (CTL-SV-07..32) through the compiled binary,
// against a live cluster of three instances with a rules file: each command's printed lines and
// exit status with real server answers, and its effect on the cluster read back over XML-RPC
// (processes running where expected, pids, /proc/<pid>/cmdline, the disabilities_file).
//
// The tests run in order and share the cluster; each one leaves it as the next one expects.
// Identifiers are random ports, so expected tables are built from them with `table()`, which lays
// columns out as the spec says (fixed width, or longest cell or title + 2, the last unpadded).

import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startCluster, type Cluster, type ClusterNode } from "./cluster-fixture.ts";
import { APP_INFO, APP_RULES, CONFLICTS, LOCAL, PROCESS_RULES, SSTATUS, START_TEST, clockFree, pyList, table } from "./ctl-tables.ts";
import { execArgv } from "../support/exec-argv.ts";
import { FLOTILLA, runAsync, waitFor, type RunResult } from "./harness.ts";

// Real daemons start and stop processes here: beyond bun's 5 s default, bounded all the same.
setDefaultTimeout(30_000);

const SCRIPT = "/usr/bin/script";
const scriptMissing = existsSync(SCRIPT) ? null : `${SCRIPT} is not installed (util-linux)`;
if (scriptMissing) console.warn(`skipped the progress line test: ${scriptMissing}`);

const RULES = `<?xml version="1.0" encoding="UTF-8"?>
<root>
  <application name="shop">
    <programs>
      <program name="api">
        <start_sequence>1</start_sequence>
        <required>true</required>
        <identifiers>beta,gamma</identifiers>
        <expected_loading>5</expected_loading>
      </program>
      <program name="worker">
        <start_sequence>2</start_sequence>
        <identifiers>gamma</identifiers>
      </program>
    </programs>
  </application>
  <application name="boot">
    <start_sequence>1</start_sequence>
    <programs><program name="boot"><start_sequence>1</start_sequence><required>true</required></program></programs>
  </application>
  <application name="slow">
    <programs><program name="slow"><start_sequence>1</start_sequence><identifiers>alpha</identifiers></program></programs>
  </application>
  <application name="solo">
    <programs><program name="solo"><start_sequence>1</start_sequence></program></programs>
  </application>
</root>
`;

/**
 * The same programs on every instance. `boot` (auto-started, required) fails until the flag file
 * exists, which restart_sequence then repairs; its 0.3 s before exiting make it pass RUNNING first,
 * so it always ends EXITED (not FATAL). `tools` has no rules: it is unmanaged.
 */
function programs({ shared }: { shared: string }): string {
  return `
[group:shop]
programs = api,worker

[program:api]
command = sleep 100000
autostart = false
startsecs = 0

[program:worker]
command = sleep 100001
autostart = false
startsecs = 0

[program:boot]
command = sh -c 'test -e ${shared}/boot.ok && exec sleep 100002; sleep 0.3; exit 3'
autostart = false
autorestart = false
startsecs = 0

[program:slow]
command = sleep 100003
autostart = false
startsecs = 1

[program:solo]
command = sleep 100004
autostart = false
startsecs = 0

[group:tools]
programs = args,pool

[program:args]
command = /bin/sleep 100009
autostart = false
startsecs = 0

[program:pool]
command = sleep 10001%(process_num)d
process_name = pool_%(process_num)d
numprocs = 2
autostart = false
startsecs = 0
`;
}

const STRATEGIES = "['CONFIG', 'LESS_LOADED', 'MOST_LOADED', 'LOCAL', 'LESS_LOADED_NODE', 'MOST_LOADED_NODE']";

// ---- reading the cluster ----

interface LocalInfo {
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
let gamma: ClusterNode;

/** `flotilla ctl -c <conf of node> args...` (alpha's by default). */
const ctlOn = (node: ClusterNode, ...args: string[]) => runAsync(FLOTILLA, ["ctl", "-c", node.conf, ...args]);
const ctl = (...args: string[]) => ctlOn(alpha, ...args);

/** What one instance's own Supervisor says of a process. */
const local = async (node: ClusterNode, namespec: string) => (await node.rpc.call("supervisor.getProcessInfo", namespec)) as unknown as LocalInfo;
/** The names of one group's processes on one instance, with their states. */
const groupOn = async (node: ClusterNode, group: string) =>
  ((await node.rpc.call("supervisor.getAllProcessInfo")) as unknown as LocalInfo[]).filter((i) => i.group === group).map((i) => `${i.name}:${i.statename}`);
/** The nicks of the instances where the cluster sees a process running. */
async function runningOn(namespec: string): Promise<string[]> {
  const all = (await alpha.rpc.call("supvisors.get_all_process_info")) as unknown as ClusterProcess[];
  const found = all.find((p) => `${p.application_name}:${p.process_name}` === namespec);
  if (found === undefined) throw new Error(`${namespec} unknown to the cluster`);
  return found.identifiers.map((id) => cluster.nickOf(id)).sort();
}
const fsm = async () => ((await alpha.rpc.call("supvisors.get_supvisors_state")) as { fsm_statename: string }).fsm_statename;
const alive = (pid: number) => existsSync(`/proc/${pid}`) && !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, "utf8"));

/** The first line of an argument error, and that the command's help follows it. */
function argumentError(r: RunResult, message: string, usage: string): void {
  const [first, ...help] = r.stdout.split("\n").filter(Boolean);
  expect(first).toBe(message);
  expect(help.length).toBeGreaterThan(0);
  expect(help[0]!.startsWith(usage)).toBe(true);
  expect(r.code).toBe(2);
}

beforeAll(async () => {
  cluster = await startCluster({ name: "ctl-apps", nicks: ["alpha", "beta", "gamma"], rules: RULES, programs, supvisors: "conciliation_strategy = USER" });
  [alpha, beta, gamma] = ["alpha", "beta", "gamma"].map((nick) => cluster.node(nick)) as [ClusterNode, ClusterNode, ClusterNode];
  await cluster.operation();
  // The automatic start sequence placed boot on alpha (CONFIG, first instance), where it fails.
  await waitFor("boot EXITED on alpha", async () => (await local(alpha, "boot")).statename === "EXITED");
}, 40_000);
afterAll(() => cluster?.stop(), 30_000);

describe("flotilla ctl application commands on a live cluster", () => {
  test("CTL-SV-07 application_info: every application, then those named", async () => {
    const all = await ctl("application_info");
    expect(all.stdout).toBe(
      table(APP_INFO, [
        ["boot", "STOPPED", "True", "False"],
        ["shop", "STOPPED", "False", "False"],
        ["slow", "STOPPED", "False", "False"],
        ["solo", "STOPPED", "False", "False"],
        ["tools", "STOPPED", "False", "False"],
      ]),
    );
    expect(all.code).toBe(0);
    const some = await ctl("application_info", "shop", "tools");
    expect(some.stdout).toBe(table(APP_INFO, [["shop", "STOPPED", "False", "False"], ["tools", "STOPPED", "False", "False"]]));
  });

  test("CTL-SV-08 application_rules: managed rows with their rules, unmanaged ones n/a, a fault named", async () => {
    const managed = (app: string, seq: string) => [app, "True", "ALL_INSTANCES", "['*']", seq, seq, "CONFIG", "ABORT", "CONTINUE"];
    const unmanaged = ["tools", "False", "n/a", "n/a", "n/a", "n/a", "n/a", "n/a", "n/a"];
    const all = await ctl("application_rules");
    expect(all.stdout).toBe(table(APP_RULES, [managed("boot", "1"), managed("shop", "0"), managed("slow", "0"), managed("solo", "0"), unmanaged]));
    expect(all.code).toBe(0);
    const some = await ctl("application_rules", "shop", "nosuch", "tools");
    expect(some.stdout).toBe(
      "nosuch: ERROR (BAD_NAME: application=nosuch unknown to Supvisors)\n" + table(APP_RULES, [managed("shop", "0"), unmanaged]),
    );
    expect(some.code).toBe(1);
  });

  test("CTL-SV-11/12 process_rules of an application and of all processes; conflicts prints nothing without one", async () => {
    const shop = await ctl("process_rules", "shop:*");
    const api = ["shop", "api", "1", "1", "True", "False", "5%", "CONTINUE", "['beta', 'gamma']"];
    const worker = ["shop", "worker", "2", "2", "False", "False", "0%", "CONTINUE", "['gamma']"];
    expect(shop.stdout).toBe(table(PROCESS_RULES, [api, worker]));
    const all = await ctl("process_rules");
    const plain = (app: string, proc: string, seq: string, required = "False") => [app, proc, seq, seq, required, "False", "0%", "CONTINUE", "['*']"];
    expect(all.stdout).toBe(
      table(PROCESS_RULES, [
        plain("boot", "boot", "1", "True"),
        api,
        worker,
        ["slow", "slow", "1", "1", "False", "False", "0%", "CONTINUE", "['alpha']"],
        plain("solo", "solo", "1"),
        plain("tools", "args", "0"),
        plain("tools", "pool_0", "0"),
        plain("tools", "pool_1", "0"),
      ]),
    );
    expect(all.code).toBe(0);
    const none = await ctl("conflicts");
    expect([none.stdout, none.code]).toEqual(["", 0]);
  });

  test("CTL-SV-14/13/09 test_start_application, start_application, then sstatus shows where the processes run", async () => {
    const plan = await ctl("test_start_application", "CONFIG", "shop");
    expect(plan.stdout).toBe(
      table(START_TEST, [
        ["shop", "api", "RUNNING", pyList([beta.identifier]), ""],
        ["shop", "worker", "RUNNING", pyList([gamma.identifier]), ""],
      ]),
    );
    // The test starts nothing.
    expect((await local(beta, "shop:api")).statename).toBe("STOPPED");

    const started = await ctl("start_application", "CONFIG", "shop");
    expect([started.stdout, started.code]).toEqual(["shop started: True\n", 0]);
    expect((await local(beta, "shop:api")).statename).toBe("RUNNING");
    expect((await local(gamma, "shop:worker")).statename).toBe("RUNNING");
    expect((await local(alpha, "shop:api")).statename).toBe("STOPPED");

    const status = await ctl("sstatus", "shop:*");
    expect(status.stdout).toBe(
      table(SSTATUS, [
        ["shop", "api", "RUNNING", "n/a", pyList([beta.identifier])],
        ["shop", "worker", "RUNNING", "n/a", pyList([gamma.identifier])],
      ]),
    );
    const info = await ctl("application_info", "shop");
    expect(info.stdout).toBe(table(APP_INFO, [["shop", "RUNNING", "False", "False"]]));
  });

  test("CTL-SV-24/25/17/26 test_start_process, stop_process, start_process, restart_process", async () => {
    const already = await ctl("test_start_process", "CONFIG", "shop:api");
    expect([already.stdout, already.code]).toEqual(["shop:api: ERROR (ALREADY_STARTED: shop:api)\n", 1]);
    const plan = await ctl("test_start_process", "CONFIG", "solo:solo");
    expect(plan.stdout).toBe(table(START_TEST, [["solo", "solo", "RUNNING", pyList([alpha.identifier]), ""]]));
    expect(await runningOn("solo:solo")).toEqual([]);

    const workerPid = (await local(gamma, "shop:worker")).pid;
    const stopped = await ctl("stop_process", "shop:worker");
    expect([stopped.stdout, stopped.code]).toEqual(["shop:worker stopped\n", 0]);
    expect((await local(gamma, "shop:worker")).statename).toBe("STOPPED");
    expect(alive(workerPid)).toBe(false);

    const started = await ctl("start_process", "CONFIG", "shop:worker");
    expect([started.stdout, started.code]).toEqual(["shop:worker started: True\n", 0]);
    expect((await local(gamma, "shop:worker")).statename).toBe("RUNNING");

    const apiPid = (await local(beta, "shop:api")).pid;
    const restarted = await ctl("restart_process", "CONFIG", "shop:api");
    expect([restarted.stdout, restarted.code]).toEqual(["shop:api restarted: True\n", 0]);
    const api = await local(beta, "shop:api");
    expect(api.statename).toBe("RUNNING");
    expect(api.pid).not.toBe(apiPid);
    expect(alive(apiPid)).toBe(false);
  });

  test("CTL-SV-16/15 restart_application then stop_application (stdout not a terminal: the plain lines only)", async () => {
    const before = [(await local(beta, "shop:api")).pid, (await local(gamma, "shop:worker")).pid];
    const restarted = await ctl("restart_application", "CONFIG", "shop");
    expect([restarted.stdout, restarted.code]).toEqual(["shop restarted: True\n", 0]);
    const after = [await local(beta, "shop:api"), await local(gamma, "shop:worker")];
    expect(after.map((p) => p.statename)).toEqual(["RUNNING", "RUNNING"]);
    expect(after[0]!.pid).not.toBe(before[0]);
    expect(after[1]!.pid).not.toBe(before[1]);

    const stopped = await ctl("stop_application", "shop");
    expect([stopped.stdout, stopped.code]).toEqual(["shop stopped: True\n", 0]);
    expect((await local(beta, "shop:api")).statename).toBe("STOPPED");
    expect((await local(gamma, "shop:worker")).statename).toBe("STOPPED");
    for (const pid of after.map((p) => p.pid)) expect(alive(pid)).toBe(false);
  });

  test("errors a user meets: unknown application, unmanaged application, bad strategy name", async () => {
    const unknown = await ctl("start_application", "CONFIG", "nosuch");
    expect([unknown.stdout, unknown.code]).toEqual(["nosuch: ERROR (no such application)\n", 2]);
    const unmanaged = await ctl("start_application", "CONFIG", "tools");
    expect([unmanaged.stdout, unmanaged.code]).toEqual(["tools: IGNORED (unmanaged. use start tools:*)\n", 0]);
    expect(await groupOn(alpha, "tools")).toEqual(["args:STOPPED", "pool_0:STOPPED", "pool_1:STOPPED"]);
    const stopUnmanaged = await ctl("stop_application", "tools", "nosuch");
    expect([stopUnmanaged.stdout, stopUnmanaged.code]).toEqual(["tools: IGNORED (unmanaged. use stop tools:*)\nnosuch: ERROR (no such application)\n", 2]);
    const notRunning = await ctl("stop_application", "shop");
    expect([notRunning.stdout, notRunning.code]).toEqual(["shop: ERROR (NOT_RUNNING: failed to stop shop)\n", 1]);

    argumentError(
      await ctl("start_application", "BEST", "shop"),
      `ERROR: unknown strategy for start_application. use one of ${STRATEGIES}`,
      "start_application <strategy> <appli>",
    );
    expect((await local(beta, "shop:api")).statename).toBe("STOPPED");
    argumentError(await ctl("restart_process", "config", "shop:api"), `ERROR: unknown strategy=config. use one of ${STRATEGIES}`, "restart_process <strategy> <proc>");

    const testUnknown = await ctl("test_start_application", "CONFIG", "nosuch");
    expect([testUnknown.stdout, testUnknown.code]).toEqual(['ERROR: unknown application "nosuch"\n', 2]);
    // The original prints the help after this one, but leaves the exit status alone.
    const testUnmanaged = await ctl("test_start_application", "CONFIG", "tools");
    expect(testUnmanaged.stdout.split("\n")[0]).toBe("ERROR: tools unmanaged");
    expect(testUnmanaged.stdout).toContain("test_start_application <strategy> <appli>");
    expect(testUnmanaged.code).toBe(0);

    // The fault's text is the server's own (the spec names only BAD_NAME); the ctl names the process.
    const noProcess = await ctl("sstatus", "shop:nosuch");
    expect(noProcess.stdout).toBe("shop:nosuch: ERROR (BAD_NAME: process=nosuch unknown in application=shop)\n");
    expect(noProcess.code).toBe(1);
  });

  test("CTL-SV-18/10 start_process_args: the extra args in /proc/<pid>/cmdline and in local_status", async () => {
    const started = await ctl("start_process_args", "CONFIG", "tools:args", "7", "5");
    expect([started.stdout, started.code]).toEqual(["tools:args started: True\n", 0]);
    // CONFIG with identifiers `*`: the first instance of the list.
    expect(await runningOn("tools:args")).toEqual(["alpha"]);
    const { pid } = await local(alpha, "tools:args");
    expect(await execArgv(pid)).toEqual(["/bin/sleep", "100009", "7", "5"]);

    const status = await ctl("local_status", "tools:args");
    expect(clockFree(status.stdout)).toBe(table(LOCAL, [["tools", "args", "False", "RUNNING", "HH:MM:SS", "HH:MM:SS", String(pid), "7 5"]]));
    expect(status.code).toBe(0);

    const stopped = await ctl("stop_process", "tools:args");
    expect([stopped.stdout, stopped.code]).toEqual(["tools:args stopped\n", 0]);
    expect((await local(alpha, "tools:args")).statename).toBe("STOPPED");
    expect(alive(pid)).toBe(false);
  });

  test("CTL-SV-21 start_args starts on the instance ctl talks to, with the extra args", async () => {
    const started = await ctlOn(beta, "start_args", "tools:args", "9");
    expect([started.stdout, started.code]).toEqual(["tools:args started: True\n", 0]);
    expect(await runningOn("tools:args")).toEqual(["beta"]);
    const { pid } = await local(beta, "tools:args");
    expect(await execArgv(pid)).toEqual(["/bin/sleep", "100009", "9"]);
    const stopped = await ctl("stop_process", "tools:args");
    expect([stopped.stdout, stopped.code]).toEqual(["tools:args stopped\n", 0]);
    expect(alive(pid)).toBe(false);
  });

  test("CTL-SV-22 all_start starts the process on every instance, one line each (by identifier)", async () => {
    const started = await ctl("all_start", "tools:args");
    const ids = cluster.nodes.map((n) => n.identifier).sort();
    expect(started.stdout).toBe(ids.map((id) => `tools:args started on ${id}: True\n`).join(""));
    expect(started.code).toBe(0);
    for (const node of cluster.nodes) await waitFor(`args RUNNING on ${node.nick}`, async () => (await local(node, "tools:args")).statename === "RUNNING");
    await waitFor("the cluster sees args everywhere", async () => (await runningOn("tools:args")).join() === "alpha,beta,gamma");

    const stopped = await ctl("stop_process", "tools:args");
    expect([stopped.stdout, stopped.code]).toEqual(["tools:args stopped\n", 0]);
    for (const node of cluster.nodes) expect((await local(node, "tools:args")).statename).toBe("STOPPED");
  });

  test("CTL-SV-23 all_start_args starts the process on every instance with the extra args", async () => {
    const started = await ctl("all_start_args", "tools:args", "8", "1");
    const ids = cluster.nodes.map((n) => n.identifier).sort();
    expect(started.stdout).toBe(ids.map((id) => `tools:args started on ${id}: True\n`).join(""));
    expect(started.code).toBe(0);
    for (const node of cluster.nodes) {
      await waitFor(`args RUNNING on ${node.nick}`, async () => (await local(node, "tools:args")).statename === "RUNNING");
      expect(await execArgv((await local(node, "tools:args")).pid)).toEqual(["/bin/sleep", "100009", "8", "1"]);
    }
    await waitFor("the cluster sees args everywhere", async () => (await runningOn("tools:args")).join() === "alpha,beta,gamma");
    const stopped = await ctl("stop_process", "tools:args");
    expect([stopped.stdout, stopped.code]).toEqual(["tools:args stopped\n", 0]);
    for (const node of cluster.nodes) expect((await local(node, "tools:args")).statename).toBe("STOPPED");
  });

  test("CTL-SV-19 start_any_process: one stopped process per expression; no candidate is an error", async () => {
    const started = await ctl("start_any_process", "CONFIG", "tools:pool_", "tools:pool_");
    expect([started.stdout, started.code]).toEqual(["tools:pool_0 started\ntools:pool_1 started\n", 0]);
    expect(await groupOn(alpha, "tools")).toEqual(["args:STOPPED", "pool_0:RUNNING", "pool_1:RUNNING"]);
    const none = await ctl("start_any_process", "CONFIG", "nomatch");
    expect([none.stdout, none.code]).toEqual(['"nomatch": ERROR (FAILED: no candidate process matching "nomatch")\n', 1]);
  });

  test("CTL-SV-20 start_any_process_args: the process started gets the extra args", async () => {
    const started = await ctl("start_any_process_args", "CONFIG", "^tools:a", "4", "2");
    expect([started.stdout, started.code]).toEqual(["tools:args started\n", 0]);
    expect(await runningOn("tools:args")).toEqual(["alpha"]);
    const { pid } = await local(alpha, "tools:args");
    expect(await execArgv(pid)).toEqual(["/bin/sleep", "100009", "4", "2"]);
    const stopped = await ctl("stop_process", "tools:args");
    expect([stopped.stdout, stopped.code]).toEqual(["tools:args stopped\n", 0]);
    expect(alive(pid)).toBe(false);
  });

  test("CTL-SV-27/28 update_numprocs and lazy_update_numprocs, up and down, on the instance ctl talks to", async () => {
    const up = await ctl("update_numprocs", "pool", "3");
    expect([up.stdout, up.code]).toEqual(["pool numprocs updated: True\n", 0]);
    expect(await groupOn(alpha, "tools")).toEqual(["args:STOPPED", "pool_0:RUNNING", "pool_1:RUNNING", "pool_2:STOPPED"]);
    expect(await groupOn(beta, "tools")).toEqual(["args:STOPPED", "pool_0:STOPPED", "pool_1:STOPPED"]);

    // Down: the running pool_1 is stopped and removed before the answer.
    const pool1 = (await local(alpha, "tools:pool_1")).pid;
    const down = await ctl("update_numprocs", "pool", "1");
    expect([down.stdout, down.code]).toEqual(["pool numprocs updated: True\n", 0]);
    expect(await groupOn(alpha, "tools")).toEqual(["args:STOPPED", "pool_0:RUNNING"]);
    expect(alive(pool1)).toBe(false);

    const lazyUp = await ctl("lazy_update_numprocs", "pool", "2");
    expect([lazyUp.stdout, lazyUp.code]).toEqual(["pool numprocs updated: True\n", 0]);
    expect(await groupOn(alpha, "tools")).toEqual(["args:STOPPED", "pool_0:RUNNING", "pool_1:STOPPED"]);
    expect(await alpha.rpc.call("supervisor.startProcess", "tools:pool_1")).toBe(true);
    const lazyPid = (await local(alpha, "tools:pool_1")).pid;

    // Lazy down: pool_1 runs on, and leaves the configuration when it ends.
    const lazyDown = await ctl("lazy_update_numprocs", "pool", "1");
    expect([lazyDown.stdout, lazyDown.code]).toEqual(["pool numprocs updated: True\n", 0]);
    expect(await groupOn(alpha, "tools")).toEqual(["args:STOPPED", "pool_0:RUNNING", "pool_1:RUNNING"]);
    expect(alive(lazyPid)).toBe(true);
    process.kill(lazyPid, "SIGKILL");
    await waitFor("pool_1 removed", async () => (await groupOn(alpha, "tools")).join() === "args:STOPPED,pool_0:RUNNING");

    argumentError(await ctl("update_numprocs", "pool", "0"), "ERROR: numprocs must be a strictly positive integer", "update_numprocs program_name numprocs");
    const unknown = await ctl("update_numprocs", "nosuch", "2");
    expect([unknown.stdout, unknown.code]).toEqual(["ERROR (BAD_NAME: program=nosuch unknown to Supvisors)\n", 1]);

    const stopped = await ctl("stop_process", "tools:pool_0");
    expect([stopped.stdout, stopped.code]).toEqual(["tools:pool_0 stopped\n", 0]);
  });

  test("CTL-SV-30/29 disable and enable: the disabilities_file, local_status and a refused start", async () => {
    const flags = (node: ClusterNode) => JSON.parse(readFileSync(join(node.dir, "disabilities.json"), "utf8")) as Record<string, boolean>;
    const everyProgram = { api: false, args: false, boot: false, pool: false, slow: false, solo: false, worker: false };
    expect(flags(alpha)).toEqual(everyProgram);

    const disabled = await ctl("disable", "args");
    expect([disabled.stdout, disabled.code]).toEqual(["args disabled: True\n", 0]);
    expect(flags(alpha)).toEqual({ ...everyProgram, args: true });
    // Only the instance ctl talks to.
    expect(flags(beta)).toEqual(everyProgram);
    const status = await ctl("local_status", "tools:args");
    expect(clockFree(status.stdout)).toBe(table(LOCAL, [["tools", "args", "True", "STOPPED", "HH:MM:SS", "HH:MM:SS", "0", "4 2"]]));
    const refused = await ctl("start_args", "tools:args", "1");
    expect([refused.stdout, refused.code]).toEqual(["tools:args: ERROR (DISABLED: tools:args)\n", 1]);
    expect((await local(alpha, "tools:args")).statename).toBe("STOPPED");

    const enabled = await ctl("enable", "args");
    expect([enabled.stdout, enabled.code]).toEqual(["args enabled: True\n", 0]);
    expect(flags(alpha)).toEqual(everyProgram);
    const unknown = await ctl("disable", "nosuch");
    expect([unknown.stdout, unknown.code]).toEqual(["ERROR (BAD_NAME: program=nosuch unknown to Supvisors)\n", 1]);
  });

  test("CTL-SV-12/31 a conflict made by hand (USER): conflicts shows it, conciliate USER leaves it, SENICIDE resolves it", async () => {
    const early = await ctl("conciliate", "SENICIDE");
    expect([early.stdout, early.code]).toEqual(["ERROR (BAD_SUPVISORS_STATE: invalid Supvisors state=OPERATION - state expected in ['CONCILIATION'])\n", 1]);
    argumentError(
      await ctl("conciliate", "BOGUS"),
      "ERROR: unknown strategy for conciliate. use one of ['SENICIDE', 'INFANTICIDE', 'USER', 'STOP', 'RESTART', 'RUNNING_FAILURE']",
      "conciliate <strategy>",
    );

    expect(await beta.rpc.call("supervisor.startProcess", "solo")).toBe(true);
    expect(await gamma.rpc.call("supervisor.startProcess", "solo")).toBe(true);
    await waitFor("CONCILIATION", async () => (await fsm()) === "CONCILIATION", 10_000);
    const shown = await ctl("conflicts");
    // The running identifiers are a set: either order is right.
    const ids = [beta.identifier, gamma.identifier];
    expect([table(CONFLICTS, [["solo", "solo", "RUNNING", pyList(ids)]]), table(CONFLICTS, [["solo", "solo", "RUNNING", pyList([...ids].reverse())]])]).toContain(
      shown.stdout,
    );
    expect(shown.code).toBe(0);

    const user = await ctl("conciliate", "USER");
    expect([user.stdout, user.code]).toEqual(["Conciliated: False\n", 0]);
    expect(await runningOn("solo:solo")).toEqual(["beta", "gamma"]);

    const senicide = await ctl("conciliate", "SENICIDE");
    expect([senicide.stdout, senicide.code]).toEqual(["Conciliated: True\n", 0]);
    // SENICIDE keeps the youngest copy: gamma's, started last.
    await waitFor("only gamma's copy left, OPERATION again", async () => (await runningOn("solo:solo")).join() === "gamma" && (await fsm()) === "OPERATION", 10_000);
    expect((await local(beta, "solo")).statename).toBe("STOPPED");
    const after = await ctl("conflicts");
    expect([after.stdout, after.code]).toEqual(["", 0]);

    const stopped = await ctl("stop_process", "solo:solo");
    expect([stopped.stdout, stopped.code]).toEqual(["solo:solo stopped\n", 0]);
    expect((await local(gamma, "solo")).statename).toBe("STOPPED");
  });

  test("CTL-SV-32 restart_sequence starts the failed auto-started application again", async () => {
    writeFileSync(join(cluster.shared, "boot.ok"), "");
    const replayed = await ctl("restart_sequence");
    expect([replayed.stdout, replayed.code]).toEqual(["Start sequence completed: True\n", 0]);
    expect((await local(alpha, "boot")).statename).toBe("RUNNING");
    expect(await runningOn("boot:boot")).toEqual(["alpha"]);
    const info = await ctl("application_info", "boot");
    expect(info.stdout).toBe(table(APP_INFO, [["boot", "RUNNING", "False", "False"]]));
    // Nothing left to start: the sequence has nothing to do.
    const again = await ctl("restart_sequence");
    expect([again.stdout, again.code]).toEqual(["ERROR (ABNORMAL_TERMINATION: failed to trigger start sequence)\n", 1]);
  });

  test.skipIf(scriptMissing !== null)("start_application on a terminal draws a progress line and erases it before the result", async () => {
    // `script` gives the ctl a pseudo-terminal; slow's startsecs=1 outlasts the first refresh (250 ms).
    const command = `${FLOTILLA} ctl -c ${alpha.conf} start_application CONFIG slow`;
    const r = await runAsync(SCRIPT, ["-qfc", command, "/dev/null"]);
    expect(r.code).toBe(0);
    const ERASE = "\r\x1b[K";
    // At least one line drawn, each one erased by the next, the last one before the result.
    expect(r.stdout).toMatch(/^(\r\x1b\[Kslow: starting, [01]\/1 done(, waiting on slow)?)+\r\x1b\[Kslow started: True\r\n$/);
    expect(r.stdout.endsWith(`${ERASE}slow started: True\r\n`)).toBe(true);
    expect((await local(alpha, "slow")).statename).toBe("RUNNING");

    const stopped = await ctl("stop_application", "slow");
    expect([stopped.stdout, stopped.code]).toEqual(["slow stopped: True\n", 0]);
    expect((await local(alpha, "slow")).statename).toBe("STOPPED");
  });
});
