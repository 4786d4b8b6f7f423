// Host sampler (adapter): reads the cumulative host counters from /proc and statfs, the cheap
// way (a few small files, no child process), as psutil reads them for Supvisors: per-CPU jiffies
// from /proc/stat, memory from /proc/meminfo, NIC bytes from /proc/net/dev (interfaces that are up),
// device bytes from /proc/diskstats (512-byte sectors), usage of the physical file systems mounted.
// Parsers are pure and exported for tests; a file that cannot be read gives empty figures.

import type { ProcFiles } from "./proc-files.ts";
import type { HostSample, Jiffies } from "./types.ts";

/** The sector unit of /proc/diskstats, whatever the device's real sector size. */
const SECTOR_BYTES = 512;
/** IFF_UP in /sys/class/net/<nic>/flags. */
const IFF_UP = 0x1;

/**
 * Per-CPU jiffies from /proc/stat, the average of all processors first (as Supvisors puts it).
 * Work: user, nice, system, irq, softirq, steal (guest is already in user); idle: idle, iowait.
 */
export function parseProcStat(text: string): Jiffies[] {
  const cpus: Jiffies[] = [];
  for (const line of text.split("\n")) {
    if (!/^cpu\d+\s/.test(line)) continue;
    const f = line.trim().split(/\s+/).slice(1).map(Number);
    const at = (i: number) => (Number.isFinite(f[i]) ? f[i]! : 0);
    cpus.push({ work: at(0) + at(1) + at(2) + at(5) + at(6) + at(7), idle: at(3) + at(4) });
  }
  if (cpus.length === 0) return [];
  const avg = (key: keyof Jiffies) => cpus.reduce((s, c) => s + c[key], 0) / cpus.length;
  return [{ work: avg("work"), idle: avg("idle") }, ...cpus];
}

/** kB values of /proc/meminfo by name. */
export function parseMeminfo(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of text.split("\n")) {
    const m = /^([^:]+):\s+(\d+)/.exec(line);
    if (m) out[m[1]!] = Number(m[2]);
  }
  return out;
}

/** Used memory % as psutil's virtual_memory().percent: (total - available) / total, 1 decimal. */
export function memoryPercent(meminfo: Record<string, number>): number {
  const total = meminfo["MemTotal"] ?? 0;
  if (total <= 0) return 0;
  const available = meminfo["MemAvailable"] ?? (meminfo["MemFree"] ?? 0) + (meminfo["Cached"] ?? 0) + (meminfo["Buffers"] ?? 0);
  return Math.round((1000 * (total - available)) / total) / 10;
}

/** [rx bytes, tx bytes] per interface from /proc/net/dev. */
export function parseNetDev(text: string): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {};
  for (const line of text.split("\n")) {
    const colon = line.indexOf(":");
    if (colon < 0 || line.includes("|")) continue;
    const name = line.slice(0, colon).trim();
    const f = line.slice(colon + 1).trim().split(/\s+/).map(Number);
    if (name === "" || f.length < 9) continue;
    out[name] = [f[0]!, f[8]!];
  }
  return out;
}

/**
 * [read bytes, written bytes] per device from /proc/diskstats. Devices that never did any IO
 * (idle loop and ram devices) are left out, so they do not flood the disk card.
 */
export function parseDiskstats(text: string): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {};
  for (const line of text.split("\n")) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10) continue;
    const read = Number(f[5]) * SECTOR_BYTES;
    const written = Number(f[9]) * SECTOR_BYTES;
    if (!Number.isFinite(read) || !Number.isFinite(written) || (read === 0 && written === 0)) continue;
    out[f[2]!] = [read, written];
  }
  return out;
}

/** File systems backed by a device, from /proc/filesystems (those not marked nodev). */
export function parsePhysicalFilesystems(text: string): Set<string> {
  const out = new Set<string>();
  for (const line of text.split("\n")) {
    if (line.trim() === "" || line.startsWith("nodev")) continue;
    out.add(line.trim());
  }
  return out;
}

/** Mount points of physical file systems, from /proc/mounts, each once, in mount order. */
export function parseMounts(text: string, physical: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const line of text.split("\n")) {
    const f = line.split(" ");
    if (f.length < 3 || !physical.has(f[2]!)) continue;
    // /proc/mounts escapes spaces and such as octal.
    const mount = f[1]!.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
    if (!out.includes(mount)) out.push(mount);
  }
  return out;
}

/** Used % of the space a user may use, as psutil's disk_usage().percent (1 decimal). */
export function usagePercent(u: { bsize: number; blocks: number; bfree: number; bavail: number }): number {
  const used = (u.blocks - u.bfree) * u.bsize;
  const userTotal = used + u.bavail * u.bsize;
  return userTotal > 0 ? Math.round((1000 * used) / userTotal) / 10 : 0;
}

/** Reads one host sample at `now`; never throws (missing files give empty parts). */
export function sampleHost(files: ProcFiles, now: number): HostSample {
  const cpu = parseProcStat(files.read("/proc/stat") ?? "");
  const mem = memoryPercent(parseMeminfo(files.read("/proc/meminfo") ?? ""));
  const netIo: Record<string, [number, number]> = {};
  for (const [nic, counters] of Object.entries(parseNetDev(files.read("/proc/net/dev") ?? ""))) {
    const flags = parseInt(files.read(`/sys/class/net/${nic}/flags`) ?? "", 16);
    // Without the flags file (no /sys), count the interface rather than hide it.
    if (Number.isNaN(flags) || (flags & IFF_UP) !== 0) netIo[nic] = counters;
  }
  const diskIo = parseDiskstats(files.read("/proc/diskstats") ?? "");
  const physical = parsePhysicalFilesystems(files.read("/proc/filesystems") ?? "");
  const diskUsage: Record<string, number> = {};
  for (const mount of parseMounts(files.read("/proc/mounts") ?? "", physical)) {
    const usage = files.statfs(mount);
    if (usage !== null) diskUsage[mount] = usagePercent(usage);
  }
  return { now, cpu, mem, netIo, diskIo, diskUsage };
}
