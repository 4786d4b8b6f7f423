// Benchmark 3: resident memory (VmRSS) of the daemon process alone — idle with no programs, and
// with 300 and with 500 `sleep` children RUNNING — Flotilla and supervisord alternately, a fresh
// daemon per measurement. Children are the same for both daemons; their sum is logged, not compared.
// RssAnon (heap, stacks) is reported beside VmRSS: the rest is RssFile, pages of the executable
// (Python's interpreter and modules, or the ~110 MB Bun binary) mapped in, shared and reclaimable.
//
//   node_modules/.bin/bun bench/rss.ts

import { treeRssKiB } from "./lib/procfs.ts";
import { expectAllSucceeded, orderFor, standaloneContext, withDaemon, type BenchContext } from "./lib/harness.ts";
import { comparisonTable, emptyValues, type Comparison } from "./lib/report.ts";
import { RpcClient } from "./lib/rpc.ts";

export const RSS_SIZES = [0, 300, 500];
/** Time left after the start for the daemon's memory to settle (collections, lazy allocations). */
const SETTLE_MS = 2_000;

export async function benchRss(ctx: BenchContext, sizes = RSS_SIZES): Promise<Comparison[]> {
  const rows: Comparison[] = [];
  for (const programs of sizes) {
    const values = emptyValues();
    const anon = emptyValues();
    for (let run = 0; run < ctx.runs; run++) {
      for (const kind of orderFor(run)) {
        await withDaemon(ctx, kind, { programs, autostart: false }, async (daemon) => {
          if (programs > 0) {
            const control = new RpcClient(daemon.port, "fresh");
            const started = await control.call("supervisor.startAllProcesses", [true], 300_000);
            expectAllSucceeded(`${kind} startAllProcesses`, started.value, programs);
          }
          await Bun.sleep(SETTLE_MS);
          const rss = treeRssKiB(daemon.pid, true);
          if (rss.count !== programs) throw new Error(`${kind}: ${rss.count} children, expected ${programs}`);
          values[kind].push(rss.daemon / 1024);
          anon[kind].push(rss.anon / 1024);
          ctx.log(
            `rss ${programs} run ${run + 1}/${ctx.runs} ${kind}: daemon ${(rss.daemon / 1024).toFixed(1)} MiB ` +
              `(anon ${(rss.anon / 1024).toFixed(1)}, file ${(rss.file / 1024).toFixed(1)}), ` +
              `${rss.count} children ${(rss.children / 1024).toFixed(1)} MiB`,
          );
        });
      }
    }
    const what = programs === 0 ? "idle, no programs" : `${programs} processes RUNNING`;
    rows.push({ label: `daemon RSS (VmRSS), ${what}`, unit: "MiB", values, digits: 1 });
    rows.push({ label: `  of which anonymous (RssAnon), ${what}`, unit: "MiB", values: anon, digits: 1 });
  }
  return rows;
}

if (import.meta.main) {
  const { ctx, done } = standaloneContext();
  try {
    console.log(comparisonTable(await benchRss(ctx)));
  } finally {
    done();
  }
}
