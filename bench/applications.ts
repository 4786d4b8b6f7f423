// Applications benchmarks (issue 4), Flotilla only, on localhost, 3 instances sharing a rules file:
// (1) supvisors.start_application of a 50-process application, startsecs 0 and 1, LESS_LOADED and
// CONFIG (bench/applications-start.ts); (2) a conflict made by hand, resolved by each conciliation
// strategy (bench/applications-conflict.ts); (3) a node lost — killed or frozen — and its
// RESTART_PROCESS programs RUNNING elsewhere (bench/applications-failover.ts). Each with fast
// ticks (0.2 s × 3), and with the default ones (5 s × 2) where they could matter.
//
//   npm run build && node_modules/.bin/bun bench/applications.ts
//   BENCH_ONLY=applications node_modules/.bin/bun bench/run-all.ts
//   (BENCH_RUNS=7 for more runs per figure, never fewer than 5)

import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { clusterTable, type ClusterFigure } from "./cluster.ts";
import { standaloneContext, type BenchContext } from "./lib/harness.ts";
import { summarise } from "./lib/stats.ts";
import { benchConflicts } from "./applications-conflict.ts";
import { Janitor, type AppBenchContext } from "./applications-janitor.ts";
import { benchFailover } from "./applications-failover.ts";
import { benchStart } from "./applications-start.ts";

export interface ApplicationsResult {
  figures: ClusterFigure[];
  /** "met"/"missed" lines for the targets, from the medians. */
  targets: string[];
}

/** The targets: start_application(wait) of 50 with startsecs=0 under 0.15 s; failover after kill -9 under 2 s with fast ticks. */
export function applicationsTargets(figures: ClusterFigure[]): string[] {
  const lines: string[] = [];
  const verdict = (figure: ClusterFigure, limit: number, what: string) => {
    const median = summarise(figure.values).median;
    lines.push(`- ${what}: ${median.toFixed(3)} s — target < ${limit} s ${median < limit ? "met" : "MISSED"}`);
  };
  for (const f of figures) {
    if (f.label.startsWith("start_application(") && f.label.includes("startsecs=0") && f.label.endsWith("→ call returns")) {
      verdict(f, 0.15, f.label.replace(" → call returns", ""));
    }
  }
  const failover = figures.find((f) => f.label.startsWith("kill -9") && f.label.includes("fast ticks"));
  if (failover) verdict(failover, 2, failover.label);
  return lines;
}

/**
 * Runs the three figures in the order of the issue. Every cluster's directory goes under one of
 * ours, removed at the end, and on Ctrl-C with `atExit` after it (see Janitor).
 */
export async function benchApplications(ctx: BenchContext, atExit?: () => void): Promise<ApplicationsResult> {
  const janitor = new Janitor(mkdtempSync(join(ctx.root, "applications-")), atExit);
  try {
    const inner: AppBenchContext = { ...ctx, root: janitor.root, janitor };
    const figures = [...(await benchStart(inner)), ...(await benchConflicts(inner)), ...(await benchFailover(inner))];
    return { figures, targets: applicationsTargets(figures) };
  } finally {
    janitor.dispose();
  }
}

/** The markdown printed for these figures: the table, then the targets. */
export function applicationsReport(result: ApplicationsResult): string {
  return [clusterTable(result.figures), "", "Targets:", "", ...result.targets].join("\n");
}

if (import.meta.main) {
  const { ctx, done } = standaloneContext();
  try {
    const started = performance.now();
    // done on Ctrl-C too: it removes the directory of the linked binary.
    const result = await benchApplications(ctx, done);
    console.log(`## Applications (${ctx.runs} runs per figure, ${((performance.now() - started) / 60_000).toFixed(1)} min)\n`);
    console.log(applicationsReport(result));
  } finally {
    done();
  }
}
