// Pure rollover decisions: when, and which renames in which order.

import { describe, expect, test } from "bun:test";
import { rotationSteps, shouldRotate } from "../../../src/process/logs/index.ts";

describe("shouldRotate", () => {
  test.each([
    [0, 100, false],
    [99, 100, false],
    [100, 100, true],
    [250, 100, true],
    [1_000_000, 0, false],
    [5, -1, false],
  ])("size %d, maxbytes %d → %p", (size, maxbytes, expected) => {
    expect(shouldRotate(size, maxbytes)).toBe(expected);
  });
});

describe("rotationSteps", () => {
  test("backups 0: nothing renamed (the live file is truncated)", () => {
    expect(rotationSteps("/l/a.log", 0)).toEqual([]);
  });

  test("backups 1: only the live file moves to .1", () => {
    expect(rotationSteps("/l/a.log", 1)).toEqual([{ from: "/l/a.log", to: "/l/a.log.1", ifExists: false }]);
  });

  test("backups 3: oldest first, live file last", () => {
    expect(rotationSteps("/l/a.log", 3)).toEqual([
      { from: "/l/a.log.2", to: "/l/a.log.3", ifExists: true },
      { from: "/l/a.log.1", to: "/l/a.log.2", ifExists: true },
      { from: "/l/a.log", to: "/l/a.log.1", ifExists: false },
    ]);
  });
});
