// Issue 11 point 3 (a) with the compiled binary: three instances (tick_period 0.2), two processes
// running on beta; beta's daemon frozen (SIGSTOP) until the Master has restarted them on gamma
// (RESTART_PROCESS), then resumed (SIGCONT): each process runs twice, and the conciliation must go
// by the copies' real ages — SENICIDE keeps the young copies on gamma (ST-CON-01), INFANTICIDE the
// old ones on beta (ST-CON-02). Ages come from each instance's own clock, never compared across.

import { afterEach, describe, expect, test } from "bun:test";
import { startCluster, type Cluster } from "./cluster-fixture.ts";
import { waitFor } from "./harness.ts";
import type { XmlRpcTestClient } from "./rpc-client.ts";

const KEYS = ["svc:p", "svc:q"];

const RULES = `<?xml version="1.0" encoding="UTF-8"?>
<root>
  <application name="svc">
    <start_sequence>1</start_sequence>
    <running_failure_strategy>RESTART_PROCESS</running_failure_strategy>
    <programs>
      <program pattern=""><identifiers>beta,gamma</identifiers><start_sequence>1</start_sequence></program>
    </programs>
  </application>
</root>
`;

const PROGRAMS = `
[group:svc]
programs = p,q

[program:p]
command = sleep 100000
autostart = false
startsecs = 1

[program:q]
command = sleep 100000
autostart = false
startsecs = 1
`;

interface Status {
  application_name: string;
  process_name: string;
  statename: string;
  identifiers: string[];
}

describe("a non-Master frozen (SIGSTOP) then resumed: the conciliation goes by the copies' ages", () => {
  let cluster: Cluster | undefined;
  let frozen: number | undefined;
  afterEach(async () => {
    if (frozen !== undefined) process.kill(frozen, "SIGCONT");
    frozen = undefined;
    await cluster?.stop();
    cluster = undefined;
  });

  async function where(rpc: XmlRpcTestClient): Promise<Map<string, string[]>> {
    const all = (await rpc.call("supvisors.get_all_process_info")) as unknown as Status[];
    const placed = new Map<string, string[]>();
    for (const s of all) placed.set(`${s.application_name}:${s.process_name}`, s.identifiers.map((id) => cluster!.nickOf(id)).sort());
    return placed;
  }

  const onlyOn = (placed: Map<string, string[]>, nick: string) => KEYS.every((key) => placed.get(key)?.join() === nick);

  for (const [strategy, kept, stopped] of [["SENICIDE", "gamma", "beta"], ["INFANTICIDE", "beta", "gamma"]] as const) {
    test(`${strategy} keeps the copies on ${kept}, stops those on ${stopped}`, async () => {
      cluster = await startCluster({ name: `pause-${strategy.toLowerCase()}`, nicks: ["alpha", "beta", "gamma"], rules: RULES, programs: () => PROGRAMS, supvisors: `conciliation_strategy = ${strategy}` });
      await cluster.operation();
      const alpha = cluster.node("alpha").rpc;
      await waitFor("svc running on beta", async () => onlyOn(await where(alpha), "beta"), 20_000);
      const beta = cluster.node("beta");
      frozen = beta.daemon.child.pid!;
      process.kill(frozen, "SIGSTOP");
      // Frozen until the Master has declared beta lost and restarted both processes on gamma.
      await waitFor("svc restarted on gamma", async () => {
        const all = (await alpha.call("supvisors.get_all_process_info")) as unknown as Status[];
        return KEYS.every((key) => {
          const s = all.find((x) => `${x.application_name}:${x.process_name}` === key);
          return s?.statename === "RUNNING" && s.identifiers.map((id) => cluster!.nickOf(id)).join() === "gamma";
        });
      }, 20_000);
      process.kill(frozen, "SIGCONT");
      frozen = undefined;
      // beta back: its old copies come with its process list, the conflict is conciliated. The
      // last view seen goes into the failure message (the RPCs fault while the FSM is in ELECTION).
      let seen = "";
      const settled = async () => {
        const state = (await alpha.call("supvisors.get_supvisors_state")) as { fsm_statename: string };
        const placed = await where(alpha);
        seen = `${state.fsm_statename} ${KEYS.map((key) => `${key}@${placed.get(key)?.join("+")}`).join(" ")}`;
        const conflicts = (await alpha.call("supvisors.get_conflicts")) as unknown[];
        return state.fsm_statename === "OPERATION" && conflicts.length === 0 && onlyOn(placed, kept) && onlyOn(await where(cluster!.node("beta").rpc), kept);
      };
      await waitFor(`svc left on ${kept} only, OPERATION`, settled, 30_000).catch((error: Error) => {
        throw new Error(`${error.message}; last seen by alpha: ${seen}`);
      });
      const local = (await cluster.node(stopped).rpc.call("supervisor.getAllProcessInfo")) as { name: string; statename: string }[];
      expect(local.map((p) => `${p.name}=${p.statename}`).sort()).toEqual(["p=STOPPED", "q=STOPPED"]);
    }, 90_000);
  }
});
