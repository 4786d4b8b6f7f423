// The statistics collector of one Flotilla node: every collecting period (CFG-SV-24) it samples
// the host and the supervised processes (plus the node's own process, as `supervisord`), feeds
// the period compilers and tells its listeners about every window that closed (EVT-18/19). Clock,
// timer and sampler are injected, so tests drive it tick by tick without waiting.

import { HostCompiler } from "./compile-host.ts";
import { ProcessCompiler } from "./compile-process.ts";
import type { ProcessRequest, StatsSampler } from "./sampler.ts";
import type { HostHistory, HostStatsEvent, ProcessHistory, ProcessStatsEvent } from "./types.ts";

/** The namespec Supvisors gives the daemon's own figures. */
export const SELF_NAMESPEC = "supervisord";

export interface StatsClock {
  /** Monotonic seconds. */
  monotonic(): number;
}

export interface StatsTimer {
  /** Runs `fn` once after `ms`; returns its cancel function. */
  after(ms: number, fn: () => void): () => void;
}

export interface CollectedProcess {
  namespec: string;
  /** 0 or less when the process is not running. */
  pid: number;
}

export type CompiledStats = { kind: "host"; stats: HostStatsEvent } | { kind: "process"; stats: ProcessStatsEvent };

export interface StatsStatus {
  hostStats: boolean;
  processStats: boolean;
  collectingPeriod: number;
}

export interface StatsCollectorOptions {
  identifier: string;
  hostEnabled: boolean;
  processEnabled: boolean;
  /** Seconds between two samples. */
  collectingPeriod: number;
  /** Integration periods (stats_periods), seconds. */
  periods: readonly number[];
  /** History depth (stats_histo). */
  histo: number;
  /** true: process CPU in % of one core; false: divided by the core count when read. */
  irixMode: boolean;
  /** The running processes to sample (read at every tick). */
  processes: () => readonly CollectedProcess[];
  sampler: StatsSampler;
  clock: StatsClock;
  timer: StatsTimer;
  /** The node's own pid, sampled without its children as `supervisord`; null to leave it out. */
  selfPid?: number | null;
}

/** Real timer for production wiring. */
export const systemTimer: StatsTimer = {
  after(ms, fn) {
    const handle = setTimeout(fn, ms);
    return () => clearTimeout(handle);
  },
};

/** Real monotonic clock for production wiring. */
export const systemClock: StatsClock = { monotonic: () => performance.now() / 1000 };

export class StatsCollector {
  readonly #o: StatsCollectorOptions;
  readonly #host: HostCompiler;
  readonly #procs: ProcessCompiler;
  readonly #listeners = new Set<(compiled: CompiledStats) => void>();
  #hostEnabled: boolean;
  #processEnabled: boolean;
  #period: number;
  #cancel: (() => void) | null = null;
  #running = false;

  constructor(options: StatsCollectorOptions) {
    checkPeriod(options.collectingPeriod);
    this.#o = options;
    this.#hostEnabled = options.hostEnabled;
    this.#processEnabled = options.processEnabled;
    this.#period = options.collectingPeriod;
    this.#host = new HostCompiler(options.identifier, options.periods, options.histo);
    this.#procs = new ProcessCompiler(options.identifier, options.periods, options.histo);
  }

  /** Starts sampling: a first sample now (the reference), then one every collecting period. */
  start(): void {
    this.#running = true;
    this.#reschedule(0);
  }

  stop(): void {
    this.#running = false;
    this.#cancel?.();
    this.#cancel = null;
  }

  status(): StatsStatus {
    return { hostStats: this.#hostEnabled, processStats: this.#processEnabled, collectingPeriod: this.#period };
  }

  enableHost(enabled: boolean): void {
    this.#hostEnabled = enabled;
    this.#wake();
  }

  enableProcess(enabled: boolean): void {
    this.#processEnabled = enabled;
    this.#wake();
  }

  /** Changes the collecting period; the next sample comes one new period from now. */
  setPeriod(seconds: number): void {
    checkPeriod(seconds);
    this.#period = seconds;
    if (this.#cancel !== null) this.#reschedule(seconds * 1000);
  }

  /** The host history of one configured period, or null. */
  host(period: number): HostHistory | null {
    return this.#host.history(period);
  }

  /** One process history (CPU as irix mode asks), or null when unknown or not running. */
  process(namespec: string, period: number): ProcessHistory | null {
    return this.#procs.history(namespec, period, this.#o.irixMode ? 1 : this.#o.sampler.cores());
  }

  /** Namespecs with statistics (running processes seen by the last samples). */
  namespecs(): string[] {
    return this.#procs.namespecs();
  }

  /** Logical processor count of this host. */
  cores(): number {
    return this.#o.sampler.cores();
  }

  /** Adds a listener of every closed window; returns its removal. */
  onCompiled(listener: (compiled: CompiledStats) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Takes one sample of whatever is enabled (the timer calls it; tests may too). */
  sample(): void {
    const now = this.#o.clock.monotonic();
    if (this.#hostEnabled) {
      for (const stats of this.#host.push(this.#o.sampler.host(now), now)) this.#emit({ kind: "host", stats });
    }
    if (this.#processEnabled) this.#sampleProcesses(now);
  }

  #sampleProcesses(now: number): void {
    const wanted: CollectedProcess[] = [];
    const requests: ProcessRequest[] = [];
    const selfPid = this.#o.selfPid === undefined ? process.pid : this.#o.selfPid;
    if (selfPid !== null) {
      wanted.push({ namespec: SELF_NAMESPEC, pid: selfPid });
      requests.push({ pid: selfPid, withChildren: false });
    }
    let listed: readonly CollectedProcess[] = [];
    try {
      listed = this.#o.processes();
    } catch {
      // The process list is the node's; a failure there skips this round's processes only.
    }
    for (const p of listed) {
      if (p.pid > 0) {
        wanted.push(p);
        requests.push({ pid: p.pid, withChildren: true });
      }
    }
    const names = new Set(wanted.map((p) => p.namespec));
    for (const namespec of this.#procs.namespecs()) if (!names.has(namespec)) this.#procs.remove(namespec);
    const figures = this.#o.sampler.processes(requests);
    const memory = this.#o.sampler.memoryBytes();
    wanted.forEach((p, i) => {
      const f = figures[i];
      if (f === null || f === undefined) {
        this.#procs.remove(p.namespec);
        return;
      }
      const sample = { now, pid: p.pid, work: f.work, mem: memory > 0 ? (100 * f.rssBytes) / memory : 0 };
      for (const stats of this.#procs.push(p.namespec, sample, now)) this.#emit({ kind: "process", stats });
    });
  }

  #emit(compiled: CompiledStats): void {
    for (const listener of this.#listeners) {
      try {
        listener(compiled);
      } catch {
        // A failing subscriber must not stop the sampling of the others.
      }
    }
  }

  #tick = (): void => {
    this.#cancel = null;
    try {
      this.sample();
    } finally {
      this.#reschedule(this.#period * 1000);
    }
  };

  /** Schedules the next tick, or none while everything is disabled (no idle wake-ups). */
  #reschedule(ms: number): void {
    this.#cancel?.();
    this.#cancel = null;
    if (!this.#running || (!this.#hostEnabled && !this.#processEnabled)) return;
    this.#cancel = this.#o.timer.after(ms, this.#tick);
  }

  /** Resumes the ticks after an enable, if they had stopped. */
  #wake(): void {
    if (this.#running && this.#cancel === null) this.#reschedule(0);
    if (!this.#hostEnabled && !this.#processEnabled) this.#reschedule(0);
  }
}

function checkPeriod(seconds: number): void {
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new RangeError(`statistics collecting period must be a positive number of seconds, got ${seconds}`);
  }
}
