// The engine as a value: a step never alters the state it was given; publications for what changed
// (every process status followed by its application's, and DELETED for what vanished); the view only when it changes; processes
// learnt without events (a handshake's list) indexed all the same; the queries.

import { describe, expect, test } from "bun:test";
import {
  applicationStatuses,
  controlStep,
  jobsOf,
  processStatusOf,
  processStatuses,
  type ControlEffect,
  type ControlState,
} from "../../../../src/control/engine/index.ts";
import { FakeCluster, id } from "./fake-cluster.ts";
import { application, effectsOf, programs, rules } from "./fixtures.ts";

const TEXT = rules(application("app", { start: 1 }, [{ name: "p", start: 1 }, { name: "q", start: 2 }]), application("other", {}, [{ name: "o" }]));

function cluster() {
  return new FakeCluster({ instances: ["a", "b"], programs: [...programs("app", ["p", "q"]), { group: "other", name: "o" }], rules: TEXT });
}

/** A deep, order-preserving text of a state (Maps and Sets included, the rules book left out). */
function dump(state: ControlState): string {
  return JSON.stringify({ ...state, book: null }, (_key, value) => {
    if (value instanceof Map) return { map: [...value.entries()] };
    if (value instanceof Set) return { set: [...value] };
    return value;
  });
}

describe("copy on write", () => {
  test("no step alters the state it received", () => {
    const c = cluster();
    const seen: [ControlState, string][] = [];
    c.checks.push((_cluster, node) => seen.push([node.state, dump(node.state)]));
    c.request("a", { kind: "startApplication", strategy: "CONFIG", application: "app", wait: true });
    c.advance(3);
    c.lose("b");
    c.advance(3);
    for (const [state, text] of seen) expect(dump(state)).toBe(text);
    expect(seen.length).toBeGreaterThan(10);
  });
});

describe("publications", () => {
  test("a process event publishes that process and its application, nothing else", () => {
    const c = cluster();
    c.trace.length = 0;
    c.startOutside("a", "app:p");
    const published = effectsOf(c, "publish").filter((e) => e.node === id("a"));
    expect(published.map((e) => (e.topic === "process" ? e.status.namespec : `app ${e.status.name} ${e.status.state}`))).toEqual([
      "app:p",
      "app app STARTING",
    ]);
    c.trace.length = 0;
    c.advance(0.5);
    expect(effectsOf(c, "publish")).toEqual([]);
  });

  test("EVT-12: every process event is followed by its application's status, changed or not", () => {
    const c = cluster();
    c.startOutside("a", "app:p");
    c.advance(3);
    c.trace.length = 0;
    // The same state again (a stdout-only change, say): the application stays as it was.
    c.setState(id("a"), "app:p", "RUNNING", { description: "again" });
    const published = effectsOf(c, "publish").filter((e) => e.node === id("a"));
    expect(published.map((e) => e.topic)).toEqual(["process", "application"]);
  });

  test("the last process of an application removed: DELETED, then forgotten", () => {
    const c = cluster();
    const node = c.node("a");
    c.instances.get(id("a"))!.processes.delete("other:o");
    c.instances.get(id("b"))!.processes.delete("other:o");
    for (const nick of ["a", "b"]) {
      const instance = c.instances.get(id(nick))!;
      instance.snapshot = { ...instance.snapshot, processes: new Map(instance.processes) };
    }
    c.trace.length = 0;
    c.deliver(node, { type: "processRemoved", identifier: id("a"), namespec: "other:o" });
    const apps = effectsOf(c, "publish").filter((e) => e.topic === "application");
    expect(apps.map((e) => [e.status.name, "deleted" in e ? e.deleted : undefined])).toEqual([["other", true]]);
    // EVT-13: the process configured nowhere any more gets a last status before the application's.
    const processes = effectsOf(c, "publish").filter((e) => e.topic === "process");
    expect(processes.map((e) => [e.status.namespec, "deleted" in e ? e.deleted : undefined])).toEqual([["other:o", true]]);
    expect(node.state.table.applications.has("other")).toBe(false);
  });

  test("processes learnt without events are indexed and published on the next input", () => {
    const c = cluster();
    const instance = c.instances.get(id("b"))!;
    instance.processes.set("late:x", { ...instance.processes.get("app:p")!, group: "late", name: "x" });
    instance.snapshot = { ...instance.snapshot, processes: new Map(instance.processes) };
    c.trace.length = 0;
    c.advance(1);
    const names = effectsOf(c, "publish").filter((e) => e.node === id("a") && e.topic === "process").map((e) => (e.topic === "process" ? e.status.namespec : ""));
    expect(names).toEqual(["late:x"]);
  });
});

describe("view", () => {
  test("emitted when starting / stopping / conflicting change, not otherwise", () => {
    const c = cluster();
    const views = () => effectsOf(c, "view").filter((e) => e.node === id("a")).map((e) => `${e.startingJobs} ${e.stoppingJobs} ${e.conflicting}`);
    c.request("a", { kind: "startApplication", strategy: "CONFIG", application: "app", wait: false });
    c.advance(5);
    c.request("a", { kind: "stopApplication", application: "app", wait: false });
    c.advance(5);
    expect(views()).toEqual(["true false false", "false false false", "false true false", "false false false"]);
  });
});

describe("queries", () => {
  test("statuses with forced states applied, application statuses, job progress", () => {
    const c = new FakeCluster({ instances: ["a"], programs: [...programs("app", ["p", "q"], { startsecs: 3 }), { group: "other", name: "o", behaviour: { kind: "silent" } }], rules: TEXT });
    c.request("a", { kind: "startApplication", strategy: "CONFIG", application: "app", wait: false });
    c.request("a", { kind: "startProcess", strategy: "CONFIG", namespec: "other:o", extraArgs: "", wait: false });
    const node = c.node("a");
    const snapshot = () => c.snapshotFor(node.id);
    // One application rank at a time: other (rank 0) waits for app (rank 1), already under way.
    expect(jobsOf(node.state)).toEqual({
      starting: true,
      stopping: false,
      applications: [
        { application: "app", kind: "start", done: 0, total: 2, waitingOn: ["app:p"] },
        { application: "other", kind: "start", done: 0, total: 1, waitingOn: [] },
      ],
    });
    c.advance(3.5);
    expect(jobsOf(node.state).applications[0]).toEqual({ application: "app", kind: "start", done: 1, total: 2, waitingOn: ["app:q"] });
    c.advance(6);
    expect(processStatusOf(node.state, snapshot(), "other:o")).toMatchObject({ state: "FATAL", forcedReason: "process STARTING event not received in time" });
    expect(processStatuses(node.state, snapshot()).map((s) => `${s.namespec} ${s.state}`)).toEqual(["app:p RUNNING", "app:q RUNNING", "other:o FATAL"]);
    expect(applicationStatuses(node.state, snapshot()).map((s) => `${s.name} ${s.state}`)).toEqual(["app RUNNING", "other STOPPED"]);
    expect(jobsOf(node.state)).toEqual({ starting: false, stopping: false, applications: [] });
  });

  test("a state handed to controlStep twice gives the same result (determinism)", () => {
    const c = cluster();
    const node = c.node("a");
    const input = { type: "request" as const, id: 99, request: { kind: "startApplication" as const, strategy: "CONFIG" as const, application: "app", wait: false } };
    const one = controlStep(node.state, c.snapshotFor(node.id), input, 5);
    const two = controlStep(node.state, c.snapshotFor(node.id), input, 5);
    const text = (effects: ControlEffect[]) => JSON.stringify(effects);
    expect(text(one.effects)).toBe(text(two.effects));
    expect(dump(one.state)).toBe(dump(two.state));
  });
});
