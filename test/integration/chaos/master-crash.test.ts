// Chaos (e): the Master's node dies at once (kill -9 of its daemon, then of every process of its
// namespace) while it runs a RESTART_PROCESS application, at tick_period 0.2, under two CPU hogs.
// Expected: within FAILOVER_MS the survivors agree on a new Master and run that application's
// processes (times from the daemons' logs: the last of the new Master's election and of the
// processes' RUNNING lines). Then the dead node is launched again with the same configuration: it
// rejoins, one Master, each process once.

import { expect, test } from "bun:test";
import { crash } from "./faults.ts";
import { copiesAtMost, noDuplicates, noFalseLoss, singleMaster } from "./invariants.ts";
import { clusterLog, firstLogged } from "./logs.ts";
import { agreedMaster, runningOnceOn, startApplication, type App } from "./probes.ts";
import { expectNoViolations, timelineOf } from "./report.ts";
import { chaosScope } from "./scope.ts";
import { AFTERMATH_MS, CONCILIATION_MS, ELECTION_GRACE_MS, FAILOVER_MS, REJOIN_MS } from "./targets.ts";
import { processKeys } from "./workload.ts";

const chaos = chaosScope("master-crash");
const NICKS = ["n1", "n2", "n3"];
const quote = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

test.skipIf(chaos.unavailable !== null)("kill -9 of the Master's node: a new Master agreed and its RESTART_PROCESS programs running elsewhere in time (two CPU hogs)", async () => {
  const cluster = await chaos.cluster({ nicks: NICKS, discovery: "multicast", tickPeriod: 0.2, inactivityTicks: 3 });
  const master = await cluster.formed(20_000);
  // Formation under load is test (a)'s; here the load is on during the fault and the recovery.
  chaos.hogs(cluster, 45);
  // The application whose CONFIG order puts it on the Master first.
  const app: App | null = master === NICKS[0] ? "ha_first" : master === NICKS.at(-1) ? "ha_last" : null;
  if (app === null) throw new Error(`the Master is ${master}: no application of the workload is placed on it first`);
  await startApplication(cluster, master, app);
  expect(runningOnceOn(cluster, app, [master])).toBe(true);

  const survivors = NICKS.filter((n) => n !== master);
  const crashedAt = Date.now();
  crash(cluster, master);
  const successor = await cluster.observer.until(
    "a new Master agreed by the survivors and the application running on them",
    () => {
      const agreed = agreedMaster(cluster, survivors);
      return agreed && agreed !== master && runningOnceOn(cluster, app, survivors) ? agreed : null;
    },
    FAILOVER_MS + 10_000,
  );
  const seenAfter = Date.now() - crashedAt;

  const log = clusterLog(cluster);
  const elected = firstLogged(log, crashedAt, [successor], new RegExp(`^Master: ${quote(cluster.node(successor).identifier)}$`));
  const running = processKeys(app).map((key) => firstLogged(log, crashedAt, survivors, new RegExp(`^success: ${quote(key.split(":")[1]!)} entered RUNNING`)));
  const failover = elected && running.every((r) => r) ? Math.max(elected.t, ...running.map((r) => r!.t)) - crashedAt : null;
  console.log(`master crash: ${master} killed; ${successor} logged Master after ${elected ? elected.t - crashedAt : "?"} ms; ${app} RUNNING on survivors, logged, after ${failover ?? "?"} ms (seen by the observer after ${seenAfter} ms)`);

  // The dead node comes back with the same configuration.
  cluster.launch(master);
  await cluster.formed(REJOIN_MS);
  const back = Date.now();
  await cluster.observer.until(`${app} once, answers after the rejoin`, () => runningOnceOn(cluster, app, NICKS) && NICKS.every((n) => (cluster.observer.latestOk(n)?.t ?? 0) > back + 500), 10_000);

  const tl = timelineOf(cluster);
  expectNoViolations(tl, [
    ...singleMaster(tl, ELECTION_GRACE_MS),
    ...copiesAtMost(tl, 1),
    ...noDuplicates(tl, CONCILIATION_MS),
    ...noFalseLoss(tl, AFTERMATH_MS),
  ], "Master crash and relaunch");
  expect(failover, "the new Master and every process RUNNING logged").not.toBeNull();
  expect(failover!).toBeLessThanOrEqual(FAILOVER_MS);
}, 55_000);
