// EventListeners over a LocalSupervisor on the process fakes: which events fire when, in which
// order, with which serials, and how listener processes are fed — start-up, crashes, output,
// capture mode, rejection, a listener dying while busy, groups and Supvisors' process events.

import { describe, expect, test } from "bun:test";
import type { FakeChild, FakeSpawner } from "../process/fakes.ts";
import { flush } from "../supervisor-dynamic/helpers.ts";
import { envelopes, eventNames, group, listenerGroup, listenerRig, processConfig } from "./helpers.ts";

function childOf(spawner: FakeSpawner, name: string): FakeChild {
  const child = spawner.children.filter((c) => c.req.env.SUPERVISOR_PROCESS_NAME === name).at(-1);
  if (!child) throw new Error(`${name} was not spawned`);
  return child;
}

const web = (over = {}) => group("web", [processConfig({ name: "web", programName: "web", command: "/bin/sleep 100", startsecs: 0, ...over })]);

describe("start-up", () => {
  test("groups added, daemon running, processes starting: in supervisord's order and serials", () => {
    const { sup, listeners, spawner } = listenerRig([web(), listenerGroup("rec", ["EVENT"])]);
    listeners.daemonRunning();
    sup.start();
    const rec = childOf(spawner, "rec");
    rec.stdout("READY\n");
    while (listeners.pool("rec")!.listenerState("rec") === "BUSY") rec.stdout("RESULT 2\nOKREADY\n");
    const running = (name: string) => {
      const payload = `processname:${name} groupname:${name} from_state:STARTING pid:${childOf(spawner, name).pid}`;
      return `eventname:PROCESS_STATE_RUNNING len:${payload.length} | ${payload}`;
    };
    expect(envelopes(rec.stdin).map((e) => `${e.header} | ${e.payload}`)).toEqual([
      "ver:3.0 server:supervisor serial:0 pool:rec poolserial:0 eventname:PROCESS_GROUP_ADDED len:14 | groupname:rec\n",
      "ver:3.0 server:supervisor serial:1 pool:rec poolserial:1 eventname:PROCESS_GROUP_ADDED len:14 | groupname:web\n",
      "ver:3.0 server:supervisor serial:2 pool:rec poolserial:2 eventname:SUPERVISOR_STATE_CHANGE_RUNNING len:0 | ",
      "ver:3.0 server:supervisor serial:3 pool:rec poolserial:3 eventname:PROCESS_STATE_STARTING len:56 | processname:rec groupname:rec from_state:STOPPED tries:0",
      `ver:3.0 server:supervisor serial:4 pool:rec poolserial:4 ${running("rec")}`,
      "ver:3.0 server:supervisor serial:5 pool:rec poolserial:5 eventname:PROCESS_STATE_STARTING len:56 | processname:web groupname:web from_state:STOPPED tries:0",
      `ver:3.0 server:supervisor serial:6 pool:rec poolserial:6 ${running("web")}`,
    ]);
  });

  test("a listener is sent nothing before it says READY, nor after garbage", () => {
    const { sup, listeners, spawner, logs } = listenerRig([listenerGroup("rec", ["REMOTE_COMMUNICATION"])]);
    listeners.daemonRunning();
    sup.start();
    const rec = childOf(spawner, "rec");
    listeners.remoteCommunication("t", "one");
    expect(rec.stdin).toEqual([]);
    rec.stdout("HELLO\n");
    listeners.remoteCommunication("t", "two");
    expect(rec.stdin).toEqual([]);
    expect(logs).toContain(
      "warn rec: has entered the UNKNOWN state and will no longer receive events, this usually indicates the process violated the eventlistener protocol",
    );
    expect(sup.process("rec").info(0).statename).toBe("RUNNING");
    expect(listeners.pool("rec")!.buffered.length).toBe(2);
  });
});

/** A pool `rec` subscribed to `events`, READY, with everything before the test's events answered. */
function readyRig(events: string[], groups = [web()]) {
  const rig = listenerRig([...groups, listenerGroup("rec", events)]);
  rig.listeners.daemonRunning();
  rig.sup.start();
  const rec = childOf(rig.spawner, "rec");
  rec.stdout("READY\n");
  while (rig.listeners.pool("rec")!.listenerState("rec") === "BUSY") rec.stdout("RESULT 2\nOKREADY\n");
  const seen = rec.stdin.length;
  /** Answers OK to everything and returns what arrived since the start. */
  const received = (): { header: string; payload: string }[] => {
    while (rig.listeners.pool("rec")!.listenerState("rec") === "BUSY") rec.stdout("RESULT 2\nOKREADY\n");
    return envelopes(rec.stdin.slice(seen));
  };
  return { ...rig, rec, received };
}

describe("process events", () => {
  test("a crash: EXITED not expected, with the pid that ended; then the restart", () => {
    const { spawner, received } = readyRig(["PROCESS_STATE"]);
    const child = childOf(spawner, "web");
    child.exit(3);
    expect(received().map((e) => e.payload)).toEqual([
      `processname:web groupname:web from_state:RUNNING expected:0 pid:${child.pid}`,
      "processname:web groupname:web from_state:EXITED tries:0",
      `processname:web groupname:web from_state:STARTING pid:${childOf(spawner, "web").pid}`,
    ]);
  });

  test("a stop: STOPPING then STOPPED, both with the pid", () => {
    const { sup, spawner, received } = readyRig(["PROCESS_STATE_STOPPING", "PROCESS_STATE_STOPPED"]);
    const child = childOf(spawner, "web");
    sup.process("web").runner.stop();
    child.exit(null, "SIGTERM");
    expect(received().map((e) => `${/eventname:(\S+)/.exec(e.header)![1]} ${e.payload}`)).toEqual([
      `PROCESS_STATE_STOPPING processname:web groupname:web from_state:RUNNING pid:${child.pid}`,
      `PROCESS_STATE_STOPPED processname:web groupname:web from_state:STOPPING pid:${child.pid}`,
    ]);
  });

  test("log events when enabled, capture mode communication, nothing for a channel without events", () => {
    const events = { logfile: { kind: "none" as const }, maxbytes: 0, backups: 0, syslog: false };
    const chatty = web({
      stdout: { ...events, captureMaxbytes: 1024, eventsEnabled: true },
      stderr: { ...events, captureMaxbytes: 0, eventsEnabled: false },
    });
    const { spawner, received } = readyRig(["PROCESS_LOG", "PROCESS_COMMUNICATION"], [chatty]);
    const child = childOf(spawner, "web");
    child.stdout("hello out, a long enough line\n");
    child.stderr("hello err\n");
    child.stdout("<!--XSUPERVISOR:BEGIN-->captured data<!--XSUPERVISOR:END-->");
    expect(received().map((e) => `${/eventname:(\S+)/.exec(e.header)![1]} ${e.payload}`)).toEqual([
      `PROCESS_LOG_STDOUT processname:web groupname:web pid:${child.pid} channel:stdout\nhello out, a long enough line\n`,
      `PROCESS_LOG_STDOUT processname:web groupname:web pid:${child.pid} channel:stdout\ncaptured data`,
      `PROCESS_COMMUNICATION_STDOUT processname:web groupname:web pid:${child.pid}\ncaptured data`,
    ]);
  });

  test("a listener's own stderr may make events; its stdout never does", () => {
    const { rig, rec } = (() => {
      const rig = listenerRig([
        {
          ...listenerGroup("rec", ["PROCESS_LOG"]),
          processes: [
            processConfig({
              name: "rec",
              programName: "rec",
              command: "/bin/cat",
              startsecs: 0,
              stdout: { logfile: { kind: "none" }, maxbytes: 0, backups: 0, syslog: false, captureMaxbytes: 0, eventsEnabled: true },
              stderr: { logfile: { kind: "none" }, maxbytes: 0, backups: 0, syslog: false, captureMaxbytes: 0, eventsEnabled: true },
            }),
          ],
        },
      ]);
      rig.listeners.daemonRunning();
      rig.sup.start();
      return { rig, rec: childOf(rig.spawner, "rec") };
    })();
    rec.stdout("READY\n");
    rec.stderr("debug text\n");
    expect(eventNames(rec.stdin)).toEqual(["PROCESS_LOG_STDERR"]);
    expect(rig.listeners.pool("rec")!.buffered).toEqual([]);
  });
});

describe("rejection and listener deaths", () => {
  test("FAIL: the same envelope comes again", () => {
    const { listeners, rec } = readyRig(["REMOTE_COMMUNICATION"]);
    const before = rec.stdin.length;
    listeners.remoteCommunication("t", "data");
    rec.stdout("RESULT 4\nFAILREADY\n");
    expect(rec.stdin.slice(before)).toEqual([rec.stdin[before]!, rec.stdin[before]!]);
  });

  test("a listener killed while busy gets the event again once respawned, ahead of its own state events", () => {
    const { listeners, rec, spawner } = readyRig(["REMOTE_COMMUNICATION", "PROCESS_STATE"]);
    listeners.remoteCommunication("t", "data");
    const sent = rec.stdin.at(-1)!;
    rec.exit(-1, "SIGKILL");
    const again = childOf(spawner, "rec");
    expect(again).not.toBe(rec);
    expect(again.stdin).toEqual([]);
    again.stdout("READY\n");
    expect(again.stdin[0]).toBe(sent);
    while (listeners.pool("rec")!.listenerState("rec") === "BUSY") again.stdout("RESULT 2\nOKREADY\n");
    expect(eventNames(again.stdin)).toEqual([
      "REMOTE_COMMUNICATION",
      "PROCESS_STATE_EXITED",
      "PROCESS_STATE_STARTING",
      "PROCESS_STATE_RUNNING",
    ]);
  });

  test("a listener killed while busy with a full buffer: its event is kept, the oldest queued ones go (as on a real supervisord)", () => {
    // Measured on supervisord 4.2.5 with buffer_size=3: event 0 unanswered, 1..3 queued, the
    // listener SIGKILLed; its EXITED event (4) is queued first, then event 0 is put back at the
    // head: events 1 and 2 are discarded, and the restarted listener gets 0, 3, 4.
    const rec = processConfig({ name: "rec", programName: "rec", command: "/bin/cat", startsecs: 0, autorestart: "false" });
    const rig = listenerRig([listenerGroup("rec", ["REMOTE_COMMUNICATION", "PROCESS_STATE_EXITED"], [rec], 3)]);
    rig.listeners.daemonRunning();
    rig.sup.start();
    const child = childOf(rig.spawner, "rec");
    child.stdout("READY\n");
    for (const data of ["hang", "a", "b", "c"]) rig.listeners.remoteCommunication("t", data);
    expect(eventNames(child.stdin)).toEqual(["REMOTE_COMMUNICATION"]);
    child.exit(-1, "SIGKILL");
    const pool = rig.listeners.pool("rec")!;
    expect(pool.buffered.map((e) => e.serial)).toEqual([0, 3, 4]);
    expect(rig.logs.filter((l) => l.startsWith("error"))).toEqual([
      "error pool rec event buffer overflowed, discarding event 1",
      "error pool rec event buffer overflowed, discarding event 2",
    ]);
  });
});

describe("groups and Supvisors' process events", () => {
  test("addProcessGroup / removeProcessGroup; a new pool hears its own ADDED", () => {
    const extra = group("extra", [processConfig({ name: "extra", programName: "extra", command: "/bin/sleep 1", autostart: false })]);
    const late = listenerGroup("late", ["PROCESS_GROUP"]);
    const { sup, spawner, received } = readyRig(["PROCESS_GROUP"]);
    sup.setConfigured([...sup.configured(), extra, late]);
    sup.addGroup("extra");
    sup.removeGroup("extra");
    sup.addGroup("late");
    expect(received().map((e) => e.header.replace(/ len:\d+/, "") + " " + e.payload.trim())).toEqual([
      // Serials 0 and 1 went to the start-up ADDED events of rec and web.
      "ver:3.0 server:supervisor serial:2 pool:rec poolserial:2 eventname:PROCESS_GROUP_ADDED groupname:extra",
      "ver:3.0 server:supervisor serial:3 pool:rec poolserial:3 eventname:PROCESS_GROUP_REMOVED groupname:extra",
      "ver:3.0 server:supervisor serial:4 pool:rec poolserial:4 eventname:PROCESS_GROUP_ADDED groupname:late",
    ]);
    const lateChild = childOf(spawner, "late");
    lateChild.stdout("READY\n");
    expect(envelopes(lateChild.stdin)[0]!.header).toBe(
      "ver:3.0 server:supervisor serial:4 pool:late poolserial:0 eventname:PROCESS_GROUP_ADDED len:15",
    );
  });

  test("disable, enable and numprocs changes fire PROCESS_DISABLED / ENABLED / ADDED / REMOVED", async () => {
    const two = group("web", [0, 1].map((n) => processConfig({ name: `web_${n}`, programName: "web", processNum: n, command: "/bin/sleep 100", startsecs: 0 })));
    const { sup, spawner, received } = readyRig(["PROCESS"], [two]);
    sup.disableProgram("web");
    for (const n of [0, 1]) childOf(spawner, `web_${n}`).exit(null, "SIGTERM");
    sup.enableProgram("web");
    sup.updateNumprocs("web", 3);
    sup.updateNumprocs("web", 2);
    for (const n of [2]) childOf(spawner, `web_${n}`).exit(null, "SIGTERM");
    const got = received().map((e) => `${/eventname:(\S+)/.exec(e.header)![1]} ${JSON.stringify(e.payload)}`);
    expect(got.slice(0, 5)).toEqual([
      'PROCESS_DISABLED "processname:web_0 groupname:web "',
      'PROCESS_DISABLED "processname:web_1 groupname:web "',
      'PROCESS_ENABLED "processname:web_0 groupname:web "',
      'PROCESS_ENABLED "processname:web_1 groupname:web "',
      'PROCESS_ADDED "processname:web_2 groupname:web "',
    ]);
    // The decrease stops web_2; it is removed once stopped (after the runner's step).
    await flush();
    expect(received().slice(5).map((e) => e.payload)).toEqual(["processname:web_2 groupname:web "]);
  });
});

test("PROCESS_ENABLED comes before the autorestart that enabling allows", () => {
  const { sup, spawner, received } = readyRig(["PROCESS_ENABLED", "PROCESS_STATE_STARTING"]);
  const entry = sup.process("web");
  entry.setDisabled(true);
  childOf(spawner, "web").exit(1);
  expect(entry.info(0).statename).toBe("EXITED");
  sup.enableProgram("web");
  expect(received().map((e) => /eventname:(\S+)/.exec(e.header)![1])).toEqual(["PROCESS_ENABLED", "PROCESS_STATE_STARTING"]);
});

describe("ticks and daemon states", () => {
  test("TICK_5 on the boundaries once the daemon runs; SUPERVISOR_STATE_CHANGE_STOPPING; dispose stops all", () => {
    const { listeners, clock, received } = readyRig(["TICK_5", "SUPERVISOR_STATE_CHANGE_STOPPING"]);
    clock.advance(2_000);
    clock.advance(5_000);
    listeners.daemonStopping();
    expect(received().map((e) => `${/eventname:(\S+)/.exec(e.header)![1]} ${e.payload}`)).toEqual([
      "TICK_5 when:1795574590",
      "TICK_5 when:1795574595",
      "SUPERVISOR_STATE_CHANGE_STOPPING ",
    ]);
    // The tick timer is the one timer dispose() cancels: one fewer, and none re-armed later.
    const pending = clock.pendingTimers;
    listeners.dispose();
    expect(clock.pendingTimers).toBe(pending - 1);
    clock.advance(60_000);
    expect(clock.pendingTimers).toBe(pending - 1);
    expect(listeners.pool("rec")).toBeUndefined();
  });
});
