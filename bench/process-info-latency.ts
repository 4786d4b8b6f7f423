// Benchmark 2: latency of supervisor.getAllProcessInfo with 500 RUNNING processes, 200 calls with
// a fresh TCP connection per call and 200 over one kept-alive connection, on both daemons. Each run
// gives a median and a p99 per mode; the table reports the median (min–max) of those over runs.
//
//   node_modules/.bin/bun bench/process-info-latency.ts

import { expectAllSucceeded, orderFor, standaloneContext, withDaemon, type BenchContext } from "./lib/harness.ts";
import { comparisonTable, emptyValues, type Comparison } from "./lib/report.ts";
import { RpcClient, type ConnectionMode } from "./lib/rpc.ts";
import { median, percentile } from "./lib/stats.ts";

export const LATENCY_PROGRAMS = 500;
export const LATENCY_CALLS = 200;
const WARMUP_CALLS = 10;

interface ModeSample {
  times: number[];
  /** Distinct TCP connections (client ports) the answers came over. */
  sockets: number;
  /** Calls that node:http says went over an already used connection. */
  reused: number;
}

async function sample(port: number, mode: ConnectionMode, calls: number, programs: number): Promise<ModeSample> {
  const client = new RpcClient(port, mode);
  const sockets = new Set<number>();
  let reused = 0;
  const times: number[] = [];
  try {
    for (let i = 0; i < WARMUP_CALLS + calls; i++) {
      const answer = await client.raw("supervisor.getAllProcessInfo");
      if (answer.status !== 200) throw new Error(`getAllProcessInfo: HTTP ${answer.status}`);
      if (i < WARMUP_CALLS) continue;
      times.push(answer.ms);
      if (answer.localPort !== null) sockets.add(answer.localPort);
      if (answer.reusedSocket) reused += 1;
      // A cheap check that the answer is whole, outside the timed part.
      const running = answer.body.split("<name>statename</name>").length - 1;
      if (running !== programs) throw new Error(`getAllProcessInfo returned ${running} processes, expected ${programs}`);
    }
  } finally {
    client.close();
  }
  return { times, sockets: sockets.size, reused };
}

export async function benchProcessInfoLatency(
  ctx: BenchContext,
  programs = LATENCY_PROGRAMS,
  calls = LATENCY_CALLS,
): Promise<Comparison[]> {
  const values = {
    fresh: { median: emptyValues(), p99: emptyValues() },
    keepalive: { median: emptyValues(), p99: emptyValues() },
  };
  for (let run = 0; run < ctx.runs; run++) {
    for (const kind of orderFor(run)) {
      await withDaemon(ctx, kind, { programs, autostart: false }, async (daemon) => {
        const control = new RpcClient(daemon.port, "fresh");
        const started = await control.call("supervisor.startAllProcesses", [true], 300_000);
        expectAllSucceeded(`${kind} startAllProcesses`, started.value, programs);
        const modes: ConnectionMode[] = run % 2 === 0 ? ["fresh", "keepalive"] : ["keepalive", "fresh"];
        const notes: string[] = [];
        for (const mode of modes) {
          const s = await sample(daemon.port, mode, calls, programs);
          // The mode must be what it claims: one connection for all, or one per call.
          const ok = mode === "keepalive" ? s.sockets === 1 && s.reused === calls : s.sockets === calls && s.reused === 0;
          if (!ok) throw new Error(`${kind} ${mode}: ${s.sockets} connections, ${s.reused} reused, for ${calls} calls`);
          values[mode].median[kind].push(median(s.times));
          values[mode].p99[kind].push(percentile(s.times, 99));
          notes.push(`${mode} median ${median(s.times).toFixed(2)} p99 ${percentile(s.times, 99).toFixed(2)} ms (${s.sockets} conn)`);
        }
        ctx.log(`latency run ${run + 1}/${ctx.runs} ${kind}: ${notes.join(", ")}`);
      });
    }
  }
  const label = (mode: string, stat: string) => `getAllProcessInfo ×${programs}, ${mode}, ${stat} of ${calls}`;
  return [
    { label: label("fresh connection", "median"), unit: "ms", values: values.fresh.median, digits: 2 },
    { label: label("fresh connection", "p99"), unit: "ms", values: values.fresh.p99, digits: 2 },
    { label: label("kept-alive", "median"), unit: "ms", values: values.keepalive.median, digits: 2 },
    { label: label("kept-alive", "p99"), unit: "ms", values: values.keepalive.p99, digits: 2 },
  ];
}

if (import.meta.main) {
  const { ctx, done } = standaloneContext();
  try {
    console.log(comparisonTable(await benchProcessInfoLatency(ctx)));
  } finally {
    done();
  }
}
