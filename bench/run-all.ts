// Runs every benchmark — spawn/stop of 500 programs (logs on the temp dir's disk, and on tmpfs),
// getAllProcessInfo latency, daemon RSS — Flotilla against Debian's supervisord on the same configs,
// and prints the machine, one markdown table and the targets as met or missed.
//
//   npm run build && node_modules/.bin/bun bench/run-all.ts
//   (BENCH_RUNS=7 for more runs per figure; BENCH_ONLY=spawn,latency,rss for a subset;
//   BENCH_ONLY=cluster for the Flotilla-only cluster figures of bench/cluster.ts, BENCH_ONLY=applications
//   for the Flotilla-only application figures of bench/applications.ts; neither is in the default set)

import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { exitOnSignals, prepareBinaries, type BenchContext } from "./lib/harness.ts";
import { loadAverage, machineDescription } from "./lib/machine.ts";
import { comparisonTable, type Comparison } from "./lib/report.ts";
import { summarise } from "./lib/stats.ts";
import { makeBenchDir } from "./lib/workdir.ts";
import { applicationsReport, benchApplications, type ApplicationsResult } from "./applications.ts";
import { benchCluster, clusterTable, type ClusterFigure } from "./cluster.ts";
import { benchProcessInfoLatency } from "./process-info-latency.ts";
import { benchRss } from "./rss.ts";
import { benchSpawn } from "./spawn.ts";

/** A tmpfs directory for the spawn variant whose log files cost no disk I/O, when there is one. */
function tmpfsRoot(): string | null {
  const mounts = readFileSync("/proc/mounts", "utf8");
  if (!/^\S+ \/dev\/shm tmpfs /m.test(mounts) || !existsSync("/dev/shm")) return null;
  return mkdtempSync("/dev/shm/flotilla-bench-");
}

function find(rows: Comparison[], start: string): Comparison | undefined {
  return rows.find((r) => r.label.startsWith(start));
}

/** "met"/"missed" lines for the targets, from the medians. */
function targets(rows: Comparison[]): string[] {
  const lines: string[] = [];
  const speedup = (label: string, prefix: string) => {
    const row = find(rows, prefix);
    if (!row) return;
    const x = summarise(row.values.supervisord).median / summarise(row.values.flotilla).median;
    lines.push(`- ${label}: ${x.toFixed(1)}× supervisord — target ≥ 3× ${x >= 3 ? "met" : "MISSED"}`);
  };
  for (const row of rows.filter((r) => r.label.startsWith("startAllProcesses"))) speedup(row.label, row.label);
  speedup("getAllProcessInfo, fresh connection (median)", "getAllProcessInfo ×500, fresh connection, median");
  speedup("getAllProcessInfo, kept-alive (median)", "getAllProcessInfo ×500, kept-alive, median");
  const rss = find(rows, "daemon RSS (VmRSS), 300");
  if (rss) {
    const mib = summarise(rss.values.flotilla).median;
    lines.push(`- Flotilla RSS with 300 processes: ${mib.toFixed(1)} MiB — target < 47 MiB ${mib < 47 ? "met" : "MISSED"}`);
  }
  return lines;
}

async function main(): Promise<void> {
  exitOnSignals();
  const only = new Set((process.env.BENCH_ONLY ?? "spawn,latency,rss").split(","));
  const binDir = makeBenchDir("flotilla-bench-bin-");
  const shm = only.has("spawn") ? tmpfsRoot() : null;
  try {
    const ctx: BenchContext = {
      binaries: prepareBinaries(binDir),
      root: binDir.path,
      runs: Math.max(5, Number(process.env.BENCH_RUNS ?? 5)),
      log: (line) => process.stderr.write(`${line}\n`),
    };
    const started = performance.now();
    const machine = machineDescription(ctx.binaries, tmpdir());
    const rows: Comparison[] = [];
    if (only.has("spawn")) {
      rows.push(...(await benchSpawn(ctx, undefined, ", logs on disk")));
      if (shm !== null) rows.push(...(await benchSpawn({ ...ctx, root: shm }, undefined, ", logs on tmpfs")));
    }
    if (only.has("latency")) rows.push(...(await benchProcessInfoLatency(ctx)));
    if (only.has("rss")) rows.push(...(await benchRss(ctx)));
    const cluster: ClusterFigure[] = only.has("cluster") ? await benchCluster(ctx) : [];
    // The binary's directory goes too if Ctrl-C ends the run during these figures (see Janitor).
    const applications: ApplicationsResult | null = only.has("applications") ? await benchApplications(ctx, () => binDir.remove()) : null;
    const minutes = (performance.now() - started) / 60_000;
    console.log(["## Machine", "", ...machine, `- load average at end: ${loadAverage()}`, ""].join("\n"));
    if (rows.length > 0) {
      console.log(`## Results (${ctx.runs} runs per figure, daemons alternated, ${minutes.toFixed(1)} min)\n`);
      console.log(comparisonTable(rows));
      console.log(["", "## Targets", "", ...targets(rows)].join("\n"));
    }
    if (cluster.length > 0) {
      console.log(`${rows.length > 0 ? "\n" : ""}## Cluster, Flotilla only (${ctx.runs} runs per figure, ${minutes.toFixed(1)} min in all)\n`);
      console.log(clusterTable(cluster));
    }
    if (applications !== null) {
      const before = rows.length > 0 || cluster.length > 0 ? "\n" : "";
      console.log(`${before}## Applications, Flotilla only (${ctx.runs} runs per figure, ${minutes.toFixed(1)} min in all)\n`);
      console.log(applicationsReport(applications));
    }
  } finally {
    binDir.remove();
    if (shm !== null) rmSync(shm, { recursive: true, force: true });
  }
}

await main();
