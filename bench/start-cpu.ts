// Where the CPU of a start goes, instance by instance (issue 11): the scale cluster (10 instances ×
// 1 000 programs, bench/scale-cluster.ts), then starts of `app90` with wait, each followed by a
// stop. Per start: the call's time, the CPU time (user + system, from /proc/<pid>/stat) each
// daemon spent during the call and in the 1.5 s after it, and the whole machine's busy share and
// user / system split during the call (from /proc/stat). At launch: the time to OPERATION and each
// daemon's CPU until then (user / system ms). The machine figures count the children too: 90
// execs of /bin/sleep cost the machine about 0.5 s of CPU by themselves.
//
//   npm run build && node_modules/.bin/bun bench/start-cpu.ts
//   START_STRATEGIES=LESS_LOADED,CONFIG (default, in turn), SCALE_SIZE=10, SETTLE_MS=3000 (idle
//   time between OPERATION and the first start). FLOTILLA_BIN: another build.

import { readFileSync } from "node:fs";
import { standaloneContext } from "./lib/harness.ts";
import { waitAllOperation } from "./lib/cluster.ts";
import { START_APP, launchScaleCluster } from "./scale-cluster.ts";

/** User and system CPU milliseconds of one process. */
function cpuOf(pid: number): { user: number; system: number } {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  const tick = 10; // USER_HZ is 100 on Linux
  return { user: Number(fields[11]) * tick, system: Number(fields[12]) * tick };
}

function cpuMs(pid: number): number {
  const { user, system } = cpuOf(pid);
  return user + system;
}

/** The machine's jiffies since boot: user, nice, system, idle, iowait, … */
function machineJiffies(): number[] {
  return readFileSync("/proc/stat", "utf8").split("\n")[0]!.split(/\s+/).slice(1).map(Number);
}

const strategies = (process.env.START_STRATEGIES ?? "LESS_LOADED,CONFIG,LESS_LOADED,CONFIG").split(",");
const { ctx, done } = standaloneContext();
const cluster = await launchScaleCluster(ctx, Number(process.env.SCALE_SIZE ?? 10));
try {
  await waitAllOperation(cluster.nodes, 60_000, 50);
  const launch = cluster.nodes.map((n) => cpuOf(n.daemon.pid)).map((c) => `${c.user}/${c.system}`);
  console.log(`OPERATION after ${((performance.now() - cluster.launchedAt) / 1000).toFixed(2)} s; CPU ms (user/system) per daemon: ${launch.join(" ")}`);
  await Bun.sleep(Number(process.env.SETTLE_MS ?? 3000));
  const rpc = cluster.nodes[0]!.rpc;
  for (const strategy of strategies) {
    const before = cluster.nodes.map((n) => cpuMs(n.daemon.pid));
    const machineBefore = machineJiffies();
    const started = performance.now();
    const answer = await rpc.call("supvisors.start_application", [strategy, START_APP, true], 20_000);
    const ms = performance.now() - started;
    const machine = machineJiffies().map((v, i) => v - machineBefore[i]!);
    const during = cluster.nodes.map((n) => cpuMs(n.daemon.pid));
    await Bun.sleep(1500);
    const after = cluster.nodes.map((n) => cpuMs(n.daemon.pid));
    const idle = machine[3]! + machine[4]!;
    const total = machine.reduce((a, b) => a + b, 0);
    console.log(
      `${strategy}: ${ms.toFixed(0)} ms (answer ${JSON.stringify(answer.value)}); machine ${Math.round(((total - idle) / total) * 100)} % busy, ` +
        `user ${machine[0]! * 10} ms, system ${machine[2]! * 10} ms; daemon CPU ms during: ${during.map((d, i) => d - before[i]!).join(" ")}; ` +
        `in the 1.5 s after: ${after.map((a, i) => a - during[i]!).join(" ")}`,
    );
    await rpc.call("supvisors.stop_application", [START_APP, true], 20_000);
    await Bun.sleep(1500);
  }
} finally {
  await cluster.stop();
  done();
}
