// What every benchmark shares: the binaries under test (a private copy of dist/flotilla, so a
// rebuild during the run cannot swap it), the alternating order of the two daemons, and
// `withDaemon`, which gives one daemon on a fresh config and directory and always cleans up.

import { copyFileSync, existsSync, linkSync, mkdtempSync } from "node:fs";
import { join, resolve } from "node:path";
import { startDaemon, type DaemonBinaries, type DaemonKind, type RunningDaemon } from "./daemon.ts";
import { freePort, makeBenchDir, writeConfig, type BenchDir } from "./workdir.ts";

export const REPO = resolve(import.meta.dir, "..", "..");

export interface BenchContext {
  binaries: DaemonBinaries;
  /**
   * Parent of every daemon's directory. Directories are removed only at the very end: deleting
   * thousands of log files (ext4 with `discard` here) slows the file creations of the next run.
   */
  root: string;
  /** Measured repetitions per daemon (at least 5). */
  runs: number;
  /** Progress lines go here (stderr by default), so stdout keeps only the tables. */
  log(line: string): void;
}

/**
 * Links the Flotilla binary (FLOTILLA_BIN or dist/flotilla) into `dir`. `bun build` replaces its
 * output with a new file, so the hard link keeps this run's binary whatever is rebuilt meanwhile.
 * A link rather than a copy: a freshly written copy maps 3–5 MiB more file pages at start (its
 * page-cache state differs), which would inflate the RSS figures with an artefact.
 * @example prepareBinaries(makeBenchDir()).flotilla // "/tmp/flotilla-bench-x/flotilla"
 */
export function prepareBinaries(dir: BenchDir): DaemonBinaries {
  const source = process.env.FLOTILLA_BIN ?? join(REPO, "dist", "flotilla");
  if (!existsSync(source)) throw new Error(`${source} not found: run \`npm run build\` first (or set FLOTILLA_BIN)`);
  const flotilla = join(dir.path, "flotilla");
  try {
    linkSync(source, flotilla);
  } catch {
    // Another filesystem: a copy is the next best thing.
    copyFileSync(source, flotilla);
  }
  const supervisord = process.env.SUPERVISORD_BIN ?? "/usr/bin/supervisord";
  if (!existsSync(supervisord)) throw new Error(`${supervisord} not found (apt-get install supervisor)`);
  return { flotilla, supervisord };
}

/**
 * Turns Ctrl-C and SIGTERM into a normal exit, so that the daemons' "exit" handlers kill every
 * process of the run (a signal's default action would skip them).
 */
export function exitOnSignals(): void {
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(sig, () => process.exit(130));
}

/** A context for a benchmark run as its own script: binaries copied, cleaned up by `done`. */
export function standaloneContext(): { ctx: BenchContext; done: () => void } {
  exitOnSignals();
  const dir = makeBenchDir("flotilla-bench-bin-");
  try {
    const runs = Math.max(5, Number(process.env.BENCH_RUNS ?? 5));
    const ctx: BenchContext = {
      binaries: prepareBinaries(dir),
      root: dir.path,
      runs,
      log: (l) => process.stderr.write(`${l}\n`),
    };
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

/**
 * Flushes dirty pages so that writeback left by the previous run (log files, the binary copy)
 * does not land inside the next timed section.
 */
export function settleDisk(): void {
  Bun.spawnSync(["sync"]);
}

/** Starts `kind` on a fresh config under ctx.root, runs `body`, then stops it, always. */
export async function withDaemon<T>(
  ctx: BenchContext,
  kind: DaemonKind,
  setup: DaemonSetup,
  body: (daemon: RunningDaemon) => Promise<T>,
): Promise<T> {
  const dir = mkdtempSync(join(ctx.root, `${kind}-`));
  const port = await freePort();
  const configPath = writeConfig({ dir, port, programs: setup.programs, autostart: setup.autostart });
  settleDisk();
  const daemon = await startDaemon({ kind, binaries: ctx.binaries, configPath, dir, port });
  try {
    return await body(daemon);
  } finally {
    await daemon.stop();
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
