// URL parameters of the host statistics page (UI-10): the common ones, plus `period`, `cpuid`
// (0 = average, n = processor n-1), `nic`, `diskstats` (io | usage), `device` and `partition`.
// The allowed values come from the figures of the host (its interfaces, devices, mounts); an
// invalid value is replaced by its default and reported.

import type { HostHistory } from "../../stats/types.ts";
import { parsePeriod } from "../application/params.ts";
import { parsePageParams, type PageParams } from "../params.ts";

export type DiskStats = "io" | "usage";

export interface HostParams extends PageParams {
  period: number;
  cpuid: number;
  /** "" when the host reports no such item yet. */
  nic: string;
  diskstats: DiskStats;
  device: string;
  partition: string;
}

function pick(query: URLSearchParams, name: string, allowed: string[], errors: string[]): string {
  const text = query.get(name) ?? "";
  if (text === "") return allowed[0] ?? "";
  if (allowed.includes(text)) return text;
  errors.push(`Incorrect ${name}=${text}`);
  return allowed[0] ?? "";
}

/**
 * `history(period)`: the host figures of that period (what nic / device / partition may name).
 * @example parseHostParams(new URLSearchParams("cpuid=2&diskstats=usage"), ids, [10], (p) => store.host(id, p))
 */
export function parseHostParams(
  query: URLSearchParams,
  knownIdentifiers: ReadonlySet<string>,
  periods: readonly number[],
  history: (period: number) => HostHistory | null,
): HostParams {
  const base = parsePageParams(query, knownIdentifiers);
  const errors = [...base.errors];
  const period = parsePeriod(query.get("period") ?? "", periods, errors);
  const figures = history(period);
  const cpuText = query.get("cpuid") ?? "";
  let cpuid = 0;
  if (cpuText !== "") {
    const value = Number(cpuText);
    const cores = figures === null ? 0 : figures.cpu.length;
    if (Number.isInteger(value) && value >= 0 && value < Math.max(cores, 1)) cpuid = value;
    else errors.push(`Incorrect cpuid=${cpuText}`);
  }
  const diskText = query.get("diskstats") ?? "";
  let diskstats: DiskStats = "io";
  if (diskText === "io" || diskText === "usage") diskstats = diskText;
  else if (diskText !== "") errors.push(`Incorrect diskstats=${diskText}`);
  const nic = pick(query, "nic", Object.keys(figures?.netIo ?? {}), errors);
  const device = pick(query, "device", Object.keys(figures?.diskIo ?? {}), errors);
  const partition = pick(query, "partition", Object.keys(figures?.diskUsage ?? {}), errors);
  return { ...base, errors, period, cpuid, nic, diskstats, device, partition };
}

/** The parameters that select the view, carried by every link of the page. */
export function hostViewParams(p: HostParams): Record<string, string | number | null> {
  return {
    period: p.period,
    cpuid: p.cpuid || null,
    nic: p.nic || null,
    diskstats: p.diskstats === "io" ? null : p.diskstats,
    device: p.device || null,
    partition: p.partition || null,
    auto: p.auto ? "true" : null,
  };
}
