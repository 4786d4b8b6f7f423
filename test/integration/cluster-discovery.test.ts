// Discovery and authentication between compiled instances: two instances that declare only
// themselves find each other by multicast pinned to 127.0.0.1; an instance with another peer_key
// is never admitted, and the log names it.

import { afterEach, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { cleanup, freePort, freePorts, startDaemon, tempDir, waitFor, writeConfig, type DaemonHandle } from "./harness.ts";
import { XmlRpcTestClient } from "./rpc-client.ts";

afterEach(cleanup);

type Info = { nick_identifier: string; statename: string };
const instances = async (d: DaemonHandle) =>
  (await new XmlRpcTestClient(d.url).call("supvisors.get_all_instances_info")) as unknown as Info[];

async function instance(nick: string, supvisors: string): Promise<DaemonHandle> {
  const dir = tempDir(`disc-${nick}`);
  const port = await freePort();
  const conf = writeConfig({
    dir,
    port,
    body: `[supvisors]\nsupvisors_list = <${nick}>127.0.0.1:${port}\ntick_period = 0.2\ninactivity_ticks = 3\n${supvisors}\n`,
  });
  return startDaemon("flotilla", conf, dir, port);
}

// A group of its own per run, in the organisation-local scope, never routed off this host.
const group = () => `239.255.${Math.floor(Math.random() * 200) + 20}.${Math.floor(Math.random() * 250) + 1}`;

test("two instances that declare only themselves find each other by multicast on 127.0.0.1", async () => {
  const multicast = `multicast_group = ${group()}:${await freePort()}\nmulticast_interface = 127.0.0.1\nsynchro_options = LIST,TIMEOUT\npeer_key = discovery-key`;
  const x = await instance("xray", multicast);
  const y = await instance("yankee", multicast);
  for (const d of [x, y]) {
    await waitFor(`${d.url} sees both`, async () => {
      const all = await instances(d);
      return all.length === 2 && all.every((i) => i.statename === "RUNNING");
    });
  }
  expect((await instances(x)).map((i) => i.nick_identifier).sort()).toEqual(["xray", "yankee"]);
});

test("an instance with another peer_key is never admitted and is named in the log", async () => {
  const ports = await freePorts(2);
  const list = `supvisors_list = <one>127.0.0.1:${ports[0]},<two>127.0.0.1:${ports[1]}`;
  const make = async (nick: string, port: number, key: string) => {
    const dir = tempDir(`key-${nick}`);
    const conf = writeConfig({
      dir,
      port,
      body: `[supvisors]\n${list}\ntick_period = 0.2\ninactivity_ticks = 3\nsynchro_options = TIMEOUT\npeer_key = ${key}\n`,
    });
    return startDaemon("flotilla", conf, dir, port);
  };
  const one = await make("one", ports[0], "right-key");
  const two = await make("two", ports[1], "wrong-key");
  await waitFor("the rejection logged", () => /two|127\.0\.0\.1:\d+/.test(readFileSync(join(one.dir, "main.log"), "utf8").split("\n").filter((l) => /reject|refus|authenticat/i.test(l)).join("\n")), 10_000);
  const seen = await instances(one);
  expect(seen.find((i) => i.nick_identifier === "two")?.statename).not.toBe("RUNNING");
  expect((await instances(two)).find((i) => i.nick_identifier === "one")?.statename).not.toBe("RUNNING");
});

test("a single instance with a Supvisors section reaches OPERATION at once", async () => {
  const solo = await instance("solo", "synchro_options = STRICT,TIMEOUT\npeer_key = solo-key");
  const rpc = new XmlRpcTestClient(solo.url);
  // Well before synchro_timeout (15 s): nothing else is declared, so nothing is waited for.
  await waitFor("solo in OPERATION", async () => ((await rpc.call("supvisors.get_supvisors_state")) as unknown as { fsm_statename: string }).fsm_statename === "OPERATION", 5000);
  expect(await rpc.call("supvisors.get_master_identifier")).toEqual({ identifier: solo.url.replace("http://", ""), nick_identifier: "solo" });
  // With Supvisors' logfile AUTO, the activity log takes Supvisors' line format (CFG-SV-34).
  expect(readFileSync(join(solo.dir, "main.log"), "utf8")).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3};INFO;/m);
});

test("Supvisors' own logfile gets the cluster's messages, prefixed with software_name", async () => {
  const dir = tempDir("svlog");
  const port = await freePort();
  const conf = writeConfig({
    dir,
    port,
    body: `[supvisors]\ntick_period = 0.2\nsoftware_name = Demo\nlogfile = ${dir}/supvisors.log\nloglevel = debug\n`,
  });
  const d = await startDaemon("flotilla", conf, dir, port);
  await waitFor("OPERATION logged", () => readFileSync(join(dir, "supvisors.log"), "utf8").includes("OPERATION"));
  expect(readFileSync(join(dir, "supvisors.log"), "utf8")).toMatch(/^Demo;\d{4}-\d\d-\d\d [\d:,]+;WARN;Supvisors state: OPERATION$/m);
  // The supervisord log keeps its own format.
  expect(readFileSync(join(dir, "main.log"), "utf8")).toMatch(/^\d{4}-\d\d-\d\d [\d:,]+ INFO flotilla started/m);
  await new XmlRpcTestClient(d.url).call("supvisors.change_log_level", "info");
  await waitFor("level change logged", () => readFileSync(join(dir, "supvisors.log"), "utf8").includes("logger level changed to info"));
});

test("in discovery mode with multicast blocked, an instance that knows one peer learns the others from it", async () => {
  const ports = await freePorts(3);
  const entry = (nick: string, i: number) => `<${nick}>127.0.0.1:${ports[i]}`;
  const lists = [
    [entry("ann", 0), entry("bob", 1)],
    [entry("bob", 1)],
    [entry("bob", 1), entry("cid", 2)],
  ];
  const nodes: DaemonHandle[] = [];
  for (const [i, nick] of ["ann", "bob", "cid"].entries()) {
    const dir = tempDir(`learn-${nick}`);
    const conf = writeConfig({
      dir,
      port: ports[i],
      // Each node on a multicast group of its own: no datagram ever reaches another node, as on a
      // network that blocks multicast; what they learn comes from the peers they declared.
      body: `[supvisors]\nsupvisors_list = ${lists[i].join(",")}\nmulticast_group = ${group()}:${await freePort()}\nmulticast_interface = 127.0.0.1\ntick_period = 0.2\ninactivity_ticks = 3\nsynchro_options = LIST,TIMEOUT\npeer_key = learn-key\n`,
    });
    nodes.push(await startDaemon("flotilla", conf, dir, ports[i]));
  }
  for (const d of nodes) {
    await waitFor(`${d.url} knows all three`, async () => {
      const all = await instances(d);
      return all.length === 3 && all.every((i) => i.statename === "RUNNING");
    });
  }
});

test("instances with different strategies isolate each other (ST-HS-03)", async () => {
  const ports = await freePorts(2);
  const list = `supvisors_list = <left>127.0.0.1:${ports[0]},<right>127.0.0.1:${ports[1]}`;
  const nodes: DaemonHandle[] = [];
  for (const [i, strategy] of ["CONFIG", "LESS_LOADED"].entries()) {
    const dir = tempDir(`iso-${i}`);
    const conf = writeConfig({
      dir,
      port: ports[i],
      body: `[supvisors]\n${list}\ntick_period = 0.2\ninactivity_ticks = 3\nsynchro_options = TIMEOUT\nstarting_strategy = ${strategy}\npeer_key = iso-key\n`,
    });
    nodes.push(await startDaemon("flotilla", conf, dir, ports[i]));
  }
  for (const [i, other] of [[0, "right"], [1, "left"]] as const) {
    await waitFor(`${other} ISOLATED`, async () => (await instances(nodes[i])).find((x) => x.nick_identifier === other)?.statename === "ISOLATED");
  }
});

test("a supvisors_list in which this instance cannot be found refuses to start and says why", async () => {
  const { run, FLOTILLA } = await import("./harness.ts");
  const dir = tempDir("noid");
  const port = await freePort();
  const conf = writeConfig({ dir, port, body: `[supvisors]\nsupvisors_list = <far>192.0.2.77:${port},<other>127.0.0.1:${port + 1}\n` });
  const out = run(FLOTILLA, ["serve", "-c", conf]);
  expect(out.code).toBe(1);
  expect(out.stderr).toContain("supvisors_list");
  expect(out.stderr).toContain(String(port));
});
