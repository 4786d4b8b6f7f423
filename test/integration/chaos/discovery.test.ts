// Chaos (a): three compiled instances, each in its own network namespace, form one cluster —
// once by UDP multicast alone (each supvisors_list names only the instance itself), once from a
// full supvisors_list — under two CPU hogs: every instance reaches OPERATION, sees the others
// RUNNING and names the same Master, which stays the only one for two seconds, and nobody is
// ever seen lost.

import { expect, test } from "bun:test";
import type { Discovery } from "./config.ts";
import { noFalseLoss, singleMaster } from "./invariants.ts";
import { expectNoViolations, timelineOf } from "./report.ts";
import { chaosScope } from "./scope.ts";
import { AFTERMATH_MS, ELECTION_GRACE_MS } from "./targets.ts";

const chaos = chaosScope("discovery");
const NICKS = ["n1", "n2", "n3"];

for (const discovery of ["multicast", "list"] as Discovery[]) {
  test.skipIf(chaos.unavailable !== null)(`discovery by ${discovery} across namespaces → OPERATION with one agreed Master (two CPU hogs)`, async () => {
    const cluster = await chaos.cluster({ nicks: NICKS, discovery, tickPeriod: 0.2, inactivityTicks: 3 });
    chaos.hogs(cluster, 40);
    const master = await cluster.formed(20_000);
    expect(NICKS).toContain(master);
    const formedAt = Date.now();
    await cluster.observer.until("two seconds of answers after formation", () => NICKS.every((n) => (cluster.observer.latestOk(n)?.t ?? 0) > formedAt + 2_000), 10_000);
    const tl = timelineOf(cluster);
    expectNoViolations(tl, [...singleMaster(tl, ELECTION_GRACE_MS, { from: formedAt }), ...noFalseLoss(tl, AFTERMATH_MS)], `discovery by ${discovery}`);
    // Stable: everyone still names the Master agreed at formation.
    for (const nick of NICKS) expect(cluster.observer.latestOk(nick)?.master).toBe(master);
  }, 50_000);
}
