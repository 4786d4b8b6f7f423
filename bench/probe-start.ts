import { readFileSync } from "node:fs";
import { standaloneContext } from "./lib/harness.ts";
import { waitAllOperation } from "./lib/cluster.ts";
import { launchScaleCluster } from "./scale-cluster.ts";

function cpuMs(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(f[11]) + Number(f[12])) * 10;
}
const { ctx, done } = standaloneContext();
const c = await launchScaleCluster(ctx, Number(process.env.SCALE_SIZE ?? 10));
try {
  await waitAllOperation(c.nodes, 60_000, 50);
  console.log("operation", ((performance.now() - c.launchedAt) / 1000).toFixed(2), "cpu ms", c.nodes.map((n) => cpuMs(n.daemon.pid)).join(","));
  await Bun.sleep(Number(process.env.SETTLE_MS ?? 3000));
  const rpc = c.nodes[0]!.rpc;
  for (const strat of (process.env.STRATS ?? "LESS_LOADED,CONFIG,LESS_LOADED,CONFIG").split(",")) {
    const before = c.nodes.map((n) => cpuMs(n.daemon.pid));
    const t0 = performance.now();
    const r = await rpc.call("supvisors.start_application", [strat, "app90", true], 20_000);
    const t1 = performance.now();
    const mid = c.nodes.map((n) => cpuMs(n.daemon.pid));
    await Bun.sleep(1500);
    const after = c.nodes.map((n) => cpuMs(n.daemon.pid));
    console.log(strat, (t1 - t0).toFixed(0), "ms", JSON.stringify(r.value), "cpu during", mid.map((m, i) => m - before[i]!).join(","), "after", after.map((m, i) => m - mid[i]!).join(","));
    await rpc.call("supvisors.stop_application", ["app90", true], 20_000);
    await Bun.sleep(1500);
  }
} finally {
  await c.stop();
  done();
}
