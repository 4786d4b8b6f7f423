// URL parameters of the host statistics page (UI-10): the common ones (params.ts), then, in
// Supvisors' order, `cpuid` (0 = average, n = processor n-1), `nic`, `diskstats` (io | usage),
// `partition` and `device`. The allowed values come from the figures of the host (its processors,
// interfaces, mounts, devices); an invalid value is replaced by its default and reported in
// Supvisors' words (`cpuid is not an integer: x`, `Incorrect nic: x`).

import type { HostHistory } from "../../stats/types.ts";
import { parsePageParams, pickString, type KnownValues, type PageParams } from "../params.ts";
import { parsePyInt } from "../py-text.ts";

export type DiskStats = "io" | "usage";

export interface HostParams extends PageParams {
  cpuid: number;
  /** "" when the host reports no such item yet. */
  nic: string;
  diskstats: DiskStats;
  device: string;
  partition: string;
}

function cpuidOf(query: URLSearchParams, figures: HostHistory | null, errors: string[]): number {
  const text = query.get("cpuid") ?? "";
  if (text === "") return 0;
  const value = parsePyInt(text);
  if (value === null) {
    errors.push(`cpuid is not an integer: ${text}`);
    return 0;
  }
  // 0 (the average) and one per processor.
  const series = figures === null ? 1 : Math.max(figures.cpu.length, 1);
  if (value >= 0 && value < series) return value;
  errors.push(`Incorrect cpuid: ${value}`);
  return 0;
}

/**
 * `history(period)`: the host figures of that period (what cpuid / nic / device / partition may name).
 * @example parseHostParams(new URLSearchParams("cpuid=2&diskstats=usage"), known, (p) => store.host(id, p))
 */
export function parseHostParams(query: URLSearchParams, known: KnownValues, history: (period: number) => HostHistory | null): HostParams {
  const base = parsePageParams(query, known);
  const errors = [...base.errors];
  const figures = history(base.period);
  const cpuid = cpuidOf(query, figures, errors);
  const nics = Object.keys(figures?.netIo ?? {});
  const nic = pickString(query, "nic", nics, nics[0] ?? "", errors);
  const diskstats = pickString(query, "diskstats", ["usage", "io"], "io", errors) as DiskStats;
  const partitions = Object.keys(figures?.diskUsage ?? {});
  const partition = pickString(query, "partition", partitions, partitions[0] ?? "", errors);
  const devices = Object.keys(figures?.diskIo ?? {});
  const device = pickString(query, "device", devices, devices[0] ?? "", errors);
  return { ...base, errors, cpuid, nic, diskstats, device, partition };
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
