// Chaos (b): n3, running the `ha_last` application (RESTART_PROCESS), is cut off from n1 and n2
// (every packet between the two sides dropped in the namespaces) for four seconds, then the cut is
// healed, under two CPU hogs at tick_period 0.2. Expected: both sides see the other lost; each side
// has at most one Master; the majority runs `ha_last` again; after the heal n3 rejoins, the cluster
// names one Master, the processes running on both sides are conciliated within the target, and
// the applications RUNNING before are RUNNING after. n1 and n2 never see each other lost.

import { expect, test } from "bun:test";
import { heal, partition } from "./faults.ts";
import { clusterLog, firstLogged, quoteRegExp } from "./logs.ts";
import { applicationsKept, copiesAtMost, noDuplicates, noFalseLoss, requiredRunning, singleMaster } from "./invariants.ts";
import { agreedMaster, allSee, hold, noConflict, runningOnceOn, startApplication } from "./probes.ts";
import { expectNoViolations, timelineOf } from "./report.ts";
import { chaosScope } from "./scope.ts";
import { AFTERMATH_MS, CONCILIATION_MS, ELECTION_GRACE_MS, FAILOVER_MS, LOSS_DETECTION_MS, REJOIN_MS } from "./targets.ts";
import { processKeys } from "./workload.ts";

const chaos = chaosScope("partition");
const NICKS = ["n1", "n2", "n3"];
const MAJORITY = ["n1", "n2"];
const LOST = ["FAILED", "SILENT", "ISOLATED", "STOPPED"];

test.skipIf(chaos.unavailable !== null)("a node cut off then healed: lost, rejoins, one Master, no duplicates after conciliation (two CPU hogs)", async () => {
  const cluster = await chaos.cluster({ nicks: NICKS, discovery: "multicast", tickPeriod: 0.2, inactivityTicks: 3 });
  const master = await cluster.formed(20_000);
  // Formation under load is test (a)'s; here the load is on during the fault and the recovery.
  chaos.hogs(cluster, 45);
  await startApplication(cluster, master, "ha_last");
  expect(runningOnceOn(cluster, "ha_last", ["n3"])).toBe(true);

  await partition(cluster, [MAJORITY, ["n3"]]);
  const cutAt = cluster.faults.at(-1)!.t;
  await cluster.observer.until("n1 and n2 see n3 lost, n3 sees them lost", () =>
    allSee(cluster, MAJORITY, "n3", LOST) && MAJORITY.every((m) => allSee(cluster, ["n3"], m, LOST)), LOSS_DETECTION_MS + 3_000);
  const lostAfter = Date.now() - cutAt;
  await cluster.observer.until("ha_last RUNNING again on n1 or n2", () => runningOnceOn(cluster, "ha_last", MAJORITY), FAILOVER_MS + 5_000);
  const movedAfter = Date.now() - cutAt;
  await hold(Math.max(0, cutAt + 4_000 - Date.now()));

  await heal(cluster);
  const healAt = cluster.faults.at(-1)!.t;
  await cluster.formed(REJOIN_MS);
  const rejoinedAfter = Date.now() - healAt;
  await cluster.observer.until("ha_last conflict resolved", () => noConflict(cluster, "ha_last") && runningOnceOn(cluster, "ha_last", NICKS), REJOIN_MS);
  const resolvedAfter = Date.now() - healAt;
  const end = Date.now();
  await cluster.observer.until("answers after the conciliation", () => NICKS.every((n) => (cluster.observer.latestOk(n)?.t ?? 0) > end + 500), 5_000);
  const log = clusterLog(cluster);
  const n3 = quoteRegExp(cluster.node("n3").identifier);
  const lostLogged = firstLogged(log, cutAt, [master], new RegExp(`^instance ${n3} is (FAILED|SILENT)`));
  const backLogged = firstLogged(log, healAt, [master], new RegExp(`^instance ${n3} is RUNNING`));
  console.log(
    `partition: ${master} logged n3 lost ${lostLogged ? lostLogged.t - cutAt : "?"} ms after the cut, RUNNING again ${backLogged ? backLogged.t - healAt : "?"} ms after the heal; ` +
      `seen by the observer: lost ${lostAfter} ms, ha_last moved ${movedAfter} ms, whole again ${rejoinedAfter} ms, conflict resolved ${resolvedAfter} ms`,
  );

  const tl = timelineOf(cluster);
  expectNoViolations(tl, [
    ...singleMaster(tl, ELECTION_GRACE_MS),
    ...copiesAtMost(tl, 2),
    ...noDuplicates(tl, CONCILIATION_MS),
    ...requiredRunning(tl, processKeys("ha_last"), FAILOVER_MS, { from: cutAt }),
    ...applicationsKept(tl, healAt - 1, Date.now()),
    ...noFalseLoss(tl, AFTERMATH_MS),
  ], "partition and heal");
  expect(agreedMaster(cluster, NICKS)).not.toBeNull();
}, 55_000);
