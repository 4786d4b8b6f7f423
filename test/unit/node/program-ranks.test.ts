import { expect, test } from "bun:test";
import { programRank, programRanks } from "../../../src/node/local-process-info.ts";
import type { ProcessEntry } from "../../../src/supervisor/process-entry.ts";

/** Only what the ranks read of an entry. */
function entry(programName: string, processNum: number): ProcessEntry {
  return { config: { programName, processNum } } as unknown as ProcessEntry;
}

test("programRanks gives every entry of a group the rank programRank gives it alone", () => {
  // Two programs interleaved, out of order, one process number repeated (a group being updated).
  const siblings = [entry("b", 3), entry("a", 7), entry("a", 2), entry("b", 1), entry("a", 5), entry("a", 5), entry("c", 0)];
  const ranks = programRanks(siblings);
  for (const e of siblings) expect(ranks.get(e)).toBe(programRank(e, siblings));
  expect(siblings.map((e) => ranks.get(e))).toEqual([1, 3, 0, 0, 1, 1, 0]);
});
