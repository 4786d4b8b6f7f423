// The statistics store (figures of every instance, by period, bounded) and the checks of what a
// peer shares (EVT-18/19 payloads, host facts).
import { describe, expect, test } from "bun:test";
import { StatsStore } from "../../../src/stats/store.ts";
import type { HostStatsEvent, ProcessStatsEvent } from "../../../src/stats/types.ts";
import { checkHostFacts, checkHostStats, checkProcessStats } from "../../../src/stats/wire.ts";

function hostEvent(end: number, patch: Partial<HostStatsEvent> = {}): HostStatsEvent {
  return {
    identifier: "a:1",
    now_monotonic: end,
    target_period: 10,
    period: [end - 10, end],
    cpu: [50, 40, 60],
    mem: 30,
    net_io: { eth0: [8, 2] },
    disk_io: { sda: [100, 50] },
    disk_usage: { "/": 42 },
    ...patch,
  };
}

function processEvent(end: number, pid: number, cpu: number): ProcessStatsEvent {
  return { namespec: "web:db", identifier: "a:1", pid, now_monotonic: end, target_period: 10, period: [end - 10, end], cpu, mem: 5 };
}

describe("StatsStore", () => {
  test("host series per period: times are window ends, one series per processor, keyed series keep their own times", () => {
    const store = new StatsStore([10], 200);
    store.addHost(hostEvent(10));
    store.addHost(hostEvent(20, { cpu: [70, 60, 80], net_io: { eth0: [9, 3], eth1: [1, 1] } }));
    const history = store.host("a:1", 10)!;
    expect(history.times).toEqual([10, 20]);
    expect(history.cpu).toEqual([[50, 70], [40, 60], [60, 80]]);
    expect(history.netIo.eth0).toEqual({ times: [10, 20], values: [[8, 9], [2, 3]] });
    expect(history.netIo.eth1).toEqual({ times: [20], values: [[1], [1]] });
    expect(history.diskUsage["/"]).toEqual({ times: [10, 20], values: [[42, 42]] });
    expect(store.host("a:1", 60)).toBeNull();
    expect(store.host("b:1", 10)).toBeNull();
  });

  test("stats_histo bounds every series", () => {
    const store = new StatsStore([10], 3);
    for (let t = 10; t <= 60; t += 10) store.addHost(hostEvent(t));
    expect(store.host("a:1", 10)!.times).toEqual([40, 50, 60]);
  });

  test("a new pid starts a new process series; a lost instance is forgotten", () => {
    const store = new StatsStore([10], 200);
    store.addProcess(processEvent(10, 100, 1));
    store.addProcess(processEvent(20, 100, 2));
    expect(store.process("a:1", "web:db", 10)).toMatchObject({ pid: 100, times: [10, 20], cpu: [1, 2] });
    store.addProcess(processEvent(30, 200, 3));
    expect(store.process("a:1", "web:db", 10)).toMatchObject({ pid: 200, times: [30], cpu: [3] });
    expect(store.namespecs("a:1")).toEqual(["web:db"]);
    store.forgetInstance("a:1");
    expect(store.process("a:1", "web:db", 10)).toBeNull();
  });
});

describe("what a peer shares is checked", () => {
  test("valid payloads pass as they are", () => {
    expect(checkHostStats({ ...hostEvent(10) })).toEqual({ ok: true, value: hostEvent(10) });
    expect(checkProcessStats({ ...processEvent(10, 1, 2) })).toEqual({ ok: true, value: processEvent(10, 1, 2) });
    const facts = { hostName: "a", ipAddresses: ["10.0.0.1"], physicalCores: 2, logicalCores: 4, frequencyMhz: 0, totalMemoryBytes: 1024 };
    expect(checkHostFacts(facts)).toEqual({ ok: true, value: facts });
  });

  test.each([
    [{ ...hostEvent(10), cpu: ["x"] }, "cpu is not a list of numbers"],
    [{ ...hostEvent(10), mem: Number.NaN }, "mem is not a finite number"],
    [{ ...hostEvent(10), net_io: { eth0: [1] } }, "net_io.eth0 does not have 2 values"],
    [{ ...hostEvent(10), disk_usage: [] }, "disk_usage is not an object"],
    [{ ...hostEvent(10), identifier: 3 }, "identifier is not a string"],
  ])("a host payload that does not fit is refused with the field named (%#)", (payload, reason) => {
    expect(checkHostStats(payload as Record<string, unknown>)).toEqual({ ok: false, reason });
  });

  test("a process payload without pid is refused", () => {
    const { pid: _pid, ...rest } = processEvent(10, 1, 2);
    expect(checkProcessStats(rest)).toEqual({ ok: false, reason: "pid is not a finite number" });
  });
});
