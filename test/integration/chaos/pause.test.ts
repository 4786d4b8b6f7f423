// Chaos (d): the daemon of n3, which runs `ha_last` (RESTART_PROCESS), is frozen with SIGSTOP for
// 3 s at tick_period 0.2 (its processes keep running), then continued, under two CPU hogs.
// Expected: the Master declares n3 lost within LOSS_DETECTION_MS and restarts `ha_last` on n1 or
// n2; after SIGCONT n3 rejoins, and the conflict (each process now on two instances) is resolved
// within CONCILIATION_MS of the SIGCONT, without a third copy ever appearing; one Master
// throughout; n1 and n2 never see each other lost. Times come from the daemons' logs.

import { expect, test } from "bun:test";
import { pause, resume } from "./faults.ts";
import { copiesAtMost, noDuplicates, noFalseLoss, singleMaster } from "./invariants.ts";
import { clusterLog, firstLogged } from "./logs.ts";
import { agreedMaster, hold, noConflict, runningOnceOn, startApplication } from "./probes.ts";
import { expectNoViolations, timelineOf } from "./report.ts";
import { chaosScope } from "./scope.ts";
import { AFTERMATH_MS, CONCILIATION_MS, ELECTION_GRACE_MS, LOSS_DETECTION_MS, REJOIN_MS } from "./targets.ts";
import { processKeys } from "./workload.ts";

const chaos = chaosScope("pause");
const NICKS = ["n1", "n2", "n3"];
const OTHERS = ["n1", "n2"];
const PAUSE_MS = 3_000;
const quote = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

test.skipIf(chaos.unavailable !== null)("SIGSTOP of a node for 3 s then SIGCONT: lost in time, no third copy, conflict resolved (two CPU hogs)", async () => {
  const cluster = await chaos.cluster({ nicks: NICKS, discovery: "multicast", tickPeriod: 0.2, inactivityTicks: 3 });
  const master = await cluster.formed(20_000);
  // Formation under load is test (a)'s; here the load is on during the fault and the recovery.
  chaos.hogs(cluster, 45);
  expect(OTHERS).toContain(master);
  await startApplication(cluster, master, "ha_last");
  expect(runningOnceOn(cluster, "ha_last", ["n3"])).toBe(true);

  const pausedAt = Date.now();
  pause(cluster, "n3");
  await cluster.observer.until("ha_last RUNNING on n1 or n2", () => runningOnceOn(cluster, "ha_last", OTHERS), PAUSE_MS);
  await hold(Math.max(0, pausedAt + PAUSE_MS - Date.now()));
  const resumedAt = Date.now();
  resume(cluster, "n3");
  await cluster.formed(REJOIN_MS);
  await cluster.observer.until("ha_last on one instance only", () => noConflict(cluster, "ha_last") && runningOnceOn(cluster, "ha_last", NICKS), REJOIN_MS);
  const settled = Date.now();
  await cluster.observer.until("answers after the conciliation", () => NICKS.every((n) => (cluster.observer.latestOk(n)?.t ?? 0) > settled + 500), 5_000);

  const log = clusterLog(cluster);
  const n3 = quote(cluster.node("n3").identifier);
  const lost = firstLogged(log, pausedAt, [master], new RegExp(`^instance ${n3} is (FAILED|SILENT)`));
  // The conflict ends with the last of the copies stopped (on whichever instance conciliation chose).
  const stops = processKeys("ha_last").map((key) => firstLogged(log, resumedAt, NICKS, new RegExp(`^stopped: ${quote(key.split(":")[1]!)} `)));
  const resolved = stops.every((s) => s !== undefined) ? Math.max(...stops.map((s) => s!.t)) : null;
  console.log(
    `pause: ${master} logged n3 lost after ${lost ? lost.t - pausedAt : "never"} ms; ` +
      `conflict resolved ${resolved === null ? "(no stop logged)" : `${resolved - resumedAt} ms`} after SIGCONT`,
  );

  const tl = timelineOf(cluster);
  expectNoViolations(tl, [
    ...copiesAtMost(tl, 2),
    ...noDuplicates(tl, CONCILIATION_MS),
    ...singleMaster(tl, ELECTION_GRACE_MS),
    ...noFalseLoss(tl, AFTERMATH_MS),
  ], "pause and continue");
  expect(lost, "the Master logged n3 lost").toBeDefined();
  expect(lost!.t - pausedAt).toBeLessThanOrEqual(LOSS_DETECTION_MS);
  expect(resolved, "a stop of each conflicting copy logged").not.toBeNull();
  expect(resolved! - resumedAt).toBeLessThanOrEqual(CONCILIATION_MS);
  expect(agreedMaster(cluster, NICKS)).not.toBeNull();
}, 55_000);
