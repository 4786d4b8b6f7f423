// Three compiled instances on localhost ports form one cluster: a static supvisors_list, fast ticks,
// a shared peer_key. They reach OPERATION with one Master; a kill -9 is detected well under a second;
// the restarted instance comes back RUNNING and stops what its killed life left running.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { cleanup, freePort, freePorts, startDaemon, tempDir, waitFor, writeConfig, type DaemonHandle } from "./harness.ts";
import { XmlRpcTestClient } from "./rpc-client.ts";

interface InstanceInfo {
  identifier: string;
  nick_identifier: string;
  statename: string;
}

const NICKS = ["alpha", "beta", "gamma"];

describe("a three-instance cluster on localhost", () => {
  const nodes: { nick: string; dir: string; port: number; conf: string; daemon: DaemonHandle; rpc: XmlRpcTestClient }[] = [];

  beforeAll(async () => {
    const ports = await freePorts(3);
    const list = NICKS.map((nick, i) => `<${nick}>127.0.0.1:${ports[i]}`).join(",");
    for (const [i, nick] of NICKS.entries()) {
      const dir = tempDir(`cluster-${nick}`);
      const conf = writeConfig({
        dir,
        port: ports[i],
        body: `
[supvisors]
supvisors_list = ${list}
tick_period = 0.2
inactivity_ticks = 3
synchro_options = STRICT,TIMEOUT
peer_key = integration-secret

[program:work_${nick}]
command = sleep 100000
startsecs = 0
`,
      });
      const daemon = await startDaemon("flotilla", conf, dir, ports[i]);
      nodes.push({ nick, dir, port: ports[i], conf, daemon, rpc: new XmlRpcTestClient(daemon.url) });
    }
  });
  afterAll(cleanup);

  const state = async (rpc: XmlRpcTestClient) => ({
    statename: ((await rpc.call("supvisors.get_supvisors_state")) as unknown as { fsm_statename: string }).fsm_statename,
  });
  const instances = async (rpc: XmlRpcTestClient) => (await rpc.call("supvisors.get_all_instances_info")) as unknown as InstanceInfo[];

  test("every instance reaches OPERATION and they agree on one Master", async () => {
    for (const node of nodes) {
      await waitFor(`${node.nick} in OPERATION`, async () => (await state(node.rpc)).statename === "OPERATION");
    }
    const masters = await Promise.all(nodes.map(async (n) => (await n.rpc.call("supvisors.get_master_identifier")) as unknown as { identifier: string; nick_identifier: string }));
    expect(new Set(masters.map((m) => m.identifier)).size).toBe(1);
    // The smallest nick is elected (ST-MST-03).
    expect(masters[0]).toEqual({ identifier: `127.0.0.1:${nodes[0].port}`, nick_identifier: "alpha" });
    for (const node of nodes) {
      const all = await instances(node.rpc);
      // Sorted by identifier (RPC-SV-10), and the ports are random: compare as a set.
      expect(all.map((i) => i.identifier)).toEqual(all.map((i) => i.identifier).sort());
      expect(all.map((i) => [i.nick_identifier, i.statename]).sort()).toEqual(NICKS.map((n) => [n, "RUNNING"]));
    }
  });

  test("kill -9 of one instance is seen by the others; its restart brings it back", async () => {
    const victim = nodes[2];
    victim.daemon.child.kill("SIGKILL");
    for (const node of nodes.slice(0, 2)) {
      await waitFor(`${node.nick} sees gamma gone`, async () => {
        const gamma = (await instances(node.rpc)).find((i) => i.nick_identifier === "gamma");
        return gamma && gamma.statename !== "RUNNING";
      }, 5000);
    }
    // The bound itself (tick_period × inactivity_ticks) is asserted on virtual time in test/sim;
    // bench/cluster.ts measures it here. A wall-clock assertion would fail on a loaded machine.
    // The survivors stay in OPERATION with their Master (TIMEOUT is selected: CONTINUE).
    expect((await state(nodes[0].rpc)).statename).toBe("OPERATION");

    victim.daemon = await startDaemon("flotilla", victim.conf, victim.dir, victim.port);
    victim.rpc = new XmlRpcTestClient(victim.daemon.url);
    for (const node of nodes) {
      await waitFor(`${node.nick} sees gamma RUNNING again`, async () => {
        const gamma = (await instances(node.rpc)).find((i) => i.nick_identifier === "gamma");
        return gamma?.statename === "RUNNING";
      });
    }
    await waitFor("gamma back in OPERATION", async () => (await state(victim.rpc)).statename === "OPERATION");
    const log = await Bun.file(join(victim.dir, "main.log")).text();
    expect(log).toContain("left running by a previous daemon");
  });

  test("a frozen instance (SIGSTOP: no FIN, ticks stop, as in a network cut) is declared lost from its ticks", async () => {
    const victim = nodes[1];
    const pid = victim.daemon.child.pid!;
    await waitFor("beta RUNNING everywhere", async () => (await instances(nodes[0].rpc)).every((i) => i.statename === "RUNNING"));
    process.kill(pid, "SIGSTOP");
    try {
      await waitFor("alpha sees beta lost", async () => {
        const beta = (await instances(nodes[0].rpc)).find((i) => i.nick_identifier === "beta");
        return beta && beta.statename !== "RUNNING";
      }, 5000, 10);
    } finally {
      process.kill(pid, "SIGCONT");
    }
    await waitFor("beta RUNNING again after it thaws", async () => {
      const beta = (await instances(nodes[0].rpc)).find((i) => i.nick_identifier === "beta");
      return beta?.statename === "RUNNING";
    });
  });

  test("sreload on a slave restarts every instance; sshutdown then stops the whole cluster", async () => {
    const { run, FLOTILLA } = await import("./harness.ts");
    const pidsBefore = await Promise.all(nodes.map(async (n) => (await n.rpc.call("supervisor.getPID")) as number));
    expect(run(FLOTILLA, ["ctl", "-s", nodes[2].daemon.url, "sreload"]).stdout).toBe("Restarted: True\n");
    // A restart is a new life in the same process: same pid, fresh cluster state, OPERATION again.
    for (const node of nodes) {
      await waitFor(`${node.nick} restarted`, () => readFileSync(join(node.dir, "main.log"), "utf8").includes("flotilla restarting"));
      await waitFor(`${node.nick} back in OPERATION`, async () => (await state(node.rpc)).statename === "OPERATION");
    }
    expect(await Promise.all(nodes.map(async (n) => (await n.rpc.call("supervisor.getPID")) as number))).toEqual(pidsBefore);
    expect(run(FLOTILLA, ["ctl", "-s", nodes[1].daemon.url, "sshutdown"]).stdout).toBe("Shut down: True\n");
    for (const node of nodes) {
      await waitFor(`${node.nick} exited`, () => node.daemon.child.exitCode !== null);
      expect(node.daemon.child.exitCode).toBe(0);
    }
  });
});
