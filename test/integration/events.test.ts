// The event interface with real subscribers (EVT-01..19): three compiled instances, alpha
// publishing through ZeroMQ (read by libzmq through python3-zmq, as Supvisors' Python client) and
// beta through a websocket; a process started, stopped, crashing, then its node killed. Both
// subscribers see every header, Supvisors' exact keys, and for each process its event before its
// status before its application's status.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startCluster, type Cluster } from "./cluster-fixture.ts";
import { freePorts, waitFor } from "./harness.ts";
import { pythonZmqMissing, wsSubscriber, zmqSubscriber, type ReceivedEvent, type Subscriber } from "./event-subscribers.ts";

const zmqMissing = pythonZmqMissing();
if (zmqMissing !== null) console.warn(`skipped: events with a ZeroMQ subscriber — ${zmqMissing}`);

const RULES = `<?xml version="1.0" encoding="UTF-8"?>
<root>
  <application name="svc">
    <programs>
      <program name="svc"><identifiers>gamma</identifiers></program>
      <program name="crash"><identifiers>gamma</identifiers></program>
    </programs>
  </application>
</root>
`;

const PROGRAMS = `
[group:svc]
programs = svc,crash

[program:svc]
command = sleep 1000
autostart = false
startsecs = 0

[program:crash]
command = sh -c 'sleep 1.5; exit 3'
autostart = false
startsecs = 1
autorestart = false
`;

/** Supvisors' keys per header (EVT-10..19); `event` has several shapes. */
const KEYS: Record<string, string[][]> = {
  supvisors: [["identifier", "nick_identifier", "now_monotonic", "fsm_statecode", "fsm_statename", "degraded_mode", "discovery_mode", "master_identifier", "starting_jobs", "stopping_jobs", "instance_states"]],
  instance: [["identifier", "nick_identifier", "node_name", "port", "statecode", "statename", "loading", "process_failure", "remote_sequence_counter", "remote_mtime", "remote_time", "local_sequence_counter", "local_mtime", "local_time"]],
  application: [["application_name", "managed", "now_monotonic", "statecode", "statename", "major_failure", "minor_failure"]],
  process: [["application_name", "process_name", "now_monotonic", "statecode", "statename", "expected_exit", "last_event_mtime", "identifiers", "extra_args"]],
  event: [
    ["identifier", "nick_identifier", "group", "name", "state", "now", "now_monotonic", "pid", "expected", "spawnerr", "extra_args", "disabled", "event_mtime"],
    ["identifier", "nick_identifier", "group", "name", "state", "now", "now_monotonic", "pid", "expected", "spawnerr", "extra_args", "event_mtime"],
    ["group", "name", "state"],
  ],
  hstats: [["identifier", "now_monotonic", "target_period", "period", "cpu", "mem", "net_io", "disk_io", "disk_usage"]],
  pstats: [["namespec", "identifier", "pid", "now_monotonic", "target_period", "period", "cpu", "mem"]],
};

const sorted = (keys: string[]) => [...keys].sort().join(",");

function aboutProcess(e: ReceivedEvent, group: string, name: string): boolean {
  if (e.header === "event") return e.body.group === group && e.body.name === name;
  if (e.header === "process") return e.body.application_name === group && e.body.process_name === name;
  return false;
}

/** The statenames of a process's status messages, consecutive repeats folded. */
function statusTrail(events: ReceivedEvent[], group: string, name: string): string[] {
  const names = events.filter((e) => e.header === "process" && aboutProcess(e, group, name)).map((e) => String(e.body.statename));
  const folded = names.filter((n, i) => n !== names[i - 1]);
  // A status published while the subscriber joined may come first.
  return folded[0] === "STOPPED" ? folded.slice(1) : folded;
}

describe.skipIf(zmqMissing !== null)("event interface with real subscribers", () => {
  let cluster: Cluster;
  let zmq: Subscriber;
  let ws: Subscriber;
  let wsFiltered: Subscriber;
  let eventPorts: number[];

  beforeAll(async () => {
    eventPorts = await freePorts(3);
    cluster = await startCluster({
      name: "events",
      nicks: ["alpha", "beta", "gamma"],
      rules: RULES,
      programs: () => PROGRAMS,
      supvisors: ({ index }) =>
        `event_link = ${index === 1 ? "WS" : "ZMQ"}\nevent_port = ${eventPorts[index]}\n` +
        "stats_enabled = true\nstats_collecting_period = 1\nstats_periods = 1\n",
    });
    await cluster.operation();
    zmq = await zmqSubscriber(eventPorts[0]!);
    ws = await waitFor("beta's websocket server", () => wsSubscriber(eventPorts[1]!).catch(() => null));
    wsFiltered = await wsSubscriber(eventPorts[1]!, "process/event/nonsense");
    // The SUB subscription reaches the publisher a moment after connecting: wait for a first message.
    await zmq.waitFor("a first message through ZeroMQ", () => true);
    await ws.waitFor("a first message through the websocket", () => true);
  }, 60_000);

  afterAll(async () => {
    zmq?.close();
    ws?.close();
    wsFiltered?.close();
    await cluster?.stop();
  });

  test("start, stop, crash and node loss reach both subscribers in order, with Supvisors' keys", async () => {
    const alpha = cluster.node("alpha");
    const gamma = cluster.node("gamma");
    const start = zmq.events.length;
    expect(await alpha.rpc.call("supvisors.start_process", "CONFIG", "svc:svc", "", true)).toBe(true);
    expect(await alpha.rpc.call("supvisors.stop_process", "svc:svc", true)).toBe(true);
    expect(await alpha.rpc.call("supvisors.start_process", "CONFIG", "svc:crash", "", true)).toBe(true);
    for (const sub of [zmq, ws]) {
      await sub.waitFor("svc:crash EXITED unexpectedly", (e) => e.header === "event" && e.body.name === "crash" && e.body.state === 100 && e.body.expected === false);
    }
    expect(await alpha.rpc.call("supvisors.start_process", "CONFIG", "svc:svc", "", true)).toBe(true);
    const runningSvc = (e: ReceivedEvent) => e.header === "event" && e.body.name === "svc" && e.body.state === 20;
    for (const sub of [zmq, ws]) await waitFor("svc:svc RUNNING again", () => sub.events.filter(runningSvc).length >= 2);
    gamma.daemon.child.kill("SIGKILL");
    for (const sub of [zmq, ws]) {
      await sub.waitFor("gamma lost", (e) => e.header === "instance" && e.body.identifier === gamma.identifier && ["SILENT", "FAILED", "ISOLATED"].includes(String(e.body.statename)));
      await sub.waitFor("svc:svc FATAL after the loss", (e) => e.header === "process" && e.body.process_name === "svc" && e.body.statename === "FATAL");
      await sub.waitFor("host statistics", (e) => e.header === "hstats");
      await sub.waitFor("process statistics", (e) => e.header === "pstats");
    }

    for (const [name, sub] of [["zmq", zmq], ["ws", ws]] as const) {
      const events = name === "zmq" ? sub.events.slice(start) : sub.events;
      // Every header, each body with one of its header's key sets.
      expect(new Set(sub.events.map((e) => e.header))).toEqual(new Set(Object.keys(KEYS)));
      for (const e of sub.events) {
        const allowed = KEYS[e.header]!.map(sorted);
        if (!allowed.includes(sorted(Object.keys(e.body)))) throw new Error(`${name}: ${e.header} with keys ${Object.keys(e.body).join(",")}`);
      }
      expect(statusTrail(events, "svc", "svc")).toEqual(["STARTING", "RUNNING", "STOPPING", "STOPPED", "STARTING", "RUNNING", "FATAL"]);
      expect(statusTrail(events, "svc", "crash")).toEqual(["STARTING", "RUNNING", "EXITED"]);
      // Per process: each status follows an event about it — until gamma is lost: Supvisors then
      // publishes the statuses of what ran there, with no event (EVT-13).
      const lostAt = events.findIndex((e) => e.header === "instance" && e.body.identifier === gamma.identifier && e.body.statename !== "RUNNING");
      expect(lostAt).toBeGreaterThan(0);
      expect(events.slice(lostAt).some((e) => e.header === "event" && e.body.identifier === gamma.identifier)).toBe(false);
      for (const proc of ["svc", "crash"]) {
        const trail = events.slice(0, lostAt).filter((e) => aboutProcess(e, "svc", proc) || (e.header === "application" && e.body.application_name === "svc"));
        let sawEvent = false;
        for (const e of trail) {
          if (e.header === "event" && aboutProcess(e, "svc", proc)) sawEvent = true;
          if (e.header === "process" && aboutProcess(e, "svc", proc)) {
            expect(sawEvent).toBe(true);
            sawEvent = false;
          }
        }
      }
      // Every process status is followed by its application's (EVT-12, after each process event;
      // the statuses of several processes changed at once share one).
      const svcStatuses = events.filter((e) => (e.header === "process" || e.header === "application") && e.body.application_name === "svc");
      svcStatuses.forEach((e, i) => {
        const next = svcStatuses.slice(i + 1).find((n) => n.header === "application" || n.body.process_name === e.body.process_name);
        if (e.header === "process" && next?.header !== "application") throw new Error(`${name}: no application status after ${JSON.stringify(e.body)}`);
      });
      const apps = events.filter((e) => e.header === "application" && e.body.application_name === "svc").map((e) => String(e.body.statename));
      expect(apps).toEqual(expect.arrayContaining(["STARTING", "RUNNING", "STOPPING", "STOPPED"]));
      // The events of gamma's processes came from gamma, seen from alpha or beta alike (EVT-05).
      const crashed = events.find((e) => e.header === "event" && e.body.name === "crash" && e.body.state === 100)!;
      expect(crashed.body).toMatchObject({ identifier: gamma.identifier, nick_identifier: "gamma", group: "svc", expected: false });
      const hostIds = new Set(sub.events.filter((e) => e.header === "hstats").map((e) => e.body.identifier));
      expect(hostIds.has(cluster.node("alpha").identifier) && hostIds.has(cluster.node("beta").identifier)).toBe(true);
    }
  }, 60_000);

  test("websocket path segments select headers; unknown segments are ignored", async () => {
    await wsFiltered.waitFor("a process status", (e) => e.header === "process");
    expect(new Set(wsFiltered.events.map((e) => e.header))).toEqual(new Set(["process", "event"]));
  });

  test("ZeroMQ prefix subscriptions filter on the header", async () => {
    const only = await zmqSubscriber(eventPorts[0]!, ["inst"]);
    try {
      await only.waitFor("an instance status", (e) => e.header === "instance");
      expect(new Set(only.events.map((e) => e.header))).toEqual(new Set(["instance"]));
    } finally {
      only.close();
    }
  });
});
