// Builds a node's statistics collector from the Supvisors statistics options (CFG-SV-23..27):
// the host and every running local process sampled from /proc, and the supvisors.* statistics
// methods (RPC-SV-07, 41..43) registered over it. The daemon starts and stops it.

import type { RpcRegistry } from "../api/registry.ts";
import { statsMethods } from "../api/supvisors/stats-methods.ts";
import type { SupvisorsOptions } from "../config/supvisors.ts";
import { StatsCollector, procSampler, systemClock, systemTimer } from "../stats/index.ts";
import type { LocalSupervisor } from "../supervisor/local-supervisor.ts";

export function setUpStats(o: { supvisors: SupvisorsOptions; identifier: string; sup: LocalSupervisor; registry: RpcRegistry }): StatsCollector {
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
  for (const method of statsMethods({ stats: collector })) o.registry.register(method);
  return collector;
}
