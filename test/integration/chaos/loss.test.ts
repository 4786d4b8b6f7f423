// Chaos (c): 20 % of the packets reaching each instance's namespace dropped at random, for 15 s (CHAOS_LOSS_SECONDS),
// at Supvisors' inactivity_ticks (2) with a 1 s tick (its default 5 s would need minutes), under
// two CPU hogs, with a RESTART_PROCESS application running. Nothing is faulty: a lossy network must
// not make anyone lose anyone (no false loss), nor elect a second Master, nor duplicate a process.

import { expect, test } from "bun:test";
import { droppedByLoss, setLoss } from "./faults.ts";
import { copiesAtMost, noDuplicates, noFalseLoss, singleMaster } from "./invariants.ts";
import { agreedMaster, hold, runningOnceOn, startApplication } from "./probes.ts";
import { expectNoViolations, timelineOf } from "./report.ts";
import { chaosScope } from "./scope.ts";
import { AFTERMATH_MS, CONCILIATION_MS, ELECTION_GRACE_MS } from "./targets.ts";

const chaos = chaosScope("loss");
const NICKS = ["n1", "n2", "n3"];
const LOSS_PERCENT = 20;
const LOSS_SECONDS = Number(process.env.CHAOS_LOSS_SECONDS ?? 15);

test.skipIf(chaos.unavailable !== null)(`${LOSS_PERCENT} % packet loss on every namespace for ${LOSS_SECONDS} s at tick 1 s × 2: no false loss (two CPU hogs)`, async () => {
  const cluster = await chaos.cluster({ nicks: NICKS, discovery: "multicast", tickPeriod: 1, inactivityTicks: 2 });
  const master = await cluster.formed(20_000);
  chaos.hogs(cluster, LOSS_SECONDS + 20);
  await startApplication(cluster, master, "ha_last");

  await setLoss(cluster, NICKS, LOSS_PERCENT);
  const from = cluster.faults.at(-1)!.t;
  await hold(LOSS_SECONDS * 1000);
  // The fault acted: each namespace dropped some of its peers' packets.
  const dropped = NICKS.map((n) => droppedByLoss(cluster, n));
  await setLoss(cluster, NICKS, 0);
  const to = Date.now();
  await cluster.observer.until("answers after the loss", () => NICKS.every((n) => (cluster.observer.latestOk(n)?.t ?? 0) > to + 500), 10_000);

  console.log(`loss: packets dropped per namespace ${dropped.join(", ")}`);
  for (const count of dropped) expect(count).toBeGreaterThan(0);
  const tl = timelineOf(cluster);
  expectNoViolations(tl, [
    ...noFalseLoss(tl, AFTERMATH_MS, { from }),
    ...singleMaster(tl, ELECTION_GRACE_MS, { from }),
    ...copiesAtMost(tl, 1, { from }),
    ...noDuplicates(tl, CONCILIATION_MS, { from }),
  ], `${LOSS_PERCENT} % loss`);
  expect(agreedMaster(cluster, NICKS)).toBe(master);
  expect(runningOnceOn(cluster, "ha_last", NICKS)).toBe(true);
}, 58_000);
