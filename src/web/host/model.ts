// The host statistics page at one instant (UI-51..55): the node characteristics, and for each card
// (CPU, memory, network, disk) its rows — each with the four figures of its series, as Supvisors'
// tables show them (value with its trend, mean, slope × period, standard deviation) — and the series
// the selection plots. Pure: built from the host figures of one period and the host facts.

import { formatFrequency, formatMemory, type HostFacts } from "../../stats/host-facts.ts";
import type { HostHistory, TimedSeries } from "../../stats/types.ts";
import type { Trend } from "../../stats/summary.ts";
import { widgetFigures } from "../figures.ts";
import type { HostParams } from "./params.ts";

export interface Series {
  title: string;
  unit: string;
  times: number[];
  values: number[];
}

export interface StatRow {
  /** What the row shows (`cpu#all`, `eth0 Rx`, `/home`). */
  label: string;
  /** The parameter value that selects it. */
  select: string;
  /** Latest value ("--" when none), mean, slope × period, stddev, and the latest value's trend. */
  latest: string;
  mean: string;
  slope: string;
  stddev: string;
  trend: Trend | null;
  selected: boolean;
}

export interface NodeFacts {
  node: string;
  ipAddress: string;
  processors: string;
  frequency: string;
  memory: string;
}

export interface HostModel {
  facts: NodeFacts | null;
  /** False until the first figures of the period arrive. */
  hasFigures: boolean;
  cpu: StatRow[];
  cpuSeries: Series | null;
  /** The memory row (used %). */
  mem: StatRow | null;
  memSeries: Series | null;
  nic: StatRow[];
  nicSeries: Series[];
  diskstats: "io" | "usage";
  disk: StatRow[];
  diskSeries: Series[];
}

/** One row of a card: its label, what selects it, and the figures of its series. */
function statRow(label: string, select: string, times: readonly number[], values: readonly number[], period: number, selected: boolean): StatRow {
  const f = widgetFigures(times, values, period);
  return { label, select, latest: f.latest === "" ? "--" : f.latest, mean: f.mean, slope: f.slope, stddev: f.stddev, trend: f.trend, selected };
}

/**
 * UI-51: the node card, from the facts the collector read, the instance's host_id and the address
 * it resolves to (process-stats.ts instanceAddress).
 */
export function nodeFacts(facts: HostFacts, node: string, ip: string): NodeFacts {
  return {
    node,
    ipAddress: ip,
    processors: `${facts.physicalCores} / ${facts.logicalCores}`,
    frequency: formatFrequency(facts.frequencyMhz),
    memory: formatMemory(facts.totalMemoryBytes),
  };
}

function keyedRows(series: Record<string, TimedSeries>, selected: string, labels: string[], period: number): StatRow[] {
  const rows: StatRow[] = [];
  for (const [key, entry] of Object.entries(series)) {
    labels.forEach((label, i) => rows.push(statRow(label === "" ? key : `${key} ${label}`, key, entry.times, entry.values[i] ?? [], period, key === selected)));
  }
  return rows;
}

function keyedSeries(series: Record<string, TimedSeries>, key: string, titles: string[], unit: string): Series[] {
  const entry = series[key];
  if (entry === undefined) return [];
  return titles.map((title, i) => ({ title: `${key} ${title}`.trim(), unit, times: entry.times, values: entry.values[i] ?? [] }));
}

/**
 * @example buildHostModel(store.host(id, 10), store.hostFacts(id), { node: "srv-1", ip: "10.0.0.1" }, params).cpu[0].label // "cpu#all"
 */
export function buildHostModel(history: HostHistory | null, facts: HostFacts | null, where: { node: string; ip: string }, p: HostParams): HostModel {
  const nodeCard = facts === null ? null : nodeFacts(facts, where.node, where.ip);
  if (history === null) {
    return { facts: nodeCard, hasFigures: false, cpu: [], cpuSeries: null, mem: null, memSeries: null, nic: [], nicSeries: [], diskstats: p.diskstats, disk: [], diskSeries: [] };
  }
  const cpu = history.cpu.map((values, i) => statRow(i === 0 ? "cpu#all" : `cpu#${i - 1}`, String(i), history.times, values, p.period, i === p.cpuid));
  const cpuValues = history.cpu[p.cpuid] ?? [];
  const io = p.diskstats === "io";
  return {
    facts: nodeCard,
    hasFigures: true,
    cpu,
    cpuSeries: { title: cpu[p.cpuid]?.label ?? "cpu#all", unit: "%", times: history.times, values: cpuValues },
    mem: statRow("Used", "", history.times, history.mem, p.period, true),
    memSeries: { title: "MEM", unit: "%", times: history.times, values: history.mem },
    nic: keyedRows(history.netIo, p.nic, ["Rx", "Tx"], p.period),
    nicSeries: keyedSeries(history.netIo, p.nic, ["Rx", "Tx"], "kbits/s"),
    diskstats: p.diskstats,
    disk: io ? keyedRows(history.diskIo, p.device, ["R", "W"], p.period) : keyedRows(history.diskUsage, p.partition, [""], p.period),
    diskSeries: io ? keyedSeries(history.diskIo, p.device, ["R", "W"], "kbits/s") : keyedSeries(history.diskUsage, p.partition, [""], "%"),
  };
}
