// Static facts about the host for the node card (UI-51): name, addresses, physical / logical
// processors, CPU frequency and physical memory. Read once through systeminformation (its calls
// for these are cheap and cached by the OS); the frequency can be refreshed on demand.

import { readFileSync } from "node:fs";
import * as os from "node:os";
import si from "systeminformation";

export interface HostFacts {
  hostName: string;
  /** Non-internal IPv4 addresses, interface order. */
  ipAddresses: string[];
  physicalCores: number;
  logicalCores: number;
  /** MHz, rounded; 0 when the machine does not tell. */
  frequencyMhz: number;
  totalMemoryBytes: number;
}

/**
 * Memory as Supvisors prints it: divided by 1024 until under 1024, at most to GiB, 2 decimals.
 * @example formatMemory(25276510208) // "23.54 GiB"
 */
export function formatMemory(bytes: number): string {
  let value = bytes;
  let unit = "KiB";
  for (const u of ["KiB", "MiB", "GiB"]) {
    value /= 1024;
    unit = u;
    if (value < 1024) break;
  }
  return `${value.toFixed(2)} ${unit}`;
}

/** `N MHz` as the node card shows the frequency. */
export function formatFrequency(mhz: number): string {
  return `${Math.round(mhz)} MHz`;
}

/** The current CPU frequency in MHz (average over cores), 0 when unknown. */
export async function readFrequencyMhz(): Promise<number> {
  try {
    const speed = await si.cpuCurrentSpeed();
    // systeminformation gives GHz; some virtual machines report nothing.
    if (speed.avg > 0) return Math.round(speed.avg * 1000);
    const cpu = await si.cpu();
    if (cpu.speed > 0) return Math.round(cpu.speed * 1000);
  } catch {
    // the kernel's own figures below
  }
  return cpuinfoMhz(readProcText("/proc/cpuinfo"));
}

function readProcText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

/**
 * The average of the `cpu MHz` lines of /proc/cpuinfo, 0 when there are none. Virtual machines
 * without cpufreq (no /sys/.../cpufreq, systeminformation then says 0) still have these lines.
 */
export function cpuinfoMhz(cpuinfo: string): number {
  const speeds = [...cpuinfo.matchAll(/^cpu MHz\s*:\s*([0-9.]+)/gm)].map((m) => Number(m[1])).filter((mhz) => mhz > 0);
  return speeds.length === 0 ? 0 : Math.round(speeds.reduce((a, b) => a + b, 0) / speeds.length);
}

/** Reads the facts once; falls back on node:os for what systeminformation cannot give. */
export async function readHostFacts(): Promise<HostFacts> {
  const ipAddresses: string[] = [];
  for (const addrs of Object.values(os.networkInterfaces())) {
    for (const a of addrs ?? []) if (a.family === "IPv4" && !a.internal) ipAddresses.push(a.address);
  }
  let physicalCores = os.cpus().length;
  let logicalCores = os.cpus().length;
  try {
    const cpu = await si.cpu();
    if (cpu.physicalCores > 0) physicalCores = cpu.physicalCores;
    if (cpu.cores > 0) logicalCores = cpu.cores;
  } catch {
    // keep the node:os counts
  }
  return {
    hostName: os.hostname(),
    ipAddresses,
    physicalCores,
    logicalCores,
    frequencyMhz: await readFrequencyMhz(),
    totalMemoryBytes: os.totalmem(),
  };
}
