// The detailed statistics of one process on one instance (UI-48, and the application page's panel
// of UI-11 / UI-63): its CPU and MEM series of the selected period, with the CPU divided by the
// core count of that instance unless `stats_irix_mode` (Solaris mode), and the node and address of
// the instance. Shared by the Supervisor and application pages; pure: it only reads the
// statistics view and the cluster state it is given.

import type { ClusterState } from "../cluster/state.ts";
import type { StatsView } from "./deps.ts";

export interface Series {
  times: number[];
  values: number[];
}

export interface SelectedProcess {
  /** As the page wrote it (`name` alone when the group has its name). */
  namespec: string;
  /** Host of the instance running it (its host_id). */
  node: string;
  /** The address of that host_id. */
  ip: string;
  cpu: Series;
  mem: Series;
}

export interface SelectionRequest {
  stats: StatsView;
  cluster: ClusterState;
  /** `stats_irix_mode`: CPU kept in % of one core. */
  irixMode: boolean;
  /** The instance whose figures are shown. */
  identifier: string;
  /** Shown name of the process. */
  namespec: string;
  /** The statistics key: `group:name`. */
  key: string;
  period: number;
}

/** `name` alone stands for `name:name`. */
export function fullNamespec(namespec: string): string {
  return namespec.includes(":") ? namespec : `${namespec}:${namespec}`;
}

/**
 * What the process CPU of an instance is divided by: 1 in IRIX mode, else its logical core count
 * (host facts, or the number of per-processor series of its host statistics, or 1).
 * @example cpuDivisor(stats, false, "10.0.0.2:60001", 10) // 4 on a 4-core host
 */
export function cpuDivisor(stats: StatsView, irixMode: boolean, identifier: string, period: number): number {
  if (irixMode) return 1;
  const facts = stats.hostFacts(identifier);
  if (facts !== null && facts.logicalCores > 0) return facts.logicalCores;
  const host = stats.host(identifier, period);
  return host !== null && host.cpu.length > 1 ? host.cpu.length - 1 : 1;
}

/**
 * The latest CPU (divided) and MEM of a process on an instance, null when nothing was received.
 * @example latestFigures(stats, false, id, "web:front", 10) // { cpu: 12.5, mem: 3.1 }
 */
export function latestFigures(stats: StatsView, irixMode: boolean, identifier: string, key: string, period: number): { cpu: number; mem: number } | null {
  const history = stats.process(identifier, key, period);
  const cpu = history?.cpu.at(-1);
  if (history === null || cpu === undefined) return null;
  return { cpu: cpu / cpuDivisor(stats, irixMode, identifier, period), mem: history.mem.at(-1) ?? 0 };
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * The node and IP address Supvisors shows for an instance (UI-48, UI-51): its host_id (the host
 * written in supvisors_list, not the name the host gives itself), and the address that host_id
 * resolves to — itself when it is an IPv4 address, else the first address the host reported.
 * @example instanceAddress(cluster, "127.0.0.1:9011", facts) // { node: "127.0.0.1", ip: "127.0.0.1" }
 */
export function instanceAddress(cluster: ClusterState, identifier: string, facts: { ipAddresses: string[] } | null): { node: string; ip: string } {
  const host = cluster.instances.get(identifier)?.identity.host ?? (identifier.slice(0, Math.max(0, identifier.lastIndexOf(":"))) || identifier);
  return { node: host, ip: IPV4.test(host) ? host : (facts?.ipAddresses[0] ?? "") };
}

/**
 * The panel's data: empty series until figures arrive (the widgets then say so).
 * @example selectedProcess({ stats, cluster, irixMode: false, identifier, namespec: "front", key: "front:front", period: 10 }).cpu.values
 */
export function selectedProcess(r: SelectionRequest): SelectedProcess {
  const history = r.stats.process(r.identifier, r.key, r.period);
  const divisor = cpuDivisor(r.stats, r.irixMode, r.identifier, r.period);
  const { node, ip } = instanceAddress(r.cluster, r.identifier, r.stats.hostFacts(r.identifier));
  const times = history?.times ?? [];
  return {
    namespec: r.namespec,
    node,
    ip,
    cpu: { times, values: (history?.cpu ?? []).map((v) => v / divisor) },
    mem: { times, values: history?.mem ?? [] },
  };
}
