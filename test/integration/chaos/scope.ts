// One place per test file that owns what the tests start (clusters with their namespaces, CPU
// hogs) and removes it after each test and again after all of them, whether the test passed or
// not. The skip reason is printed once when the machine cannot run chaos tests.
//
//   const chaos = chaosScope("partition");
//   test.skipIf(chaos.unavailable !== null)("...", async () => { const c = await chaos.cluster({...}); ... });

import { afterAll, afterEach } from "bun:test";
import { startChaosCluster, type ChaosCluster, type ChaosClusterSpec } from "./cluster.ts";
import { cpuHogs, type Hogs } from "./faults.ts";
import { chaosUnavailable } from "./preflight.ts";

export interface ChaosScope {
  /** Why these tests are skipped here, or null. */
  unavailable: string | null;
  cluster(spec: ChaosClusterSpec): Promise<ChaosCluster>;
  /** Two busy loops saturating both cores for at most `seconds`. */
  hogs(cluster: ChaosCluster, seconds: number, count?: number): Hogs;
}

export function chaosScope(name: string): ChaosScope {
  const unavailable = chaosUnavailable();
  if (unavailable !== null) console.warn(`chaos ${name}: skipped — ${unavailable}`);
  const owned: (() => Promise<void> | void)[] = [];
  const release = async () => {
    const errors: unknown[] = [];
    for (const undo of owned.splice(0).reverse()) {
      try {
        await undo();
      } catch (err) {
        errors.push(err);
      }
    }
    if (errors.length > 0) throw new Error(`chaos ${name} teardown: ${errors.map(String).join("; ")}`);
  };
  afterEach(release);
  afterAll(release);
  return {
    unavailable,
    async cluster(spec) {
      const cluster = await startChaosCluster(spec);
      owned.push(() => cluster.destroy());
      return cluster;
    },
    hogs(cluster, seconds, count = 2) {
      const hogs = cpuHogs(cluster, count, seconds);
      owned.push(() => hogs.stop());
      return hogs;
    },
  };
}
