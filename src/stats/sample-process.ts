// Process sampler (adapter): CPU seconds (utime + stime) and resident memory of a process and
// all its descendants, read from /proc/<pid>/stat — one small read per process, where
// systeminformation's per-process calls run `ps` (>100 ms). Descendants come from the kernel's
// /proc/<pid>/task/<tid>/children lists when it has them, else from a ppid table built once per
// sampling round. A process that vanished or cannot be read gives null, never an exception.

import type { ProcFiles } from "./proc-files.ts";

/** The clock tick of /proc times: USER_HZ, 100 on every Linux architecture Flotilla targets. */
export const DEFAULT_CLOCK_TICKS = 100;

/** The fields of /proc/<pid>/stat the sampler uses (ticks and pages as the kernel gives them). */
export interface StatFields {
  ppid: number;
  utime: number;
  stime: number;
  rssPages: number;
}

/**
 * Parses /proc/<pid>/stat; the command name may hold spaces and parentheses, so fields are counted
 * from the last ')'.
 * @example parseStat("7 (a b) S 1 7 7 0 -1 0 0 0 0 0 12 3 0 0 20 0 1 0 5 100 25").utime // 12
 */
export function parseStat(text: string): StatFields | null {
  const close = text.lastIndexOf(")");
  if (close < 0) return null;
  const f = text.slice(close + 2).split(" ");
  // After ')': state(0) ppid(1) ... utime(11) stime(12) ... rss(21)
  const ppid = Number(f[1]), utime = Number(f[11]), stime = Number(f[12]), rssPages = Number(f[21]);
  if (![ppid, utime, stime, rssPages].every(Number.isFinite)) return null;
  return { ppid, utime, stime, rssPages };
}

/** Work and memory of one process tree. */
export interface ProcessFigures {
  /** CPU seconds, process and descendants. */
  work: number;
  /** RSS bytes, process and descendants. */
  rssBytes: number;
}

export interface ProcessSamplerOptions {
  clockTicks?: number;
  /** Bytes per page; measured from /proc/self when not given. */
  pageSize?: number;
}

/**
 * Bytes per page, from /proc/self/statm (pages) and /proc/self/status (kB) read together; 4096
 * when they cannot tell. Rounded to a power of two, as both values move while being read.
 */
export function measurePageSize(files: ProcFiles): number {
  const pages = Number((files.read("/proc/self/statm") ?? "").split(" ")[1]);
  const kb = Number(/VmRSS:\s+(\d+)/.exec(files.read("/proc/self/status") ?? "")?.[1]);
  if (!(pages > 0) || !(kb > 0)) return 4096;
  return 2 ** Math.round(Math.log2((kb * 1024) / pages));
}

/** One sampling round: stat files are read at most once each and the ppid table built at most once. */
export class ProcessSamplingRound {
  readonly #stats = new Map<number, StatFields | null>();
  #childrenOf: Map<number, number[]> | null = null;

  constructor(
    private readonly files: ProcFiles,
    private readonly sampler: ProcessSampler,
  ) {}

  #stat(pid: number): StatFields | null {
    if (!this.#stats.has(pid)) this.#stats.set(pid, parseStat(this.files.read(`/proc/${pid}/stat`) ?? ""));
    return this.#stats.get(pid)!;
  }

  /** Children from the kernel's lists, or null when this kernel has none. */
  #kernelChildren(pid: number): number[] | null {
    const out: number[] = [];
    for (const tid of this.files.list(`/proc/${pid}/task`)) {
      const text = this.files.read(`/proc/${pid}/task/${tid}/children`);
      if (text === null) return null;
      for (const word of text.split(" ")) if (word !== "" && word !== "\n") out.push(Number(word));
    }
    return out;
  }

  #tableChildren(pid: number): number[] {
    if (this.#childrenOf === null) {
      const table = new Map<number, number[]>();
      for (const name of this.files.list("/proc")) {
        if (!/^\d+$/.test(name)) continue;
        const stat = this.#stat(Number(name));
        if (stat === null) continue;
        const siblings = table.get(stat.ppid);
        if (siblings === undefined) table.set(stat.ppid, [Number(name)]);
        else siblings.push(Number(name));
      }
      this.#childrenOf = table;
    }
    return this.#childrenOf.get(pid) ?? [];
  }

  #children(pid: number): number[] {
    if (this.sampler.kernelChildren) {
      const kids = this.#kernelChildren(pid);
      if (kids !== null) return kids;
      // The first miss on a live process means the kernel has no children lists at all.
      if (this.#stat(pid) !== null) this.sampler.kernelChildren = false;
    }
    return this.#tableChildren(pid);
  }

  /** Figures of `pid` (with its descendants when `withChildren`), or null when it is gone. */
  sample(pid: number, withChildren = true): ProcessFigures | null {
    const root = this.#stat(pid);
    if (root === null) return null;
    let ticks = root.utime + root.stime;
    let pages = root.rssPages;
    if (withChildren) {
      const seen = new Set<number>([pid]);
      const queue = this.#children(pid);
      while (queue.length > 0) {
        const child = queue.pop()!;
        if (seen.has(child)) continue;
        seen.add(child);
        const stat = this.#stat(child);
        // A child may exit in between: it just no longer counts.
        if (stat === null) continue;
        ticks += stat.utime + stat.stime;
        pages += stat.rssPages;
        queue.push(...this.#children(child));
      }
    }
    return { work: ticks / this.sampler.clockTicks, rssBytes: pages * this.sampler.pageSize };
  }
}

/** Samples processes from /proc; holds the machine constants found once. */
export class ProcessSampler {
  readonly clockTicks: number;
  readonly pageSize: number;
  /** Whether the kernel's children lists are used (turned off on the first kernel without them). */
  kernelChildren = true;

  constructor(
    private readonly files: ProcFiles,
    options: ProcessSamplerOptions = {},
  ) {
    this.clockTicks = options.clockTicks ?? DEFAULT_CLOCK_TICKS;
    this.pageSize = options.pageSize ?? measurePageSize(files);
  }

  /** A fresh round: use one per collecting tick so each file is read once per tick. */
  round(): ProcessSamplingRound {
    return new ProcessSamplingRound(this.files, this);
  }
}
