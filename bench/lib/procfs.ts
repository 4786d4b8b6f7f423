// Reading /proc for the benchmarks: a process's resident set (VmRSS), its direct children, and
// every process that carries a given environment marker (how stragglers of a run are found and
// killed even after their daemon died and they were re-parented to init).

import { readdirSync, readFileSync } from "node:fs";

/** The resident set of a process, KiB: total, anonymous (heap, stacks) and file-backed (code). */
export interface MemoryKiB {
  rss: number;
  anon: number;
  file: number;
}

function statusField(text: string, name: string): number {
  const match = new RegExp(`^${name}:\\s+(\\d+)\\s+kB`, "m").exec(text);
  return match ? Number(match[1]) : 0;
}

/** VmRSS, RssAnon and RssFile of `pid`, or null when the process is gone. */
export function memoryKiB(pid: number): MemoryKiB | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/status`, "utf8");
  } catch {
    return null;
  }
  return { rss: statusField(text, "VmRSS"), anon: statusField(text, "RssAnon"), file: statusField(text, "RssFile") };
}

/** VmRSS of `pid` in KiB, or null when the process is gone. */
export function rssKiB(pid: number): number | null {
  return memoryKiB(pid)?.rss ?? null;
}

function numericEntries(): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

/** The parent pid from /proc/<pid>/stat (the comm field may hold spaces and parentheses). */
function parentOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[1]);
  } catch {
    return null;
  }
}

/** Direct children of `pid`. */
export function childrenOf(pid: number): number[] {
  return numericEntries().filter((p) => parentOf(p) === pid);
}

/** Daemon memory, and when `withChildren` the RSS summed over its direct children too (KiB). */
export function treeRssKiB(
  pid: number,
  withChildren: boolean,
): { daemon: number; anon: number; file: number; children: number; count: number } {
  const mem = memoryKiB(pid) ?? { rss: 0, anon: 0, file: 0 };
  const daemon = mem.rss;
  const own = { daemon, anon: mem.anon, file: mem.file };
  if (!withChildren) return { ...own, children: 0, count: 0 };
  let children = 0;
  const kids = childrenOf(pid);
  for (const child of kids) children += rssKiB(child) ?? 0;
  return { ...own, children, count: kids.length };
}

/** Pids whose environment holds `NAME=value` exactly (our own process excluded). */
export function pidsWithEnv(name: string, value: string): number[] {
  const needle = `${name}=${value}`;
  const found: number[] = [];
  for (const pid of numericEntries()) {
    if (pid === process.pid) continue;
    let env: string;
    try {
      env = readFileSync(`/proc/${pid}/environ`, "latin1");
    } catch {
      continue;
    }
    if (env.split("\0").includes(needle)) found.push(pid);
  }
  return found;
}

/** Every process still running whose name (comm) is `comm` and whose parent is `pid`. */
export function countChildrenNamed(pid: number, comm: string): number {
  let n = 0;
  for (const child of childrenOf(pid)) {
    try {
      if (readFileSync(`/proc/${child}/comm`, "utf8").trim() === comm) n += 1;
    } catch {
      // exited meanwhile
    }
  }
  return n;
}
