// Builds a node's statistics: the collector sampling the host and every running local process from
// /proc (CFG-SV-23..27), the store every page reads (the local figures and, later, those peers
// share), the view the dashboard reads, and the supvisors.* statistics methods (RPC-SV-07, 41..43).
// The daemon starts and stops the collector.

import type { RpcRegistry } from "../api/registry.ts";
import { statsMethods } from "../api/supvisors/stats-methods.ts";
import type { SupvisorsOptions } from "../config/supvisors.ts";
import { StatsCollector, procSampler, readHostFacts, systemClock, systemTimer } from "../stats/index.ts";
import { StatsStore } from "../stats/store.ts";
import type { LocalSupervisor } from "../supervisor/local-supervisor.ts";
import type { StatsView } from "../web/deps.ts";

export interface StatsSetup {
  collector: StatsCollector;
  store: StatsStore;
  view: StatsView;
}

export function setUpStats(o: {
  supvisors: SupvisorsOptions;
  identifier: string;
  sup: LocalSupervisor;
  registry: RpcRegistry;
  log(level: "warn", text: string): void;
}): StatsSetup {
  const sv = o.supvisors;
  const collector = new StatsCollector({
    identifier: o.identifier,
    hostEnabled: sv.hostStatsEnabled,
    processEnabled: sv.processStatsEnabled,
    collectingPeriod: sv.statsCollectingPeriod,
    periods: sv.statsPeriods,
    histo: sv.statsHisto,
    irixMode: sv.statsIrixMode,
    processes: () =>
      o.sup
        .entries()
        .map((entry) => ({ namespec: entry.namespec, pid: entry.runner.info.pid }))
        .filter((p) => p.pid > 0),
    sampler: procSampler(),
    clock: systemClock,
    timer: systemTimer,
  });
  const store = new StatsStore(sv.statsPeriods, sv.statsHisto);
  collector.onCompiled((compiled) => (compiled.kind === "host" ? store.addHost(compiled.stats) : store.addProcess(compiled.stats)));
  readHostFacts().then(
    (facts) => store.setFacts(o.identifier, facts),
    (error: unknown) => o.log("warn", `host facts unavailable: ${error instanceof Error ? error.message : String(error)}`),
  );
  for (const method of statsMethods({ stats: collector })) o.registry.register(method);
  const view: StatsView = {
    periods: sv.statsPeriods,
    status: () => collector.status(),
    host: (identifier, period) => store.host(identifier, period),
    process: (identifier, namespec, period) => {
      const history = store.process(identifier, namespec, period);
      if (history === null || sv.statsIrixMode) return history;
      // Solaris mode (CFG-SV-27): a process's CPU as a share of the whole host, not of one core.
      const cores = store.hostFacts(identifier)?.logicalCores ?? Math.max(1, (store.host(identifier, period)?.cpu.length ?? 2) - 1);
      return { ...history, cpu: history.cpu.map((c) => c / cores) };
    },
    hostFacts: (identifier) => store.hostFacts(identifier),
  };
  return { collector, store, view };
}
