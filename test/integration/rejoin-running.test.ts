// Issue 11 point 3 (b) with the compiled binary: two applications run well on alpha and the host
// (one machine for the three instances) has no load left; gamma is killed (kill -9) and started
// again. Its return sends the cluster through ELECTION and DISTRIBUTION again, which must leave the
// running applications alone: no new plan, nothing stopped, the same pids.

import { afterAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startCluster, type Cluster } from "./cluster-fixture.ts";
import { startDaemon, waitFor } from "./harness.ts";

const APPS = ["one", "two"];

// Each application: a required one-shot (wait_exit), then a required service taking 45 % of the
// machine, all on one instance, stopped whole if a required process cannot start (STOP).
const RULES = `<?xml version="1.0" encoding="UTF-8"?>
<root>
${APPS.map(
  (app) => `  <application name="${app}">
    <start_sequence>1</start_sequence>
    <distribution>SINGLE_INSTANCE</distribution>
    <starting_failure_strategy>STOP</starting_failure_strategy>
    <programs>
      <program name="${app}_init"><start_sequence>1</start_sequence><required>true</required><wait_exit>true</wait_exit></program>
      <program name="${app}_svc"><start_sequence>2</start_sequence><required>true</required><expected_loading>45</expected_loading></program>
    </programs>
  </application>`,
).join("\n")}
</root>
`;

const PROGRAMS = APPS.map(
  (app) => `
[group:${app}]
programs = ${app}_init,${app}_svc

[program:${app}_init]
command = sleep 0.3
autostart = false
autorestart = false
startsecs = 0

[program:${app}_svc]
command = sleep 100000
autostart = false
startsecs = 1
`,
).join("");

interface LocalInfo {
  group: string;
  name: string;
  statename: string;
  pid: number;
}

describe("a node killed (kill -9) and restarted while applications run with no load left", () => {
  let cluster: Cluster | undefined;
  afterAll(() => cluster?.stop());

  test("the DISTRIBUTION of its return neither plans nor stops the running applications", async () => {
    cluster = await startCluster({ name: "rejoin-running", nicks: ["alpha", "beta", "gamma"], rules: RULES, programs: () => PROGRAMS });
    await cluster.operation();
    const alpha = cluster.node("alpha");
    const services = async () => ((await alpha.rpc.call("supervisor.getAllProcessInfo")) as unknown as LocalInfo[]).filter((p) => p.name.endsWith("_svc"));
    await waitFor("both services RUNNING on alpha", async () => (await services()).every((p) => p.statename === "RUNNING"), 20_000);
    const pids = (await services()).map((p) => p.pid);
    const log = () => readFileSync(join(alpha.dir, "main.log"), "utf8");
    const operations = () => log().split("\n").filter((line) => line.includes("Supvisors state: OPERATION")).length;
    const before = operations();
    const gamma = cluster.node("gamma");
    gamma.daemon.child.kill("SIGKILL");
    await waitFor("gamma seen lost", async () => {
      const all = (await alpha.rpc.call("supvisors.get_all_instances_info")) as { identifier: string; statename: string }[];
      return all.find((i) => i.identifier === gamma.identifier)?.statename !== "RUNNING";
    });
    gamma.daemon = await startDaemon("flotilla", gamma.conf, gamma.dir, gamma.port);
    // Back: CHECKED, ELECTION, DISTRIBUTION, then OPERATION once more.
    await waitFor("OPERATION after gamma's return", () => operations() > before, 30_000);
    await cluster.operation();
    const text = log();
    const since = text.slice(text.lastIndexOf("Supvisors state: DISTRIBUTION"));
    expect(since).not.toContain("planned");
    expect(since).not.toContain("stopping application");
    const after = await services();
    expect(after.map((p) => p.statename)).toEqual(["RUNNING", "RUNNING"]);
    expect(after.map((p) => p.pid)).toEqual(pids);
  }, 90_000);
});
