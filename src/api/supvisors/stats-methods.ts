// supvisors.* methods of the statistics collection (RPC-SV-07, 41, 42, 43): its status, and the
// local switches for host and process statistics and the collecting period. Thin over the node's
// StatsCollector. Supvisors answers NOT_INSTALLED when psutil is missing; Flotilla always has its
// collector (it reads /proc itself), so that fault never happens here.

import type { StatsStatus } from "../../stats/index.ts";
import { Faults, RpcFault } from "../faults.ts";
import type { RpcMethod } from "../registry.ts";
import { Double } from "../xmlrpc/value.ts";

/** What the statistics methods need from the node: its collector. */
export interface StatsApiDeps {
  stats: {
    status(): StatsStatus;
    enableHost(enabled: boolean): void;
    enableProcess(enabled: boolean): void;
    setPeriod(seconds: number): void;
  };
}

/**
 * @example for (const m of statsMethods({ stats: collector })) registry.register(m);
 */
export function statsMethods(deps: StatsApiDeps): RpcMethod[] {
  return [
    {
      name: "supvisors.get_statistics_status",
      params: [],
      returns: "struct",
      help:
        "Tell how statistics are collected on this instance: host_stats (bool, host statistics collected), " +
        "process_stats (bool, process statistics collected), collecting_period (float, the minimum interval in " +
        "seconds between two samples of the same statistics type).\n@return struct the statistics collection status",
      call: () => {
        const s = deps.stats.status();
        return { host_stats: s.hostStats, process_stats: s.processStats, collecting_period: new Double(s.collectingPeriod) };
      },
    },
    {
      name: "supvisors.enable_host_statistics",
      params: [{ name: "enable_host", type: "boolean" }],
      returns: "boolean",
      help:
        "Switch the collection of host statistics on or off on this instance, overriding stats_enabled until the " +
        "next restart.\n@param boolean enable_host true to collect host statistics\n@return boolean always true",
      call: ([enable]) => {
        deps.stats.enableHost(enable === true);
        return true;
      },
    },
    {
      name: "supvisors.enable_process_statistics",
      params: [{ name: "enable_process", type: "boolean" }],
      returns: "boolean",
      help:
        "Switch the collection of process statistics on or off on this instance, overriding stats_enabled until " +
        "the next restart.\n@param boolean enable_process true to collect process statistics\n@return boolean always true",
      call: ([enable]) => {
        deps.stats.enableProcess(enable === true);
        return true;
      },
    },
    {
      name: "supvisors.update_collecting_period",
      params: [{ name: "collecting_period", type: "double" }],
      returns: "boolean",
      help:
        "Change the minimum interval between two samples of the same statistics type on this instance, overriding " +
        "stats_collecting_period until the next restart. INCORRECT_PARAMETERS unless it is a positive number " +
        "(Supvisors checks nothing here; a period of 0 or less would sample without pause).\n" +
        "@param double collecting_period the new period, in seconds\n@return boolean always true",
      call: ([period]) => {
        const seconds = period as number;
        if (!Number.isFinite(seconds) || seconds <= 0) {
          throw new RpcFault(Faults.INCORRECT_PARAMETERS, `collecting_period=${seconds} - a positive number of seconds expected`);
        }
        deps.stats.setPeriod(seconds);
        return true;
      },
    },
  ];
}
