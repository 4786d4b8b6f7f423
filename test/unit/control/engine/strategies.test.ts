// ST-STR-01..08 through the engine: each starting strategy and distribution rule, with the loads of
// processes running and of starts already planned (ST-LD-01..04), and "No resource available"
// when nothing fits (ST-PS-05). One table, run against every strategy.

import { describe, expect, test } from "bun:test";
import type { StartingStrategy } from "../../../../src/config/supvisors-model.ts";
import { FakeCluster, id } from "./fake-cluster.ts";
import { application, forced, programs, rules, starts } from "./fixtures.ts";
import { watch } from "./invariants.ts";

/** Nodes: x holds instances a and b, y holds c. `hog` (30 %) runs on a, `pig` (20 %) on c. */
function cluster(strategy: StartingStrategy, requester = "a") {
  const text = rules(
    application("bg", {}, [{ name: "hog", loading: 30 }, { name: "pig", loading: 20 }]),
    application("job", { start: 1 }, [{ name: "p1", start: 1, loading: 10 }]),
  );
  const c = watch(
    new FakeCluster({
      instances: ["a", "b", "c"],
      nodes: { a: "x", b: "x", c: "y" },
      programs: [{ group: "bg", name: "hog", on: ["a"] }, { group: "bg", name: "pig", on: ["c"] }, ...programs("job", ["p1"])],
      rules: text,
    }),
  );
  c.startOutside("a", "bg:hog");
  c.startOutside("c", "bg:pig");
  c.advance(2);
  const r = c.request(requester, { kind: "startApplication", strategy, application: "job", wait: true });
  c.until(() => c.reply(requester, r) !== undefined);
  return c;
}

describe("ST-STR-01..06 one process, loads a=30 b=0 c=20 (node x=30, y=20)", () => {
  const table: [StartingStrategy, string][] = [
    ["CONFIG", "a"], // first valid candidate
    ["LESS_LOADED", "b"], // lowest instance load
    ["MOST_LOADED", "a"], // highest instance load
    ["LESS_LOADED_NODE", "c"], // lowest node load (y)
    ["MOST_LOADED_NODE", "a"], // highest node load (x), then highest instance load
    ["LOCAL", "a"], // the instance running the request
  ];
  for (const [strategy, expected] of table) {
    test(`${strategy} → ${expected}`, () => {
      const c = cluster(strategy);
      expect(starts(c)).toEqual([`job:p1@${id(expected)}`]);
      expect(c.invariantErrors).toEqual([]);
    });
  }

  test("LOCAL on an instance where the process cannot run → No resource available", () => {
    const c = new FakeCluster({ instances: ["a", "b"], programs: [{ group: "job", name: "p1", on: ["b"] }], rules: rules(application("job", { start: 1 }, [{ name: "p1", start: 1 }])) });
    const r = c.request("a", { kind: "startApplication", strategy: "LOCAL", application: "job", wait: true });
    expect(c.reply("a", r)).toEqual({ ok: false, fault: "ABNORMAL_TERMINATION", detail: "failed to start job" });
    expect(forced(c)).toEqual(["job:p1 FATAL No resource available"]);
  });
});

describe("ST-LD-03/04 loads", () => {
  const text = rules(application("big", { start: 1 }, [1, 2, 3].map((n) => ({ name: `p${n}`, start: 1, loading: 60 }))));

  test("planned starts count: a group of three 60 % processes on two nodes → one each, third has no resource", () => {
    const c = watch(new FakeCluster({ instances: ["a", "b"], programs: programs("big", ["p1", "p2", "p3"]), rules: text }));
    const r = c.request("a", { kind: "startApplication", strategy: "LESS_LOADED", application: "big", wait: true });
    c.until(() => c.reply("a", r) !== undefined);
    expect(starts(c)).toEqual(["big:p1@a:9001", "big:p2@b:9001"]);
    expect(forced(c)).toEqual(["big:p3 FATAL No resource available"]);
    expect(c.reply("a", r)).toEqual({ ok: true, value: true });
    expect(c.invariantErrors).toEqual([]);
  });

  test("two instances of one node share its 100 %", () => {
    const c = watch(new FakeCluster({ instances: ["a", "b"], nodes: { a: "x", b: "x" }, programs: programs("big", ["p1", "p2", "p3"]), rules: text }));
    const r = c.request("a", { kind: "startApplication", strategy: "LESS_LOADED", application: "big", wait: true });
    c.until(() => c.reply("a", r) !== undefined);
    expect(starts(c)).toEqual(["big:p1@a:9001"]);
    expect(forced(c).length).toBe(2);
    expect(c.invariantErrors).toEqual([]);
  });
});

describe("ST-STR-07/08 restricted distributions", () => {
  const procs = [
    { name: "p1", start: 1, loading: 20 },
    { name: "p2", start: 2, loading: 20 },
  ];

  test("SINGLE_INSTANCE: every process on the one instance chosen for the summed load", () => {
    const text = rules(application("bg", {}, [{ name: "hog", loading: 70 }]), application("app", { start: 1, distribution: "SINGLE_INSTANCE" }, procs));
    const c = watch(new FakeCluster({ instances: ["a", "b"], programs: [{ group: "bg", name: "hog", on: ["a"] }, ...programs("app", ["p1", "p2"])], rules: text }));
    c.startOutside("a", "bg:hog");
    c.advance(2);
    // CONFIG would take a, but a cannot take 40 more: b hosts the whole application.
    const r = c.request("a", { kind: "startApplication", strategy: "CONFIG", application: "app", wait: true });
    c.until(() => c.reply("a", r) !== undefined);
    expect(starts(c)).toEqual(["app:p1@b:9001", "app:p2@b:9001"]);
  });

  test("SINGLE_NODE: the processes go to instances of one node", () => {
    const text = rules(application("app", { start: 1, distribution: "SINGLE_NODE" }, procs));
    const c = watch(new FakeCluster({ instances: ["a", "b", "c"], nodes: { a: "x", b: "y", c: "y" }, programs: programs("app", ["p1", "p2"], { on: ["a", "b", "c"] }), rules: text }));
    const r = c.request("b", { kind: "startApplication", strategy: "LESS_LOADED_NODE", application: "app", wait: true });
    c.until(() => c.reply("b", r) !== undefined);
    const nodesUsed = new Set(starts(c).map((s) => (s.endsWith("a:9001") ? "x" : "y")));
    expect(nodesUsed.size).toBe(1);
    expect(starts(c).length).toBe(2);
  });

  test("SINGLE_INSTANCE with no instance able to take the whole load: every process has no resource", () => {
    const text = rules(application("app", { start: 1, distribution: "SINGLE_INSTANCE" }, [{ name: "p1", start: 1, loading: 60 }, { name: "p2", start: 2, loading: 60 }]));
    const c = new FakeCluster({ instances: ["a", "b"], programs: programs("app", ["p1", "p2"]), rules: text });
    const r = c.request("a", { kind: "startApplication", strategy: "CONFIG", application: "app", wait: true });
    expect(c.reply("a", r)?.ok).toBe(false);
    expect(forced(c)).toEqual(["app:p1 FATAL No resource available", "app:p2 FATAL No resource available"]);
  });
});

describe("RULE-48 # assignments made when an application start is planned", () => {
  const text = rules(
    `<application name="farm"><start_sequence>1</start_sequence><programs>` +
      `<program pattern="w_\\d"><identifiers>#,a,b</identifiers><start_sequence>1</start_sequence></program>` +
      `</programs></application>`,
  );
  const specs = [0, 1, 2].map((i) => ({ group: "farm", name: `w_${i}`, program: "w", index: i }));

  test("before any application start a # process has no candidate; then round robin over the list", () => {
    const c = new FakeCluster({ instances: ["a", "b"], programs: specs, rules: text });
    const early = c.request("a", { kind: "startProcess", strategy: "CONFIG", namespec: "farm:w_0", extraArgs: "", wait: true });
    expect(c.reply("a", early)).toEqual({ ok: false, fault: "ABNORMAL_TERMINATION", detail: "failed to start farm:w_0" });
    expect(forced(c)).toEqual(["farm:w_0 FATAL No resource available"]);
    const r = c.request("a", { kind: "startApplication", strategy: "CONFIG", application: "farm", wait: true });
    c.until(() => c.reply("a", r) !== undefined);
    expect(starts(c)).toEqual(["farm:w_0@a:9001", "farm:w_1@b:9001", "farm:w_2@a:9001"]);
  });
});
