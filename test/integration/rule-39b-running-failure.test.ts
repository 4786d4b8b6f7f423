// RULE-39b / ISS-0874, end to end on two compiled instances: a program whose running failure
// strategy is STOP_APPLICATION (resp. RESTART_APPLICATION) has autorestart=true configured, yet a
// kill -9 of it stops (resp. restarts) its whole application, every time: Supervisor's autorestart
// never brings the crashed process back on its own, so the application never ends RUNNING with one
// program and starting it again never answers ALREADY_STARTED. Each program appends its pid to a
// file as it starts: the number of lines is the number of spawns, autorestarts included.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { startCluster, type Cluster, type ClusterNode } from "./cluster-fixture.ts";
import { waitFor } from "./harness.ts";

const ROUNDS = 3;

/** Every program of both applications belongs to their start sequence (start_sequence > 0). */
function application(name: string, crash: string, strategy: string): string {
  const program = (p: string, extra = "") => `<program name="${p}"><start_sequence>1</start_sequence>${extra}</program>`;
  return `
  <application name="${name}">
    <programs>
      ${program(crash, `<running_failure_strategy>${strategy}</running_failure_strategy>`)}
      ${program(`${name}_a`)}
      ${program(`${name}_b`)}
    </programs>
  </application>`;
}

const RULES = `<?xml version="1.0" encoding="UTF-8"?>
<root>${application("stopper", "stopper_crash", "STOP_APPLICATION")}${application("restarter", "restarter_crash", "RESTART_APPLICATION")}
</root>
`;

/** A program that records each of its spawns (its pid, one line) in the shared directory. */
function program(shared: string, name: string, autorestart: string): string {
  return `
[program:${name}]
command = sh -c 'echo $$ >> ${shared}/${name}.spawns; exec sleep 100000'
autostart = false
autorestart = ${autorestart}
startsecs = 0
`;
}

function programs(shared: string): string {
  return `
[group:stopper]
programs = stopper_crash,stopper_a,stopper_b

[group:restarter]
programs = restarter_crash,restarter_a,restarter_b
${program(shared, "stopper_crash", "true")}${program(shared, "stopper_a", "unexpected")}${program(shared, "stopper_b", "unexpected")}
${program(shared, "restarter_crash", "true")}${program(shared, "restarter_a", "unexpected")}${program(shared, "restarter_b", "unexpected")}
`;
}

interface LocalInfo {
  name: string;
  group: string;
  statename: string;
  pid: number;
}

describe("RULE-39b: STOP_APPLICATION / RESTART_APPLICATION disable autorestart", () => {
  let cluster: Cluster;

  beforeAll(async () => {
    cluster = await startCluster({ name: "rule-39b", nicks: ["alpha", "beta"], rules: RULES, programs: ({ shared }) => programs(shared) });
    await cluster.operation();
  });
  afterAll(() => cluster?.stop());

  const master = () => cluster.node("alpha").rpc;

  /** The processes of `app` wherever they run: the RUNNING copy if any, else the first instance's. */
  async function processes(app: string): Promise<Map<string, LocalInfo & { node: ClusterNode }>> {
    const found = new Map<string, LocalInfo & { node: ClusterNode }>();
    for (const node of cluster.nodes) {
      const all = (await node.rpc.call("supervisor.getAllProcessInfo")) as unknown as LocalInfo[];
      for (const info of all.filter((i) => i.group === app)) {
        const known = found.get(info.name);
        if (known === undefined || (known.statename !== "RUNNING" && info.statename === "RUNNING")) found.set(info.name, { ...info, node });
      }
    }
    return found;
  }

  const applicationState = async (app: string) =>
    ((await master().call("supvisors.get_application_info", app)) as { statename: string }).statename;

  const spawns = (name: string) => {
    const file = join(cluster.shared, `${name}.spawns`);
    return existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean).length : 0;
  };

  /**
   * The spawn count once it reached `n`: a program is RUNNING as soon as its pid is known
   * (startsecs = 0), before its shell has written the line, so the count is waited for.
   */
  async function spawnsReaching(name: string, n: number): Promise<number> {
    await waitFor(`${name} spawned ${n} times`, () => (spawns(name) >= n ? true : null));
    return spawns(name);
  }

  /** Starts the application as a whole; ALREADY_STARTED here means autorestart brought a process back. */
  async function startApplication(app: string): Promise<Map<string, number>> {
    expect(await master().call("supvisors.start_application", "CONFIG", app, true)).toBe(true);
    return waitFor(`${app} RUNNING with its 3 programs`, async () => {
      const procs = await processes(app);
      const running = [...procs.values()].filter((p) => p.statename === "RUNNING");
      if (running.length !== 3 || (await applicationState(app)) !== "RUNNING") return null;
      return new Map(running.map((p) => [p.name, p.pid]));
    });
  }

  async function killCrash(app: string): Promise<void> {
    const crash = (await processes(app)).get(`${app}_crash`)!;
    expect(crash.statename).toBe("RUNNING");
    process.kill(crash.pid, "SIGKILL");
  }

  test("RULE-39b STOP_APPLICATION: every kill -9 of the program stops the whole application", async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      await startApplication("stopper");
      expect(await spawnsReaching("stopper_crash", round)).toBe(round);
      await killCrash("stopper");
      // Ends at once if the crashed program is spawned again: that is the failure this test is for.
      const end = await waitFor(`stopper STOPPED after kill ${round}`, async () => {
        if (spawns("stopper_crash") > round) return { respawned: true, procs: await processes("stopper") };
        const procs = await processes("stopper");
        const stopped = ["stopper_a", "stopper_b"].every((name) => procs.get(name)?.statename === "STOPPED");
        return stopped && (await applicationState("stopper")) === "STOPPED" ? { respawned: false, procs } : null;
      });
      expect(end.respawned).toBe(false);
      // The crashed process stays as it died: EXITED (killed), never spawned again by autorestart.
      expect(end.procs.get("stopper_crash")).toMatchObject({ statename: "EXITED", pid: 0 });
      expect(spawns("stopper_crash")).toBe(round);
    }
  });

  test("RULE-39b RESTART_APPLICATION: every kill -9 of the program restarts the whole application", async () => {
    let pids = await startApplication("restarter");
    for (let round = 1; round <= ROUNDS; round++) {
      const before = new Set(pids.values());
      // Killed only once it has recorded its spawn (a kill before that would lose the line).
      await spawnsReaching("restarter_crash", round);
      await killCrash("restarter");
      // Ends at once on a spawn more than the starts of the application: autorestart acted.
      const end = await waitFor(`restarter restarted after kill ${round}`, async () => {
        if (spawns("restarter_crash") > round + 1) return { respawned: true, pids: new Map<string, number>() };
        const procs = [...(await processes("restarter")).values()];
        const fresh = procs.filter((p) => p.statename === "RUNNING" && !before.has(p.pid));
        if (fresh.length !== 3 || (await applicationState("restarter")) !== "RUNNING") return null;
        return { respawned: false, pids: new Map(fresh.map((p) => [p.name, p.pid])) };
      });
      expect(end.respawned).toBe(false);
      pids = end.pids;
      // One spawn per application start: the restart, never an autorestart beside it.
      expect(await spawnsReaching("restarter_crash", round + 1)).toBe(round + 1);
      expect(await spawnsReaching("restarter_a", round + 1)).toBe(round + 1);
      expect(await spawnsReaching("restarter_b", round + 1)).toBe(round + 1);
    }
    // Already running: asking again is refused, as for any running application.
    await expect(master().call("supvisors.start_application", "CONFIG", "restarter", true)).rejects.toThrow(/ALREADY_STARTED/);
  });

  test("RULE-39b the hold is logged on every instance, for the two programs only", () => {
    for (const node of cluster.nodes) {
      const log = readFileSync(join(node.dir, "main.log"), "utf8");
      const held = [...log.matchAll(/autorestart disabled for (\S+):/g)].map((m) => m[1]).sort();
      expect(held).toEqual(["restarter:restarter_crash", "stopper:stopper_crash"]);
    }
  });
});
