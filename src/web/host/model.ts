// The host statistics page at one instant (UI-51..55): the node characteristics, and for each card
// (CPU, memory, network, disk) its rows with the latest figure and the series the selection plots.
// Pure: built from the host figures of one period and the host facts, nothing read here.

import { formatFrequency, formatMemory, type HostFacts } from "../../stats/host-facts.ts";
import type { HostHistory, TimedSeries } from "../../stats/types.ts";
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
  latest: string;
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
  mem: string;
  memSeries: Series | null;
  nic: StatRow[];
  nicSeries: Series[];
  diskstats: "io" | "usage";
  disk: StatRow[];
  diskSeries: Series[];
}

const latest = (values: readonly number[]): string => {
  const last = values.at(-1);
  return last === undefined ? "--" : last.toFixed(2);
};

/** UI-51: the node card, from the facts the collector read and the instance's host name. */
export function nodeFacts(facts: HostFacts, node: string): NodeFacts {
  return {
    node,
    ipAddress: facts.ipAddresses[0] ?? "",
    processors: `${facts.physicalCores} / ${facts.logicalCores}`,
    frequency: formatFrequency(facts.frequencyMhz),
    memory: formatMemory(facts.totalMemoryBytes),
  };
}

function keyedRows(series: Record<string, TimedSeries>, selected: string, labels: string[]): StatRow[] {
  const rows: StatRow[] = [];
  for (const [key, entry] of Object.entries(series)) {
    labels.forEach((label, i) => rows.push({ label: label === "" ? key : `${key} ${label}`, select: key, latest: latest(entry.values[i] ?? []), selected: key === selected }));
  }
  return rows;
}

function keyedSeries(series: Record<string, TimedSeries>, key: string, titles: string[], unit: string): Series[] {
  const entry = series[key];
  if (entry === undefined) return [];
  return titles.map((title, i) => ({ title: `${key} ${title}`.trim(), unit, times: entry.times, values: entry.values[i] ?? [] }));
}

/**
 * @example buildHostModel(store.host(id, 10), store.hostFacts(id), "srv-1", params).cpu[0].label // "cpu#all"
 */
export function buildHostModel(history: HostHistory | null, facts: HostFacts | null, node: string, p: HostParams): HostModel {
  const nodeCard = facts === null ? null : nodeFacts(facts, node);
  if (history === null) {
    return { facts: nodeCard, hasFigures: false, cpu: [], cpuSeries: null, mem: "--", memSeries: null, nic: [], nicSeries: [], diskstats: p.diskstats, disk: [], diskSeries: [] };
  }
  const cpu = history.cpu.map((values, i) => ({ label: i === 0 ? "cpu#all" : `cpu#${i - 1}`, select: String(i), latest: latest(values), selected: i === p.cpuid }));
  const cpuValues = history.cpu[p.cpuid] ?? [];
  const io = p.diskstats === "io";
  return {
    facts: nodeCard,
    hasFigures: true,
    cpu,
    cpuSeries: { title: cpu[p.cpuid]?.label ?? "cpu#all", unit: "%", times: history.times, values: cpuValues },
    mem: latest(history.mem),
    memSeries: { title: "MEM", unit: "%", times: history.times, values: history.mem },
    nic: keyedRows(history.netIo, p.nic, ["Rx", "Tx"]),
    nicSeries: keyedSeries(history.netIo, p.nic, ["Rx", "Tx"], "kbits/s"),
    diskstats: p.diskstats,
    disk: io ? keyedRows(history.diskIo, p.device, ["R", "W"]) : keyedRows(history.diskUsage, p.partition, [""]),
    diskSeries: io ? keyedSeries(history.diskIo, p.device, ["R", "W"], "kbits/s") : keyedSeries(history.diskUsage, p.partition, [""], "%"),
  };
}
