// The event interface's bodies carry Supvisors' exact keys (EVT-10..19), and the feed turns the
// node's publications into them in Supvisors' order.

import { describe, expect, test } from "bun:test";
import {
  applicationEvent,
  disabilityEvent,
  forcedStateEvent,
  processRemovalEvent,
  processStateEvent,
  processStatusEvent,
} from "../../../src/events/payloads.ts";
import { EventFeed } from "../../../src/node/event-feed.ts";
import type { ExternalEvent } from "../../../src/events/payloads.ts";
import type { ApplicationStatus } from "../../../src/control/model/application-status.ts";
import type { ProcessStatus } from "../../../src/control/model/synthesis.ts";
import type { ClusterState } from "../../../src/cluster/state.ts";
import { processInfo } from "../../support/process-info.ts";

const app: ApplicationStatus = { name: "web", managed: true, state: "RUNNING", majorFailure: false, minorFailure: true, operational: "Degraded" };
const proc: ProcessStatus = {
  application: "web",
  name: "db",
  namespec: "web:db",
  state: "RUNNING",
  expectedExit: true,
  lastEventMtime: 12.5,
  runningOn: ["b:9001"],
  configuredOn: ["a:9001", "b:9001"],
  extraArgs: "-x",
  forcedReason: "",
  disabled: false,
  crashed: false,
};

/** The body as a subscriber decodes it. */
const wire = (event: ExternalEvent) => JSON.parse(JSON.stringify(event.body)) as Record<string, unknown>;

describe("payloads", () => {
  test("EVT-12 application status keys, and DELETED with statecode 4", () => {
    expect(Object.keys(wire(applicationEvent(app, 7)))).toEqual([
      "application_name", "managed", "now_monotonic", "statecode", "statename", "major_failure", "minor_failure",
    ]);
    expect(wire(applicationEvent(app, 7))).toMatchObject({ statecode: 2, statename: "RUNNING", now_monotonic: 7, minor_failure: true });
    expect(wire(applicationEvent(app, 7, true))).toMatchObject({ statecode: 4, statename: "DELETED" });
  });

  test("EVT-13 process status keys, and DELETED with statecode -1", () => {
    const body = wire(processStatusEvent(proc, 8));
    expect(Object.keys(body)).toEqual([
      "application_name", "process_name", "now_monotonic", "statecode", "statename", "expected_exit", "last_event_mtime", "identifiers", "extra_args",
    ]);
    expect(body).toMatchObject({ statecode: 20, identifiers: ["b:9001"], last_event_mtime: 12.5, extra_args: "-x" });
    expect(wire(processStatusEvent(proc, 8, true))).toMatchObject({ statecode: -1, statename: "DELETED" });
  });

  test("EVT-14 process event keys: the struct's own fields are left out", () => {
    const info = processInfo("web", "db", "RUNNING", { now: 1000.5, now_monotonic: 55 });
    const body = wire(processStateEvent({ ...info, identifier: "b:9001", nick_identifier: "b", event_mtime: 60 }));
    expect(body).toEqual({
      identifier: "b:9001", nick_identifier: "b", group: "web", name: "db", state: 20, now: 1000.5, now_monotonic: 55,
      pid: 1234, expected: true, spawnerr: "", extra_args: "", disabled: false, event_mtime: 60,
    });
  });

  test("EVT-15 forced: no `disabled`, the reason in spawnerr, pid 0", () => {
    const body = wire(forcedStateEvent({
      identifier: "", nick: "", group: "web", name: "db", state: "FATAL", reason: "No resource available", extraArgs: "", now: 1000, nowMonotonic: 9, eventMtime: 12,
    }));
    expect(body).toEqual({
      identifier: "", nick_identifier: "", group: "web", name: "db", state: 200, now: 1000, now_monotonic: 9,
      pid: 0, expected: false, spawnerr: "No resource available", extra_args: "", event_mtime: 12,
    });
  });

  test("EVT-16 removal and EVT-17 disability", () => {
    expect(wire(processRemovalEvent("web", "worker_1"))).toEqual({ group: "web", name: "worker_1", state: -1 });
    const info = processInfo("web", "db", "STOPPED", { disabled: true });
    expect(wire(disabilityEvent(info))).toEqual(JSON.parse(JSON.stringify(info)));
  });
});

describe("EventFeed", () => {
  const state = {
    instances: new Map([
      ["b:9001", { identity: { identifier: "b:9001", nick: "b" }, processes: new Map([["web:db", processInfo("web", "db", "STARTING", { extra_args: "-v" })]]) }],
    ]),
  } as unknown as ClusterState;

  function feed() {
    const out: ExternalEvent[] = [];
    const f = new EventFeed({ emit: (e) => out.push(e), cluster: () => state, now: () => 42 });
    return { f, out };
  }

  test("cluster publications become events; lost instances add nothing of their own", () => {
    const { f, out } = feed();
    const info = processInfo("web", "db", "RUNNING");
    f.cluster({ topic: "event", body: { ...info, identifier: "b:9001", nick_identifier: "b", event_mtime: 1 } });
    f.cluster({ topic: "disability", body: { ...info, disabled: true, identifier: "b:9001", nick_identifier: "b", event_mtime: 1 } });
    f.cluster({ topic: "processRemoved", identifier: "b:9001", group: "web", name: "db" });
    f.cluster({ topic: "instanceLost", identifier: "b:9001", isolated: false, lostProcesses: [] });
    expect(out.map((e) => e.header)).toEqual(["event", "event", "event"]);
    expect("event_mtime" in out[1]!.body).toBe(false);
    expect(out[2]!.body).toEqual({ group: "web", name: "db", state: -1 });
  });

  test("processes loaded (handshake, full list) or set FATAL on a loss are not shown as events", () => {
    const { f, out } = feed();
    const body = { ...processInfo("web", "db", "FATAL"), identifier: "b:9001", nick_identifier: "b", event_mtime: 1 };
    f.cluster({ topic: "event", body, quiet: true });
    expect(out).toEqual([]);
  });

  test("a forced state names the instance with its nick and the process's extra arguments", () => {
    const { f, out } = feed();
    f.control({ topic: "forced", namespec: "web:db", state: "FATAL", reason: "still not RUNNING", identifier: "b:9001", at: 30, when: 1699999990 });
    // The forcing node's clocks, and this node's reception time.
    expect(out[0]!.body).toMatchObject({
      identifier: "b:9001", nick_identifier: "b", group: "web", name: "db", extra_args: "-v", now: 1699999990, now_monotonic: 30, event_mtime: 42,
    });
    f.control({ topic: "forced", namespec: "web:db", state: "STOPPED", reason: "x", identifier: "gone:1", at: 31, when: 1699999991 });
    expect(out[1]!.body).toMatchObject({ identifier: "", nick_identifier: "", state: 0 });
  });

  test("statuses and statistics keep their headers", () => {
    const { f, out } = feed();
    f.control({ topic: "process", status: proc });
    f.control({ topic: "application", status: app, deleted: true });
    f.stats({ kind: "host", stats: { identifier: "b:9001", now_monotonic: 1, target_period: 5, period: [0, 5], cpu: [1], mem: 2, net_io: {}, disk_io: {}, disk_usage: {} } });
    f.stats({ kind: "process", stats: { namespec: "web:db", identifier: "b:9001", pid: 4, now_monotonic: 1, target_period: 5, period: [0, 5], cpu: 1, mem: 2 } });
    expect(out.map((e) => e.header)).toEqual(["process", "application", "hstats", "pstats"]);
    expect(out[1]!.body).toMatchObject({ statename: "DELETED" });
  });
});
