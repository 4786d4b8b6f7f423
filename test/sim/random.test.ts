// Random faults for many seeds (see random-run.ts). A failure prints its seed: replay it with
// `FLOTILLA_SIM_SEED=<seed> bun test test/sim/random.test.ts`.
import { expect, test } from "bun:test";
import { randomRun } from "./random-run.ts";

const replay = process.env.FLOTILLA_SIM_SEED;
const seeds = (count: number, from: number) => (replay ? [Number(replay)] : Array.from({ length: count }, (_, i) => from + i));

function runAll(list: number[], autoFence: boolean): string {
  const failures: string[] = [];
  for (const seed of list) {
    const problems = randomRun(seed, autoFence);
    if (problems.length > 0) failures.push(problems.join("\n"));
    if (failures.length >= 3) break;
  }
  return failures.join("\n\n");
}

// Chunks of 25 seeds, one test each: the timeout is a safety net against a hang, and a whole
// batch under one timeout fails on a loaded machine although each run is deterministic.
function chunked(label: string, list: number[], autoFence: boolean): void {
  for (let from = 0; from < list.length; from += 25) {
    const chunk = list.slice(from, from + 25);
    test(`${label}, seeds ${chunk[0]}–${chunk[chunk.length - 1]}: invariants hold, ${autoFence ? "fenced partitions agree" : "the cluster settles on one Master"}`, () => {
      expect(runAll(chunk, autoFence)).toBe("");
    }, 120_000);
  }
}

chunked("random faults", seeds(200, 1000), false);
chunked("random faults with auto_fence", seeds(100, 5000), true);
