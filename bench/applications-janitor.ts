// Cleanup of the applications benchmarks whatever way the run ends. Ctrl-C becomes process.exit
// (lib/harness.ts exitOnSignals), which skips every finally block: only "exit" handlers run, in
// the order they were registered. This one handler kills the daemons of the live clusters and
// their children itself, before it removes the directories, so that it does not depend on the
// daemons' own handlers having run first and nothing can still write into what it removes.

import { rmSync } from "node:fs";
import type { BenchContext } from "./lib/harness.ts";
import { childrenOf } from "./lib/procfs.ts";

function kill(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // already gone
  }
}

export class Janitor {
  readonly #root: string;
  readonly #live = new Set<number[]>();
  readonly #atExit: (() => void) | undefined;
  readonly #onExit = (): void => this.#cleanUp();

  /**
   * `root`: the directory of every cluster, removed at the end. `atExit`: more cleanup for an
   * abnormal end only (a standalone run's binary directory), run after the rest.
   */
  constructor(root: string, atExit?: () => void) {
    this.#root = root;
    this.#atExit = atExit;
    process.on("exit", this.#onExit);
  }

  get root(): string {
    return this.#root;
  }

  /** Registers the daemons of a cluster that is running; call the result once they are stopped. */
  track(daemonPids: number[]): () => void {
    this.#live.add(daemonPids);
    return () => this.#live.delete(daemonPids);
  }

  #cleanUp(): void {
    for (const pids of this.#live) {
      for (const pid of pids) {
        // Children first found, then the daemon killed before them: it cannot restart them.
        const children = childrenOf(pid);
        kill(pid);
        for (const child of children) kill(child);
      }
    }
    this.#live.clear();
    // Nothing may throw from here: the exit handlers registered after this one (the daemons'
    // own, which kill a cluster still being launched) must run too.
    for (const step of [() => rmSync(this.#root, { recursive: true, force: true }), () => this.#atExit?.()]) {
      try {
        step();
      } catch (err) {
        process.stderr.write(`applications benchmark cleanup: ${String(err)}\n`);
      }
    }
  }

  /** The normal end: nothing is running any more; removes the directory. */
  dispose(): void {
    process.off("exit", this.#onExit);
    rmSync(this.#root, { recursive: true, force: true });
  }
}

/** What the applications benchmarks pass around: the usual context, with root = janitor.root. */
export interface AppBenchContext extends BenchContext {
  janitor: Janitor;
}
