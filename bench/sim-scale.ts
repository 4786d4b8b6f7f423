// The simulated cluster at the scale (issue 11, "beyond one machine"): 100 instances of
// 1 000 processes each, on the virtual clock, over TCP-like links losing 5 % of segments, with
// random stalls and 3 s SIGSTOPs of single nodes (test/sim/scale-run.ts; CI runs the 10 × 100
// version over 200 seeds in test/sim/scale.test.ts). Prints one line per seed and a summary.
//
//   node_modules/.bin/bun bench/sim-scale.ts [--instances=100] [--processes=1000] [--seeds=3]
//     [--tick=0.2] [--loss=0.05] [--faults=10]

import { scaleRun } from "../test/sim/scale-run.ts";

function option(name: string, fallback: number): number {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  return arg ? Number(arg.slice(name.length + 3)) : fallback;
}

const instances = option("instances", 100);
const processes = option("processes", 1000);
const seeds = option("seeds", 3);
const tick = option("tick", 0.2);
const loss = option("loss", 0.05);
const faults = option("faults", 10);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

console.log(`${instances} instances × ${processes} processes, tick ${tick} s × 2, ${loss * 100} % TCP loss, ${faults} s of pauses, ${seeds} seed(s)`);
const formation: number[] = [];
const detection: number[] = [];
let falseLosses = 0;
let problems = 0;
for (let seed = 1; seed <= seeds; seed += 1) {
  const cpu0 = process.cpuUsage();
  const r = scaleRun({ seed, instances, processesPerInstance: processes, loss, tickPeriod: tick, inactivityTicks: 2, faultSeconds: faults, pauseEvery: 1, longShare: 0.15, longPause: 3 });
  const cpu = process.cpuUsage(cpu0);
  formation.push(r.formationTicks);
  detection.push(...r.detectionSeconds);
  falseLosses += r.falseLosses.length;
  problems += r.problems.length;
  console.log(
    `seed ${seed}: OPERATION ${r.formationTicks.toFixed(2)} ticks after the last start; ${r.shortPauses} stalls, ${r.longPauses} SIGSTOPs; ` +
      `${r.trueLosses} losses of frozen nodes (median ${median(r.detectionSeconds).toFixed(2)} s, max ${Math.max(0, ...r.detectionSeconds).toFixed(2)} s); ` +
      `${r.falseLosses.length} false losses; ${r.problems.length} problems; ${((cpu.user + cpu.system) / 1e6).toFixed(0)} s CPU`,
  );
  for (const line of [...r.falseLosses, ...r.problems].slice(0, 5)) console.log(`  ${line.split("\n")[0]}`);
}
console.log(`summary: formation median ${median(formation).toFixed(2)} ticks (max ${Math.max(...formation).toFixed(2)}); detection of frozen nodes median ${median(detection).toFixed(2)} s; ${falseLosses} false losses; ${problems} problems`);
