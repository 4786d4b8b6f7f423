// The statistics every page and query reads: the compiled figures (EVT-18/19 payloads) of every
// instance — the local collector's and those peers share —, kept per instance, period and process
// with a bounded history (`stats_histo`). Series are rebuilt from the events on demand: a page
// reads one instance and one period at a time.

import type { CompiledStats } from "./collector.ts";
import type { HostFacts } from "./host-facts.ts";
import type { HostHistory, HostStatsEvent, ProcessHistory, ProcessStatsEvent, TimedSeries } from "./types.ts";

/** Appends `item`, dropping the oldest beyond `limit`. */
function pushBounded<T>(list: T[], item: T, limit: number): void {
  list.push(item);
  if (list.length > limit) list.splice(0, list.length - limit);
}

/** A keyed series (NIC, device, mount) from the events that carry the key. */
function keyedSeries(events: HostStatsEvent[], pick: (e: HostStatsEvent) => Record<string, number[] | number>): Record<string, TimedSeries> {
  const series: Record<string, TimedSeries> = {};
  for (const event of events) {
    for (const [key, raw] of Object.entries(pick(event))) {
      const values = Array.isArray(raw) ? raw : [raw];
      const entry = (series[key] ??= { times: [], values: values.map(() => []) });
      entry.times.push(event.period[1]);
      values.forEach((v, i) => entry.values[i]?.push(v));
    }
  }
  return series;
}

export class StatsStore {
  readonly #host = new Map<string, Map<number, HostStatsEvent[]>>();
  readonly #processes = new Map<string, Map<string, Map<number, ProcessStatsEvent[]>>>();
  readonly #facts = new Map<string, HostFacts>();
  readonly #listeners = new Set<(added: CompiledStats) => void>();

  constructor(
    readonly periods: readonly number[],
    readonly histo: number,
  ) {}

  addHost(event: HostStatsEvent): void {
    const byPeriod = this.#host.get(event.identifier) ?? new Map<number, HostStatsEvent[]>();
    this.#host.set(event.identifier, byPeriod);
    const list = byPeriod.get(event.target_period) ?? [];
    byPeriod.set(event.target_period, list);
    pushBounded(list, event, this.histo);
    this.#tell({ kind: "host", stats: event });
  }

  /** Called with every figure kept, local or from a peer (the event interface publishes them). */
  onAdded(listener: (added: CompiledStats) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #tell(added: CompiledStats): void {
    for (const listener of [...this.#listeners]) listener(added);
  }

  addProcess(event: ProcessStatsEvent): void {
    const byNamespec = this.#processes.get(event.identifier) ?? new Map<string, Map<number, ProcessStatsEvent[]>>();
    this.#processes.set(event.identifier, byNamespec);
    const byPeriod = byNamespec.get(event.namespec) ?? new Map<number, ProcessStatsEvent[]>();
    byNamespec.set(event.namespec, byPeriod);
    const list = byPeriod.get(event.target_period) ?? [];
    // Another pid is another process life: its figures start a new series.
    if (list.length > 0 && list[list.length - 1]!.pid !== event.pid) list.length = 0;
    byPeriod.set(event.target_period, list);
    pushBounded(list, event, this.histo);
    this.#tell({ kind: "process", stats: event });
  }

  setFacts(identifier: string, facts: HostFacts): void {
    this.#facts.set(identifier, facts);
  }

  hostFacts(identifier: string): HostFacts | null {
    return this.#facts.get(identifier) ?? null;
  }

  /** An instance that left: its figures are stale. */
  forgetInstance(identifier: string): void {
    this.#host.delete(identifier);
    this.#processes.delete(identifier);
  }

  host(identifier: string, period: number): HostHistory | null {
    const events = this.#host.get(identifier)?.get(period);
    if (events === undefined || events.length === 0) return null;
    const cores = Math.max(...events.map((e) => e.cpu.length));
    return {
      period,
      times: events.map((e) => e.period[1]),
      cpu: Array.from({ length: cores }, (_, i) => events.map((e) => e.cpu[i] ?? 0)),
      mem: events.map((e) => e.mem),
      netIo: keyedSeries(events, (e) => e.net_io),
      diskIo: keyedSeries(events, (e) => e.disk_io),
      diskUsage: keyedSeries(events, (e) => e.disk_usage),
    };
  }

  process(identifier: string, namespec: string, period: number): ProcessHistory | null {
    const events = this.#processes.get(identifier)?.get(namespec)?.get(period);
    if (events === undefined || events.length === 0) return null;
    return {
      namespec,
      pid: events[events.length - 1]!.pid,
      period,
      times: events.map((e) => e.period[1]),
      cpu: events.map((e) => e.cpu),
      mem: events.map((e) => e.mem),
    };
  }

  /** Namespecs with figures on an instance (any period), sorted. */
  namespecs(identifier: string): string[] {
    return [...(this.#processes.get(identifier)?.keys() ?? [])].sort();
  }
}
