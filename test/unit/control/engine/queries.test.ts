// The read queries answer from the engine's table (kept up to date on each change) when it was
// computed from the snapshot's very process maps, and compute from the snapshot otherwise: both
// paths must give the same statuses, and a change the engine has not stepped over must show.

import { describe, expect, test } from "bun:test";
import { applicationStatuses, conflicts, processStatuses, tableMatches } from "../../../../src/control/engine/queries.ts";
import type { ControlState } from "../../../../src/control/engine/state.ts";
import { applicationStatus } from "../../../../src/control/model/application-status.ts";
import type { ClusterSnapshot, ForcedState } from "../../../../src/control/model/snapshot.ts";
import { allProcessStatuses } from "../../../../src/control/model/synthesis.ts";
import { FakeCluster, id } from "./fake-cluster.ts";
import { application, programs, rules } from "./fixtures.ts";

const TEXT = rules(application("app", { start: 1 }, [{ name: "p", start: 1 }, { name: "q", start: 2 }]), application("other", {}, [{ name: "o" }]));

/** What synthesis computes from the snapshot alone, with the table's forced states and event times. */
function computed(state: ControlState, snapshot: ClusterSnapshot) {
  const forced = new Map<string, ForcedState>();
  const times = new Map<string, ReadonlyMap<string, number>>();
  for (const record of state.table.applications.values()) {
    for (const [k, v] of record.forced) forced.set(k, v);
    for (const [k, v] of record.eventTimes) times.set(k, v);
  }
  return allProcessStatuses(snapshot, forced, times);
}

function cluster(): FakeCluster {
  return new FakeCluster({ instances: ["a", "b"], programs: [...programs("app", ["p", "q"]), { group: "other", name: "o" }], rules: TEXT });
}

describe("queries from the table", () => {
  test("after starts, stops and a conflict, the table gives what the snapshot computes", () => {
    const c = cluster();
    const node = c.node("a");
    c.request("a", { kind: "startApplication", strategy: "CONFIG", application: "app", wait: false });
    c.advance(3);
    c.startOutside("a", "other:o");
    c.startOutside("b", "other:o");
    c.advance(1);
    const snapshot = c.snapshotFor(node.id);
    expect(tableMatches(node.state, snapshot)).toBe(true);
    const fromTable = processStatuses(node.state, snapshot);
    expect(fromTable).toEqual(computed(node.state, snapshot));
    expect(fromTable.map((s) => `${s.namespec} ${s.state} ${s.runningOn.length}`)).toEqual(["app:p RUNNING 1", "app:q RUNNING 1", "other:o RUNNING 2"]);
    const byApp = (name: string) => fromTable.filter((s) => s.application === name);
    expect(applicationStatuses(node.state, snapshot)).toEqual(["app", "other"].map((name) => applicationStatus(node.state.book, name, byApp(name))));
    // `other` is managed (it has rules): running on both instances is a conflict.
    expect(node.state.table.conflicts.size).toBe(1);
    expect(conflicts(node.state, snapshot).map((s) => s.namespec)).toEqual(["other:o"]);
  });

  test("a list the engine has not stepped over yet is computed from the snapshot, not read from the table", () => {
    const c = cluster();
    const node = c.node("a");
    const instance = c.instances.get(id("b"))!;
    instance.processes.set("late:x", { ...instance.processes.get("app:p")!, group: "late", name: "x" });
    instance.snapshot = { ...instance.snapshot, processes: new Map(instance.processes) };
    const snapshot = c.snapshotFor(node.id);
    expect(tableMatches(node.state, snapshot)).toBe(false);
    expect(processStatuses(node.state, snapshot).map((s) => s.namespec)).toEqual(["app:p", "app:q", "late:x", "other:o"]);
    expect(applicationStatuses(node.state, snapshot).map((s) => s.name)).toEqual(["app", "late", "other"]);
  });

  test("no conflict in the table: none listed", () => {
    const c = cluster();
    const node = c.node("a");
    c.startOutside("a", "other:o");
    c.advance(1);
    expect(conflicts(node.state, c.snapshotFor(node.id))).toEqual([]);
  });

  test("the lists handed out are copies: a caller sorting or cutting one does not change the next answer", () => {
    const c = cluster();
    const node = c.node("a");
    c.advance(1);
    const snapshot = c.snapshotFor(node.id);
    const first = processStatuses(node.state, snapshot);
    first.reverse().pop();
    expect(processStatuses(node.state, snapshot).map((s) => s.namespec)).toEqual(["app:p", "app:q", "other:o"]);
  });
});
