// Chaos (d): the daemon of n3, which runs `ha_last` (RESTART_PROCESS), is frozen with SIGSTOP for
// 3 s at tick_period 0.2 (its processes keep running), then continued, under two CPU hogs.
// Expected: the Master declares n3 lost within LOSS_DETECTION_MS and restarts `ha_last` on n1 or
// n2; after SIGCONT n3 rejoins, and the conflict (each process now on two instances) is resolved
// within CONCILIATION_MS of the SIGCONT, without a third copy ever appearing; one Master
// throughout; n1 and n2 never see each other lost. Times come from the daemons' logs.

import { expect, test } from "bun:test";
import { applicationsKept, copiesAtMost, noDuplicates, noFalseLoss, requiredRunning, singleMaster } from "./invariants.ts";
import { pauseAndContinue } from "./measure.ts";
import { agreedMaster } from "./probes.ts";
import { expectNoViolations, timelineOf } from "./report.ts";
import { chaosScope } from "./scope.ts";
import { AFTERMATH_MS, CONCILIATION_MS, ELECTION_GRACE_MS, FAILOVER_MS, LOSS_DETECTION_MS } from "./targets.ts";
import { processKeys } from "./workload.ts";

const chaos = chaosScope("pause");
const NICKS = ["n1", "n2", "n3"];

test.skipIf(chaos.unavailable !== null)("SIGSTOP of a node for 3 s then SIGCONT: lost in time, no third copy, conflict resolved (two CPU hogs)", async () => {
  const cluster = await chaos.cluster({ nicks: NICKS, discovery: "multicast", tickPeriod: 0.2, inactivityTicks: 3 });
  const master = await cluster.formed(20_000);
  // Formation under load is test (a)'s; here the load is on during the fault and the recovery.
  chaos.hogs(cluster, 45);
  const figures = await pauseAndContinue(cluster, master, 3_000);
  const settled = Date.now();
  await cluster.observer.until("answers after the conciliation", () => NICKS.every((n) => (cluster.observer.latestOk(n)?.t ?? 0) > settled + 500), 5_000);
  console.log(
    `pause: ${master} logged n3 lost after ${figures.lostMs ?? "never"} ms; ha_last ${figures.moved ? "moved" : "NOT moved"} during the pause; ` +
      `conflict resolved ${figures.resolvedMs ?? "(no stop logged)"} ms after SIGCONT (settled as seen by the observer: ${figures.settledMs} ms)`,
  );

  const tl = timelineOf(cluster);
  expectNoViolations(tl, [
    ...copiesAtMost(tl, 2),
    ...noDuplicates(tl, CONCILIATION_MS),
    ...singleMaster(tl, ELECTION_GRACE_MS),
    ...noFalseLoss(tl, AFTERMATH_MS),
    ...requiredRunning(tl, processKeys("ha_last"), FAILOVER_MS, { from: figures.pausedAt }),
    ...applicationsKept(tl, figures.resumedAt - 1, Date.now()),
  ], "pause and continue");
  expect(figures.lostMs, "the Master logged n3 lost").not.toBeNull();
  expect(figures.lostMs!).toBeLessThanOrEqual(LOSS_DETECTION_MS);
  expect(figures.moved, "ha_last restarted elsewhere during the pause").toBe(true);
  expect(figures.resolvedMs, "a stop of each conflicting copy logged").not.toBeNull();
  expect(figures.resolvedMs!).toBeLessThanOrEqual(CONCILIATION_MS);
  expect(agreedMaster(cluster, NICKS)).not.toBeNull();
}, 55_000);
