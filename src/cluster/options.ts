// The options the cluster core runs with. The `[supvisors]` parser (src/config) produces its own
// typed section; the node wiring maps it onto this interface, so the core never reads files and
// tests build options in one literal.
import type { PeerIdentity } from "./transport.ts";

// Conditions that end SYNCHRONIZATION (CFG-SV-15) and the failure strategy (CFG-SV-22) are the
// configuration's own types: one list of names for the parser and the core.
import { SYNCHRO_OPTIONS, type SupvisorsFailureStrategy, type SynchroOption } from "../config/supvisors-model.ts";
export { SYNCHRO_OPTIONS, type SupvisorsFailureStrategy, type SynchroOption };

/** The local instance as it is named everywhere (identifier `host_id:http_port`, nick, host, port). */
export type LocalIdentity = Omit<PeerIdentity, "stereotypes">;

/** One `supvisors_list` entry: who it is and where the transport can reach it. */
export interface DeclaredInstance {
  identity: PeerIdentity;
  /** Transport address, opaque to the core (the net layer and the simulator define its form). */
  address: string;
}

/** Network facts of the local host, returned by `get_network_info` (RPC-SV-08 `network`). */
export interface NetworkInfo {
  machine_id: string;
  fqdn: string;
  addresses: Record<string, unknown>;
}

export interface ClusterOptions {
  local: LocalIdentity;
  /** Tags of the local instance (CFG-SV-04); shared in the handshake and announcements. */
  stereotypes: string[];
  /** Declared instances in `supvisors_list` order; the local one may be among them. */
  declared: DeclaredInstance[];
  synchroOptions: SynchroOption[];
  /** Seconds (CFG-SV-16). */
  synchroTimeout: number;
  /** Local ticks without a remote tick before that instance is FAILED (CFG-SV-17). */
  inactivityTicks: number;
  autoFence: boolean;
  /** As written: identifiers, nicks or stereotypes; resolved lazily (CFG-SV-18). */
  coreIdentifiers: string[];
  supvisorsFailureStrategy: SupvisorsFailureStrategy;
  startingStrategy: string;
  conciliationStrategy: string;
  /** Seconds between ticks (Flotilla option `tick_period`, default 5 like Supvisors). */
  tickPeriod: number;
  /** `multicast_group` is set: unknown instances may join (CFG-SV-37, ST-MOD-02). */
  discoveryMode: boolean;
  /** Local network facts for the handshake and RPC-SV-08; absent until the node gathered them. */
  network?: NetworkInfo;
}

/** Supvisors' minimum synchro_timeout, also the CORE option's uptime guard (ST-SYN-04). */
export const CORE_UPTIME_MIN = 15;

/**
 * The failure strategy really applied: TIMEOUT in synchro_options forces CONTINUE (ST-SFA-05),
 * because TIMEOUT may end synchronization with instances missing that other options require.
 * @example effectiveFailureStrategy({ synchroOptions: ["TIMEOUT"], supvisorsFailureStrategy: "RESYNC" }) // "CONTINUE"
 */
export function effectiveFailureStrategy(
  options: Pick<ClusterOptions, "synchroOptions" | "supvisorsFailureStrategy">,
): SupvisorsFailureStrategy {
  return options.synchroOptions.includes("TIMEOUT") ? "CONTINUE" : options.supvisorsFailureStrategy;
}

/** Typical options for tests and examples: Supvisors defaults except what the caller sets. */
export function clusterOptions(local: LocalIdentity, overrides: Partial<ClusterOptions> = {}): ClusterOptions {
  return {
    local,
    stereotypes: [],
    declared: [],
    synchroOptions: ["STRICT", "TIMEOUT", "CORE"],
    synchroTimeout: 15,
    inactivityTicks: 2,
    autoFence: false,
    coreIdentifiers: [],
    supvisorsFailureStrategy: "CONTINUE",
    startingStrategy: "CONFIG",
    conciliationStrategy: "USER",
    tickPeriod: 5,
    discoveryMode: false,
    ...overrides,
  };
}
