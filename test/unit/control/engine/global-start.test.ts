// ST-SEQ-10: the global start of DISTRIBUTION (Master) — applications by rank, those of one rank
// in parallel, only those never started or in failure — and the view that lets the FSM go on to
// OPERATION once the starter is idle.

import { describe, expect, test } from "bun:test";
import { FakeCluster } from "./fake-cluster.ts";
import { application, effectsOf, rules, starts } from "./fixtures.ts";
import { watch } from "./invariants.ts";

const TEXT = rules(
  application("one", { start: 1 }, [{ name: "p1", start: 1, required: true }]),
  application("two", { start: 1 }, [{ name: "p2", start: 1 }]),
  application("three", { start: 2 }, [{ name: "p3", start: 1 }]),
  application("manual", { start: 0 }, [{ name: "p4", start: 1 }]),
);

function cluster() {
  return watch(
    new FakeCluster({
      instances: ["a", "b"],
      programs: [
        { group: "one", name: "p1", startsecs: 3 },
        { group: "two", name: "p2" },
        { group: "three", name: "p3" },
        { group: "manual", name: "p4" },
      ],
      rules: TEXT,
    }),
  );
}

describe("ST-SEQ-10 global start", () => {
  test("ranks in increasing order, applications of one rank in parallel, rank 0 never", () => {
    const c = cluster();
    c.enter("DISTRIBUTION");
    expect(c.masterNode.view.startingJobs).toBe(true);
    expect(starts(c)).toEqual(["one:p1@a:9001", "two:p2@a:9001"]);
    c.advance(2);
    expect(starts(c)).toEqual(["one:p1@a:9001", "two:p2@a:9001"]);
    c.until(() => c.fsm === "OPERATION");
    expect(starts(c)).toEqual(["one:p1@a:9001", "two:p2@a:9001", "three:p3@a:9001"]);
    const threeAt = effectsOf(c, "start")[2]?.at ?? 0;
    expect(threeAt).toBeGreaterThanOrEqual(3);
    expect(c.invariantErrors).toEqual([]);
  });

  test("only on the Master", () => {
    const c = cluster();
    c.deliver(c.node("b"), { type: "jobs", command: "startApplications" });
    expect(starts(c)).toEqual([]);
  });

  test("an application stopped on purpose is left alone; one in failure gets another chance", () => {
    const c = cluster();
    c.enter("DISTRIBUTION");
    c.until(() => c.fsm === "OPERATION");
    const stop = c.request("a", { kind: "stopApplication", application: "two", wait: true });
    c.until(() => c.reply("a", stop) !== undefined);
    c.exit("a", "one:p1", false);
    c.trace.length = 0;
    c.enter("DISTRIBUTION");
    c.until(() => c.fsm === "OPERATION");
    expect(starts(c)).toEqual(["one:p1@a:9001"]);
  });
});
