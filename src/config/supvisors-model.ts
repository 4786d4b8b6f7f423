// The typed Supvisors options of a supervisord.conf (config.md §8, CFG-SV) plus Flotilla's own
// cluster options, as readSupvisorsOptions returns them. Other layers (cluster, control, stats,
// events, web) read these types; only src/config builds them.
//
// Flotilla options, documented here for the README (they live in the same section as the
// Supvisors ones, `[rpcinterface:supvisors]` or its alias `[supvisors]`):
//
//   tick_period = 5
//       Seconds between two ticks (the heartbeat every instance sends to its peers). Supvisors
//       ticks every 5 s and has no option for it; Flotilla accepts 0.05 to 3600, so that with
//       tick_period = 0.2 and inactivity_ticks = 3 a lost peer is detected in under a second.
//       A value outside the range, or not a number, is an error: the default 5 is used instead.
//
//   peer_key = %(ENV_FLOTILLA_PEER_KEY)s
//       Shared secret that authenticates every peer frame and discovery datagram (HMAC). Every
//       instance of the cluster must have the same key. Write it through an environment variable
//       so that it stays out of the file; it is never printed (`flotilla check` shows "(set)").
//       Without it, anyone who can reach the cluster's ports or multicast group can join the
//       cluster: Flotilla starts, with a warning saying so.

import type { LogLevelName, SourceRef } from "./model.ts";

/** Conditions that end SYNCHRONIZATION (states.md ST-SYN), in Supvisors' enum order. */
export const SYNCHRO_OPTIONS = ["STRICT", "LIST", "TIMEOUT", "CORE", "USER"] as const;
export type SynchroOption = (typeof SYNCHRO_OPTIONS)[number];

export const STARTING_STRATEGIES = [
  "CONFIG",
  "LESS_LOADED",
  "MOST_LOADED",
  "LOCAL",
  "LESS_LOADED_NODE",
  "MOST_LOADED_NODE",
] as const;
export type StartingStrategy = (typeof STARTING_STRATEGIES)[number];

export const CONCILIATION_STRATEGIES = [
  "SENICIDE",
  "INFANTICIDE",
  "USER",
  "STOP",
  "RESTART",
  "RUNNING_FAILURE",
] as const;
export type ConciliationStrategy = (typeof CONCILIATION_STRATEGIES)[number];

export const SUPVISORS_FAILURE_STRATEGIES = ["CONTINUE", "RESYNC", "SHUTDOWN"] as const;
export type SupvisorsFailureStrategy = (typeof SUPVISORS_FAILURE_STRATEGIES)[number];

export const EVENT_LINKS = ["NONE", "ZMQ", "WS"] as const;
export type EventLink = (typeof EVENT_LINKS)[number];

/** Values of `stats_enabled` besides booleans (CFG-SV-23). */
export const STATISTICS_TYPES = ["OFF", "HOST", "PROCESS", "ALL"] as const;

/** The Supervisor identifier nobody chose: Supvisors treats it as "no nick" (CFG-SD-17). */
export const DEFAULT_SUPERVISOR_IDENTIFIER = "supervisor";

/** One instance of supvisors_list, completed the way Supvisors' mapper completes it. */
export interface DeclaredInstance {
  /** `host:http_port`: the key of the instance in every API. */
  identifier: string;
  /**
   * The `<nick>` written; without one (or with Supervisor's default `supervisor`): the
   * identifier when the port was written, else the host alone (Supvisors 0.19 mapper).
   */
  nick: string;
  /** Host as written (name or IPv4 address), never resolved. */
  host: string;
  httpPort: number;
  /** `event_port` when set, else this instance's own http port + 1 (CFG-SV-36). */
  eventPort: number;
  /** The entry as written in supvisors_list, or the entry built for an empty list. */
  written: string;
}

/** Supvisors' own log (CFG-SV-30..33). */
export interface SupvisorsLoggerOptions {
  /** `auto`: through the supervisord logger; else an own rotating file. */
  logfile: { kind: "auto" } | { kind: "file"; path: string };
  logfileMaxbytes: number;
  logfileBackups: number;
  loglevel: LogLevelName;
}

export interface SupvisorsOptions {
  /** `rpcinterface:supvisors` (or whatever x the section with the Supvisors factory has) or `supvisors`. */
  section: string;
  source: SourceRef;

  /** Declared instances in order; the single local entry when supvisors_list is empty (CFG-SV-02). */
  instances: DeclaredInstance[];
  /** Whether supvisors_list named at least one entry (STRICT needs it). */
  listDeclared: boolean;
  stereotypes: string[];
  multicastGroup: { address: string; port: number } | null;
  /** null: INADDR_ANY. */
  multicastInterface: string | null;
  multicastTtl: number;
  /** Discovery mode: on when multicast_group is set (CFG-SV-37). */
  discoveryMode: boolean;

  /** Absolute, deduplicated, sorted. */
  rulesFiles: string[];
  cssFiles: string[];
  softwareName: string;
  softwareIcon: string | null;

  eventLink: EventLink;
  /** The option itself; null when unset (each instance then uses its http port + 1). */
  eventPort: number | null;

  autoFence: boolean;
  /** After the removals of CFG-SV-15; never empty. */
  synchroOptions: SynchroOption[];
  synchroTimeout: number;
  inactivityTicks: number;
  coreIdentifiers: string[];
  /** Absolute path, or null (no persistence of disabled programs). */
  disabilitiesFile: string | null;

  startingStrategy: StartingStrategy;
  conciliationStrategy: ConciliationStrategy;
  /** Forced to CONTINUE when TIMEOUT is among synchroOptions (CFG-SV-22). */
  supvisorsFailureStrategy: SupvisorsFailureStrategy;

  hostStatsEnabled: boolean;
  processStatsEnabled: boolean;
  statsCollectingPeriod: number;
  /** 1 to 3 values, ascending. */
  statsPeriods: number[];
  statsHisto: number;
  statsIrixMode: boolean;
  tailLimit: number;
  tailfLimit: number;

  logger: SupvisorsLoggerOptions;

  /** Flotilla: seconds between ticks / heartbeats. */
  tickPeriod: number;
  /** Flotilla: shared secret authenticating peers; null when the cluster is open. Never print it. */
  peerKey: string | null;
}
