// Checks the statistics a peer shares (EVT-18/19 payloads and host facts) before the store keeps
// them: every field typed, numbers finite. A payload that does not fit is refused with a reason.

import type { HostFacts } from "./host-facts.ts";
import type { HostStatsEvent, ProcessStatsEvent } from "./types.ts";

export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

class Unfit extends Error {}

type Obj = Record<string, unknown>;

function num(o: Obj, key: string): number {
  const v = o[key];
  if (typeof v !== "number" || !Number.isFinite(v)) throw new Unfit(`${key} is not a finite number`);
  return v;
}
function str(o: Obj, key: string): string {
  if (typeof o[key] !== "string") throw new Unfit(`${key} is not a string`);
  return o[key] as string;
}
function numbers(v: unknown, what: string, length?: number): number[] {
  if (!Array.isArray(v) || v.some((x) => typeof x !== "number" || !Number.isFinite(x))) throw new Unfit(`${what} is not a list of numbers`);
  if (length !== undefined && v.length !== length) throw new Unfit(`${what} does not have ${length} values`);
  return v as number[];
}
function record<T>(v: unknown, what: string, item: (x: unknown, key: string) => T): Record<string, T> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new Unfit(`${what} is not an object`);
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, item(x, `${what}.${k}`)]));
}
const pair = (x: unknown, what: string) => numbers(x, what, 2) as [number, number];
const single = (x: unknown, what: string) => numbers([x], what)[0]!;

function check<T>(build: () => T): Checked<T> {
  try {
    return { ok: true, value: build() };
  } catch (error) {
    if (error instanceof Unfit) return { ok: false, reason: error.message };
    throw error;
  }
}

export function checkHostStats(o: Obj): Checked<HostStatsEvent> {
  return check(() => ({
    identifier: str(o, "identifier"),
    now_monotonic: num(o, "now_monotonic"),
    target_period: num(o, "target_period"),
    period: pair(o.period, "period"),
    cpu: numbers(o.cpu, "cpu"),
    mem: num(o, "mem"),
    net_io: record(o.net_io, "net_io", pair),
    disk_io: record(o.disk_io, "disk_io", pair),
    disk_usage: record(o.disk_usage, "disk_usage", single),
  }));
}

export function checkProcessStats(o: Obj): Checked<ProcessStatsEvent> {
  return check(() => ({
    namespec: str(o, "namespec"),
    identifier: str(o, "identifier"),
    pid: num(o, "pid"),
    now_monotonic: num(o, "now_monotonic"),
    target_period: num(o, "target_period"),
    period: pair(o.period, "period"),
    cpu: num(o, "cpu"),
    mem: num(o, "mem"),
  }));
}

export function checkHostFacts(o: Obj): Checked<HostFacts> {
  return check(() => {
    const ips = o.ipAddresses;
    if (!Array.isArray(ips) || ips.some((x) => typeof x !== "string")) throw new Unfit("ipAddresses is not a list of strings");
    return {
      hostName: str(o, "hostName"),
      ipAddresses: ips as string[],
      physicalCores: num(o, "physicalCores"),
      logicalCores: num(o, "logicalCores"),
      frequencyMhz: num(o, "frequencyMhz"),
      totalMemoryBytes: num(o, "totalMemoryBytes"),
    };
  });
}
