// RULE-39b / ISS-0874, the decision alone: which running failure strategies take a crash away from
// Supervisor's autorestart (those answered by the whole application).
import { describe, expect, test } from "bun:test";
import { RUNNING_FAILURE_STRATEGIES, takesOverAutorestart } from "../../../../src/config/rules/index.ts";

describe("RULE-39b takesOverAutorestart", () => {
  test.each([
    ["CONTINUE", false],
    ["RESTART_PROCESS", false],
    ["STOP_APPLICATION", true],
    ["RESTART_APPLICATION", true],
    ["SHUTDOWN", false],
    ["RESTART", false],
  ] as const)("%s → %p", (strategy, held) => {
    expect(takesOverAutorestart(strategy)).toBe(held);
  });

  test("the table covers every strategy of RULE-28", () => {
    expect([...RUNNING_FAILURE_STRATEGIES].sort()).toEqual(
      ["CONTINUE", "RESTART", "RESTART_APPLICATION", "RESTART_PROCESS", "SHUTDOWN", "STOP_APPLICATION"],
    );
  });
});
