// RPC-SV-23/28: test_start_application / test_start_process — the placement a start would make,
// with its faults; nothing is started and the engine state is left as it was.

import { describe, expect, test } from "bun:test";
import { testStartApplication, testStartProcess } from "../../../../src/control/engine/index.ts";
import { FakeCluster } from "./fake-cluster.ts";
import { application, programs, rules } from "./fixtures.ts";

const TEXT = rules(
  application("app", { start: 1 }, [
    { name: "p", start: 1, loading: 60 },
    { name: "q", start: 1, loading: 60 },
    { name: "w", start: 2, waitExit: true },
    { name: "z", start: 3, loading: 60, required: true },
    { name: "after", start: 4 },
    { name: "off" },
  ]),
);

function cluster() {
  return new FakeCluster({ instances: ["a", "b"], programs: [...programs("app", ["p", "q", "w", "z", "after", "off"]), { group: "misc", name: "m" }], rules: TEXT });
}

describe("RPC-SV-23 test_start_application", () => {
  test("each process planned with loads; wait_exit shown EXITED; a required one without resource ends the plan", () => {
    const c = cluster();
    const node = c.masterNode;
    const before = node.state;
    const plan = testStartApplication(node.state, c.snapshotFor(c.master), "LESS_LOADED", "app");
    expect(plan).toEqual([
      { application_name: "app", process_name: "after", state: "STOPPED", forced_reason: "", running_identifiers: [] },
      { application_name: "app", process_name: "p", state: "RUNNING", forced_reason: "", running_identifiers: ["a:9001"] },
      { application_name: "app", process_name: "q", state: "RUNNING", forced_reason: "", running_identifiers: ["b:9001"] },
      { application_name: "app", process_name: "w", state: "EXITED", forced_reason: "", running_identifiers: ["a:9001"] },
      { application_name: "app", process_name: "z", state: "FATAL", forced_reason: "No resource available", running_identifiers: [] },
    ]);
    expect(node.state).toBe(before);
    expect(c.trace.filter((t) => t.effect.type === "start")).toEqual([]);
  });

  test("faults", () => {
    const c = cluster();
    const ask = (name: string) => testStartApplication(c.masterNode.state, c.snapshotFor(c.master), "CONFIG", name);
    expect(ask("nope")).toEqual({ ok: false, fault: "BAD_NAME", detail: "application=nope unknown to Supvisors" });
    expect(ask("misc")).toEqual({ ok: false, fault: "NOT_MANAGED", detail: "misc" });
    c.startOutside("a", "app:off");
    c.advance(2);
    expect(ask("app")).toEqual({ ok: false, fault: "ALREADY_STARTED", detail: "app" });
    c.fsm = "CONCILIATION";
    expect(ask("app")).toMatchObject({ ok: false, fault: "BAD_SUPVISORS_STATE" });
  });
});

describe("RPC-SV-28 test_start_process", () => {
  test("one process, or every process of a group; ALREADY_STARTED; BAD_NAME", () => {
    const c = cluster();
    const ask = (namespec: string) => testStartProcess(c.masterNode.state, c.snapshotFor(c.master), "CONFIG", namespec);
    expect(ask("app:p")).toEqual([{ application_name: "app", process_name: "p", state: "RUNNING", forced_reason: "", running_identifiers: ["a:9001"] }]);
    expect((ask("app:*") as { process_name: string }[]).map((p) => p.process_name)).toEqual(["after", "off", "p", "q", "w", "z"]);
    expect(ask("app:nope")).toEqual({ ok: false, fault: "BAD_NAME", detail: "process=nope unknown in application=app" });
    c.startOutside("b", "app:p");
    c.advance(2);
    expect(ask("app:p")).toEqual({ ok: false, fault: "ALREADY_STARTED", detail: "app:p" });
  });
});
