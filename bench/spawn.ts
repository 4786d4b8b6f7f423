// Benchmark 1: 500 programs (startsecs=0, autostart=false) taken to RUNNING by
// supervisor.startAllProcesses(wait=true), then back to STOPPED by stopAllProcesses(wait=true).
// Wall time of each call, Flotilla and supervisord alternately, on a fresh daemon per run.
//
//   node_modules/.bin/bun bench/spawn.ts        (BENCH_RUNS=7 for more runs)

import { countChildrenNamed } from "./lib/procfs.ts";
import { expectAllSucceeded, orderFor, standaloneContext, withDaemon, type BenchContext } from "./lib/harness.ts";
import { comparisonTable, emptyValues, type Comparison } from "./lib/report.ts";
import { RpcClient } from "./lib/rpc.ts";

export const SPAWN_PROGRAMS = 500;

/** `where` names the log filesystem in the labels when the run is one of several variants. */
export async function benchSpawn(ctx: BenchContext, programs = SPAWN_PROGRAMS, where = ""): Promise<Comparison[]> {
  const start = emptyValues();
  const stop = emptyValues();
  for (let run = 0; run < ctx.runs; run++) {
    for (const kind of orderFor(run)) {
      await withDaemon(ctx, kind, { programs, autostart: false }, async (daemon) => {
        const client = new RpcClient(daemon.port, "fresh");
        const started = await client.call("supervisor.startAllProcesses", [true], 300_000);
        expectAllSucceeded(`${kind} startAllProcesses`, started.value, programs);
        // The answer must mean what it says: every child is alive under the daemon.
        const alive = countChildrenNamed(daemon.pid, "sleep");
        if (alive !== programs) throw new Error(`${kind}: ${alive} sleep children after startAllProcesses, expected ${programs}`);
        const stopped = await client.call("supervisor.stopAllProcesses", [true], 300_000);
        expectAllSucceeded(`${kind} stopAllProcesses`, stopped.value, programs);
        const left = countChildrenNamed(daemon.pid, "sleep");
        if (left !== 0) throw new Error(`${kind}: ${left} sleep children left after stopAllProcesses`);
        start[kind].push(started.ms);
        stop[kind].push(stopped.ms);
        ctx.log(`spawn${where} run ${run + 1}/${ctx.runs} ${kind}: start ${started.ms.toFixed(0)} ms, stop ${stopped.ms.toFixed(0)} ms`);
      });
    }
  }
  return [
    { label: `startAllProcesses(wait) ${programs} → RUNNING${where}`, unit: "ms", values: start, digits: 0 },
    { label: `stopAllProcesses(wait) ${programs} → STOPPED${where}`, unit: "ms", values: stop, digits: 0 },
  ];
}

if (import.meta.main) {
  const { ctx, done } = standaloneContext();
  try {
    console.log(comparisonTable(await benchSpawn(ctx)));
  } finally {
    done();
  }
}
