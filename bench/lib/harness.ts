// What every benchmark shares: the binaries under test (a private copy of dist/flotilla, so a
// rebuild during the run cannot swap it), the alternating order of the two daemons, and
// `withDaemon`, which gives one daemon on a fresh config and directory and always cleans up.

import { copyFileSync, existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { startDaemon, type DaemonBinaries, type DaemonKind, type RunningDaemon } from "./daemon.ts";
import { freePort, makeBenchDir, writeConfig, type BenchDir } from "./workdir.ts";

export const REPO = resolve(import.meta.dir, "..", "..");

export interface BenchContext {
  binaries: DaemonBinaries;
  /** Measured repetitions per daemon (at least 5). */
  runs: number;
  /** Progress lines go here (stderr by default), so stdout keeps only the tables. */
  log(line: string): void;
}

/**
 * Copies the Flotilla binary (FLOTILLA_BIN or dist/flotilla) into `dir`.
 * @example prepareBinaries(makeBenchDir()).flotilla // "/tmp/flotilla-bench-x/flotilla"
 */
export function prepareBinaries(dir: BenchDir): DaemonBinaries {
  const source = process.env.FLOTILLA_BIN ?? join(REPO, "dist", "flotilla");
  if (!existsSync(source)) throw new Error(`${source} not found: run \`npm run build\` first (or set FLOTILLA_BIN)`);
  const flotilla = join(dir.path, "flotilla");
  copyFileSync(source, flotilla);
  const supervisord = process.env.SUPERVISORD_BIN ?? "/usr/bin/supervisord";
  if (!existsSync(supervisord)) throw new Error(`${supervisord} not found (apt-get install supervisor)`);
  return { flotilla, supervisord };
}

/** A context for a benchmark run as its own script: binaries copied, cleaned up by `done`. */
export function standaloneContext(): { ctx: BenchContext; done: () => void } {
  const dir = makeBenchDir("flotilla-bench-bin-");
  try {
    const runs = Math.max(5, Number(process.env.BENCH_RUNS ?? 5));
    const ctx: BenchContext = { binaries: prepareBinaries(dir), runs, log: (l) => process.stderr.write(`${l}\n`) };
    return { ctx, done: () => dir.remove() };
  } catch (err) {
    dir.remove();
    throw err;
  }
}

/** The order of the daemons in run i: alternating, so drift on the machine hits both alike. */
export function orderFor(run: number): DaemonKind[] {
  return run % 2 === 0 ? ["flotilla", "supervisord"] : ["supervisord", "flotilla"];
}

export interface DaemonSetup {
  programs: number;
  autostart: boolean;
}

/** Starts `kind` on a fresh config, runs `body`, then stops it and removes its files, always. */
export async function withDaemon<T>(
  ctx: BenchContext,
  kind: DaemonKind,
  setup: DaemonSetup,
  body: (daemon: RunningDaemon) => Promise<T>,
): Promise<T> {
  const dir = makeBenchDir();
  try {
    const port = await freePort();
    const configPath = writeConfig({ dir: dir.path, port, programs: setup.programs, autostart: setup.autostart });
    const daemon = await startDaemon({ kind, binaries: ctx.binaries, configPath, dir: dir.path, port });
    try {
      return await body(daemon);
    } finally {
      await daemon.stop();
    }
  } finally {
    dir.remove();
  }
}

/** Raises an error unless every status struct of a *AllProcesses answer is SUCCESS (80). */
export function expectAllSucceeded(what: string, value: unknown, count: number): void {
  if (!Array.isArray(value)) throw new Error(`${what}: expected an array, got ${typeof value}`);
  const bad = value.filter((s) => (s as { status?: unknown }).status !== 80);
  if (value.length !== count || bad.length > 0) {
    throw new Error(`${what}: ${value.length} results (expected ${count}), ${bad.length} not OK: ${JSON.stringify(bad.slice(0, 3))}`);
  }
}
