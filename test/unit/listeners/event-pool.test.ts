// Pools and the hub (EVT-SUP-02/03): global and pool serials, buffer overflow dropping the oldest
// with supervisord's error line, rejected events sent again with the same serials, events kept
// for listeners that are not RUNNING or not READY, and stdin failures.

import { describe, expect, test } from "bun:test";
import { EventPool, MAX_SERIAL, nextSerialAfter, PooledEvent } from "../../../src/events/listeners/event-pool.ts";
import type { EventTypeName } from "../../../src/events/listeners/event-types.ts";
import { ListenerHub } from "../../../src/events/listeners/listener-hub.ts";
import { remoteCommunicationEvent, tickEvent } from "../../../src/events/listeners/payloads.ts";
import { bytes, MemoryMember } from "./helpers.ts";

interface PoolRig {
  hub: ListenerHub;
  pool: EventPool;
  members: MemoryMember[];
  logs: string[];
}

function poolRig(opts: { name?: string; bufferSize?: number; events?: EventTypeName[]; members?: string[]; hub?: ListenerHub; logs?: string[] } = {}): PoolRig {
  const hub = opts.hub ?? new ListenerHub();
  const logs = opts.logs ?? [];
  const members = (opts.members ?? ["l"]).map((n) => new MemoryMember(n));
  const pool = new EventPool({
    name: opts.name ?? "rec",
    bufferSize: opts.bufferSize ?? 10,
    subscriptions: opts.events ?? ["EVENT"],
    identifier: "supervisor",
    members: () => members,
    nextSerial: hub.nextSerial,
    log: (level, message) => logs.push(`${level} ${message}`),
  });
  hub.add(pool);
  return { hub, pool, members, logs };
}

const remote = (data: string) => remoteCommunicationEvent("t", data);

describe("serials", () => {
  test("global and pool serials count from 0; a pool not subscribed takes no serial", () => {
    const hub = new ListenerHub();
    const a = poolRig({ hub, name: "a", events: ["REMOTE_COMMUNICATION"] });
    const b = poolRig({ hub, name: "b", events: ["TICK"] });
    a.pool.output("l", bytes("READY\n"));
    b.pool.output("l", bytes("READY\n"));
    hub.notify(remote("1"));
    hub.notify(tickEvent(5, 10));
    expect(a.members[0]!.header(0)).toBe("ver:3.0 server:supervisor serial:0 pool:a poolserial:0 eventname:REMOTE_COMMUNICATION len:8");
    expect(b.members[0]!.header(0)).toBe("ver:3.0 server:supervisor serial:1 pool:b poolserial:0 eventname:TICK_5 len:7");
    expect(hub.notify(tickEvent(60, 60))).toEqual([b.pool]);
    expect(hub.notify(remoteCommunicationEvent("x", "")).map((p) => p.name)).toEqual(["a"]);
  });

  test("two pools taking one event share its serial, each with its own pool serial", () => {
    const hub = new ListenerHub();
    const a = poolRig({ hub, name: "a", events: ["TICK_5"] });
    const b = poolRig({ hub, name: "b", events: ["TICK", "REMOTE_COMMUNICATION"] });
    hub.notify(remote("only b"));
    hub.notify(tickEvent(5, 5));
    expect(a.pool.buffered.map((e) => [e.serial, e.poolSerials.get("a")])).toEqual([[1, 0]]);
    expect(b.pool.buffered.map((e) => [e.serial, e.poolSerials.get("b")])).toEqual([[0, 0], [1, 1]]);
  });

  test("a pool subscribed through two names takes each event once (supervisord would queue it twice)", () => {
    const { hub, pool } = poolRig({ events: ["EVENT", "TICK_5", "TICK"] });
    hub.notify(tickEvent(5, 5));
    expect(pool.buffered.length).toBe(1);
  });

  test("queue() numbers and queues like notify() but sends nothing until the pools dispatch", () => {
    const { hub, pool, members } = poolRig();
    pool.output("l", bytes("READY\n"));
    expect(hub.queue(remote("a"))).toEqual([pool]);
    expect(members[0]!.received).toEqual([]);
    expect(pool.buffered.map((e) => e.serial)).toEqual([0]);
    pool.dispatch();
    expect(members[0]!.header(0)).toContain("serial:0 pool:rec poolserial:0");
  });

  test("a hub given the previous life's counter goes on from its last serial", () => {
    const counter = { last: -1 };
    new ListenerHub(counter).nextSerial();
    const next = new ListenerHub(counter);
    expect([next.nextSerial(), next.nextSerial()]).toEqual([1, 2]);
  });

  test("serials wrap to 0 after the largest one", () => {
    expect(nextSerialAfter(-1)).toBe(0);
    expect(nextSerialAfter(41)).toBe(42);
    expect(nextSerialAfter(MAX_SERIAL)).toBe(0);
  });
});

describe("buffering and dispatch", () => {
  test("events wait for RUNNING and READY, then go out oldest first, one per READY", () => {
    const { hub, pool, members, logs } = poolRig();
    const [l] = members as [MemoryMember];
    l.running = false;
    hub.notify(remote("a"));
    hub.notify(remote("b"));
    pool.output("l", bytes("READY\n"));
    expect(l.received).toEqual([]);
    l.running = true;
    pool.dispatch();
    expect(l.received).toEqual(["ver:3.0 server:supervisor serial:0 pool:rec poolserial:0 eventname:REMOTE_COMMUNICATION len:8\ntype:t\na"]);
    expect(pool.listenerState("l")).toBe("BUSY");
    expect(logs).toEqual([
      "debug l: ACKNOWLEDGED -> READY",
      "debug event 0 sent to listener l",
      "debug rebuffering event 1 for pool rec (buf size=0, max=10)",
    ]);
    pool.output("l", bytes("RESULT 2\nOKREADY\n"));
    expect(l.received.length).toBe(2);
    expect(l.header(1)).toContain("serial:1 pool:rec poolserial:1");
    expect(pool.buffered).toEqual([]);
  });

  test("the first READY member of the pool gets the event", () => {
    const { hub, pool, members } = poolRig({ members: ["l_0", "l_1"] });
    pool.output("l_1", bytes("READY\n"));
    hub.notify(remote("a"));
    pool.output("l_0", bytes("READY\n"));
    hub.notify(remote("b"));
    expect(members.map((m) => m.received.length)).toEqual([1, 1]);
    expect(members[1]!.header(0)).toContain("serial:0");
    expect(members[0]!.header(0)).toContain("serial:1");
  });

  test("a full buffer drops the oldest event with supervisord's error line", () => {
    const { hub, pool, logs } = poolRig({ bufferSize: 3 });
    for (const d of ["0", "1", "2", "3", "4"]) hub.notify(remote(d));
    expect(pool.buffered.map((e) => e.serial)).toEqual([2, 3, 4]);
    expect(logs).toEqual([
      "error pool rec event buffer overflowed, discarding event 0",
      "error pool rec event buffer overflowed, discarding event 1",
    ]);
  });

  test("buffer_size=1 keeps the newest", () => {
    const { hub, pool } = poolRig({ bufferSize: 1 });
    hub.notify(remote("a"));
    hub.notify(remote("b"));
    expect(pool.buffered.map((e) => e.event.payload)).toEqual(["type:t\nb"]);
  });

  test("a stdin that is gone leaves the listener READY and the event queued", () => {
    const { hub, pool, members, logs } = poolRig();
    const [l] = members as [MemoryMember];
    l.stdinOpen = false;
    pool.output("l", bytes("READY\n"));
    hub.notify(remote("a"));
    expect(pool.listenerState("l")).toBe("READY");
    expect(pool.buffered.length).toBe(1);
    expect(logs).toContain("debug epipe occurred while sending event 0 to listener l, listener state unchanged");
  });
});

describe("rejection and re-buffering", () => {
  test("FAIL: the same envelope is sent again, ahead of newer events", () => {
    const { hub, pool, members, logs } = poolRig();
    const [l] = members as [MemoryMember];
    pool.output("l", bytes("READY\n"));
    hub.notify(remote("first"));
    hub.notify(remote("second"));
    pool.output("l", bytes("RESULT 4\nFAILREADY\n"));
    expect(l.received.length).toBe(2);
    expect(l.received[1]).toBe(l.received[0]!);
    expect(logs).toContain("warn l: event was rejected");
    expect(logs).toContain("debug rebuffering event 0 for pool rec (buf size=1, max=10)");
    pool.output("l", bytes("RESULT 2\nOKREADY\n"));
    expect(l.header(2)).toContain("serial:1 pool:rec poolserial:1");
  });

  test("a listener that dies before answering: its event goes back to the head", () => {
    const { hub, pool, members } = poolRig({ members: ["l_0", "l_1"] });
    pool.output("l_0", bytes("READY\n"));
    hub.notify(remote("a"));
    hub.notify(remote("b"));
    members[0]!.running = false;
    pool.ended("l_0");
    expect(pool.buffered.map((e) => e.serial)).toEqual([0, 1]);
    pool.spawned("l_0");
    expect(pool.listenerState("l_0")).toBe("ACKNOWLEDGED");
    pool.output("l_1", bytes("READY\n"));
    expect(members[1]!.received[0]).toBe(members[0]!.received[0]!);
  });

  test("a bad result line: warned, UNKNOWN for good, event to another listener", () => {
    const { hub, pool, members, logs } = poolRig({ members: ["l_0", "l_1"] });
    pool.output("l_0", bytes("READY\n"));
    hub.notify(remote("a"));
    pool.output("l_0", bytes("RESULT x\n"));
    expect(logs).toContain("warn l_0: bad result line: 'RESULT x'");
    expect(logs).toContain(
      "warn l_0: has entered the UNKNOWN state and will no longer receive events, this usually indicates the process violated the eventlistener protocol",
    );
    expect(pool.listenerState("l_0")).toBe("UNKNOWN");
    pool.output("l_1", bytes("READY\n"));
    expect(members[1]!.received).toEqual(members[0]!.received);
    pool.output("l_0", bytes("READY\n"));
    hub.notify(remote("b"));
    expect(members[0]!.received.length).toBe(1);
  });

  test("a requeue into a full buffer drops the oldest queued event, not the requeued one", () => {
    const { hub, pool } = poolRig({ bufferSize: 2 });
    pool.output("l", bytes("READY\n"));
    hub.notify(remote("a"));
    hub.notify(remote("b"));
    hub.notify(remote("c"));
    pool.output("l", bytes("RESULT 1\nX"));
    expect(pool.buffered.map((e) => e.serial)).toEqual([0, 2]);
  });

  test("forget: a removed member's event is queued again", () => {
    const { hub, pool } = poolRig();
    pool.output("l", bytes("READY\n"));
    hub.notify(remote("a"));
    expect(pool.buffered).toEqual([]);
    pool.forget("l");
    expect(pool.buffered.map((e) => e.serial)).toEqual([0]);
    expect(pool.listenerState("l")).toBe("ACKNOWLEDGED");
  });
});

test("PooledEvent starts without serials", () => {
  const e = new PooledEvent(tickEvent(5, 0));
  expect(e.serial).toBeNull();
  expect(e.poolSerials.size).toBe(0);
});
