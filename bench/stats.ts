// Cost of statistics sampling: spawns 300 `sleep` children of this process, samples them (each
// with its descendants, plus the host and this process) through the StatsCollector, and reports
// the CPU time per sample and what that costs, in % of one core, at a 5 s collecting period.
// Run: node_modules/.bin/bun bench/stats.ts   (target: < 2 % of one core at 5 s)

import * as os from "node:os";
import { StatsCollector, procSampler, systemClock, type StatsTimer } from "../src/stats/index.ts";

const PROCESSES = 300;
const RUNS = 25;
const PERIOD_S = 5;

/** A timer that never fires: the bench calls sample() itself, back to back. */
const idleTimer: StatsTimer = { after: () => () => {} };

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const children = Array.from({ length: PROCESSES }, () => Bun.spawn(["sleep", "600"], { stdout: "ignore", stderr: "ignore" }));
try {
  const list = children.map((c, i) => ({ namespec: `bench:sleep_${i}`, pid: c.pid }));
  let events = 0;
  const collector = new StatsCollector({
    identifier: "bench", hostEnabled: true, processEnabled: true, collectingPeriod: PERIOD_S, periods: [0.001], histo: 200,
    irixMode: false, processes: () => list, sampler: procSampler(), clock: systemClock, timer: idleTimer,
  });
  collector.onCompiled(() => events++);
  collector.sample(); // reference sample, and warm-up
  const cpuMs: number[] = [];
  const wallMs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    collector.sample();
    wallMs.push(performance.now() - t0);
    const d = process.cpuUsage(cpu0);
    cpuMs.push((d.user + d.system) / 1000);
  }
  const medianCpu = median(cpuMs);
  const costPct = (medianCpu / (PERIOD_S * 1000)) * 100;
  const rows = [
    ["command", "node_modules/.bin/bun bench/stats.ts"],
    ["machine", `${os.cpus()[0]?.model ?? "unknown"} x${os.cpus().length}, ${os.platform()} ${os.release()}, bun ${Bun.version}`],
    ["processes sampled", `${PROCESSES} + supervisord + host`],
    ["runs", String(RUNS)],
    ["median CPU per sample", `${medianCpu.toFixed(2)} ms`],
    ["median wall per sample", `${median(wallMs).toFixed(2)} ms`],
    [`cost at ${PERIOD_S} s period`, `${costPct.toFixed(3)} % of one core (target < 2 %)`],
    ["windows compiled", String(events)],
  ];
  const width = Math.max(...rows.map(([k]) => k!.length));
  for (const [k, v] of rows) console.log(`${k!.padEnd(width)}  ${v}`);
  if (collector.namespecs().length !== PROCESSES + 1) {
    console.error(`expected ${PROCESSES + 1} series, got ${collector.namespecs().length}`);
    process.exitCode = 1;
  }
  if (costPct >= 2) process.exitCode = 1;
} finally {
  for (const c of children) c.kill();
  await Promise.all(children.map((c) => c.exited));
}
