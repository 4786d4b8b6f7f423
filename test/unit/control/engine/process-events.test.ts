// processEvents (a handshake's whole list at once) against one processEvent per process: the same
// table, the same statuses published, the same forced states cleared, in one step.

import { describe, expect, test } from "bun:test";
import { controlStep, processStatuses, type ControlEffect, type ControlInput } from "../../../../src/control/engine/index.ts";
import type { ControlState } from "../../../../src/control/engine/state.ts";
import type { ProcessInfo } from "../../../../src/cluster/messages.ts";
import type { ClusterSnapshot } from "../../../../src/control/model/snapshot.ts";
import { ProcessStates } from "../../../../src/process/states.ts";
import { FakeCluster, id } from "./fake-cluster.ts";
import { application, programs, rules } from "./fixtures.ts";

const NAMES = ["p", "q", "r", "s"];
const TEXT = rules(application("app", {}, NAMES.map((name) => ({ name }))));

/** A cluster whose instance b has just reported all its processes RUNNING, with no event sent yet. */
function scene(): { state: ControlState; snapshot: ClusterSnapshot; events: { identifier: string; info: ProcessInfo }[] } {
  const c = new FakeCluster({ instances: ["a", "b"], programs: programs("app", NAMES), rules: TEXT });
  c.advance(1);
  const instance = c.instances.get(id("b"))!;
  const events = NAMES.map((name) => {
    const info: ProcessInfo = { ...instance.processes.get(`app:${name}`)!, state: ProcessStates.RUNNING, statename: "RUNNING", now_monotonic: 1 };
    instance.processes.set(`app:${name}`, info);
    return { identifier: id("b"), info };
  });
  instance.snapshot = { ...instance.snapshot, processes: new Map(instance.processes) };
  return { state: c.node("a").state, snapshot: c.snapshotFor(id("a")), events };
}

function published(effects: ControlEffect[]): string[] {
  return effects.flatMap((e) => (e.type === "publish" && e.topic === "process" ? [`${e.status.namespec} ${e.status.state}`] : [])).sort();
}

describe("processEvents", () => {
  test("one step for the whole list gives the table and publications of one step per event", () => {
    const { state, snapshot, events } = scene();
    let one = state;
    const oneByOne: ControlEffect[] = [];
    for (const { identifier, info } of events) {
      const result = controlStep(one, snapshot, { type: "processEvent", identifier, info }, 2);
      one = result.state;
      oneByOne.push(...result.effects);
    }
    const batch = controlStep(state, snapshot, { type: "processEvents", events } as ControlInput, 2);
    expect(processStatuses(batch.state, snapshot)).toEqual(processStatuses(one, snapshot));
    expect(processStatuses(batch.state, snapshot).map((s) => s.state)).toEqual(["RUNNING", "RUNNING", "RUNNING", "RUNNING"]);
    expect(published(batch.effects)).toEqual(published(oneByOne).filter((line, i, all) => all.indexOf(line) === i));
    const times = (s: ControlState) => JSON.stringify([...s.table.applications.get("app")!.eventTimes].map(([k, m]) => [k, [...m]]));
    expect(times(batch.state)).toBe(times(one));
    // The application's status goes out once for the batch, not once per process.
    expect(batch.effects.filter((e) => e.type === "publish" && e.topic === "application")).toHaveLength(1);
  });

  test("a real event clears the forced state of its process, in a batch as alone", () => {
    const { state, snapshot, events } = scene();
    const forcing = controlStep(state, snapshot, { type: "forced", namespec: "app:q", state: "FATAL", reason: "start timed out", identifier: id("b") }, 1.5);
    expect(forcing.state.table.applications.get("app")!.forced.has("app:q")).toBe(true);
    const batch = controlStep(forcing.state, snapshot, { type: "processEvents", events }, 2);
    expect(batch.state.table.applications.get("app")!.forced.size).toBe(0);
    expect(processStatuses(batch.state, snapshot).find((s) => s.namespec === "app:q")!.state).toBe("RUNNING");
  });
});
