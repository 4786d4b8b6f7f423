// Defaults of the Supvisors options and of Flotilla's own cluster options, each with the reason
// for its value, and the list of option names the section may hold (others get a warning).
//
// Example: SUPVISORS_DEFAULTS.synchroTimeout === 15

import type { SynchroOption } from "./supvisors-model.ts";

/** Defaults, with where each comes from. */
export const SUPVISORS_DEFAULTS = Object.freeze({
  /** Supvisors' default list, equivalent to its versions before synchro_options existed. */
  synchroOptions: Object.freeze(["STRICT", "TIMEOUT", "CORE"]) as readonly SynchroOption[],
  /** 15..1200 s: the lower bound is also the default, so a cluster waits at least 15 s. */
  synchroTimeout: 15,
  /** 2..720: two missed ticks already mean a lost peer in Supvisors. */
  inactivityTicks: 2,
  multicastTtl: 1,
  /** Source default of 0.19 (its docs say 10). */
  statsCollectingPeriod: 5,
  statsPeriods: Object.freeze([10]) as readonly number[],
  statsHisto: 200,
  tailLimit: 1024,
  tailfLimit: 1024,
  /** Supvisors ticks on Supervisor's TICK_5 event; Flotilla lets it go down to 0.05 s for fast failure detection. */
  tickPeriod: 5,
});

/** Flotilla's range for tick_period: 50 ms keeps ticks affordable, 1 hour is "almost never". */
export const TICK_PERIOD_MIN = 0.05;
export const TICK_PERIOD_MAX = 3600;

/** Every option name the section may hold; others get a "not a Supvisors option" warning. */
export const SUPVISORS_OPTION_NAMES: readonly string[] = [
  "supvisors_list", "stereotypes", "multicast_group", "multicast_interface", "multicast_ttl",
  "rules_files", "css_files", "software_name", "software_icon", "event_link", "event_port",
  "auto_fence", "synchro_options", "synchro_timeout", "inactivity_ticks", "core_identifiers",
  "disabilities_file", "starting_strategy", "conciliation_strategy", "supvisors_failure_strategy",
  "stats_enabled", "stats_collecting_period", "stats_periods", "stats_histo", "stats_irix_mode",
  "tail_limit", "tailf_limit", "logfile", "logfile_maxbytes", "logfile_backups", "loglevel",
  "tick_period", "peer_key",
];
