// What the dashboard needs from the node around it: the same command/query interface the
// XML-RPC doors use (control engine, cluster core requests), the Supvisors options, clocks and a
// change notification. The daemon builds one; tests build a fake over a hand-made ClusterState.

import type { ControlApi } from "../api/supvisors/control-api.ts";
import type { ClusterInput, ClusterState, RequestReply } from "../cluster/index.ts";
import type { SupvisorsOptions } from "../config/supvisors-model.ts";
import type { XmlRpcValue } from "../api/xmlrpc/value.ts";
import type { HostFacts, HostHistory, ProcessHistory } from "../stats/index.ts";

/**
 * Statistics as the pages read them: the figures of any instance (the local collector's and those
 * peers share), by integration period (one of `periods`).
 */
export interface StatsView {
  periods: readonly number[];
  /** The local collection switches (RPC-SV-07): pages about the local instance hide what is off. */
  status(): { hostStats: boolean; processStats: boolean; collectingPeriod: number };
  host(identifier: string, period: number): HostHistory | null;
  process(identifier: string, namespec: string, period: number): ProcessHistory | null;
  /** Static facts of an instance's host (UI-51), once known. */
  hostFacts(identifier: string): HostFacts | null;
}

export interface DashboardDeps {
  /** The control engine's queries and requests (supvisors.* application scope). */
  control: ControlApi;
  /** The cluster core's current state (read on every render). */
  cluster(): ClusterState;
  /** end_sync / restart / shutdown, exactly as `supvisors.end_sync`, `restart`, `shutdown` send them. */
  request(input: ClusterInput): RequestReply;
  /**
   * Conciliation Stop / Keep: stops `namespec` on that instance only, as Supvisors sends
   * `supervisor.stopProcess(namespec, false)` to it. Resolves once the order is sent; rejects with
   * the fault text when the local daemon refuses it.
   */
  stopOn(identifier: string, namespec: string): Promise<void>;
  supvisors: SupvisorsOptions;
  localId: string;
  /** Monotonic seconds, the cluster core's clock. */
  now(): number;
  /**
   * The local daemon's XML-RPC methods (`supervisor.*`, `supvisors.*`) exactly as a client calls
   * them: the Supervisor page's actions and reads go through the same door as supervisorctl.
   */
  rpc(method: string, params: XmlRpcValue[]): Promise<XmlRpcValue>;
  stats: StatsView;
  /**
   * Where the local daemon's log files are (the resolver the HTTP /logtail streams use): the tail
   * pages follow these files live. processLog is null for an unknown process or no log file.
   */
  logs: { processLog(namespec: string, channel: "stdout" | "stderr"): string | null; mainLog(): string | null };
  /** Called on every cluster or control publication; returns the unsubscribe function. */
  onChange(listener: () => void): () => void;
  /** Epoch milliseconds (footer time, instance clocks); Date.now by default. */
  wallMs?(): number;
  /** Reads `software_icon` and `css_files`; node:fs readFileSync by default. */
  readFile?(path: string): Uint8Array;
  /** Longest wait for a deferred action result (conciliation stop / keep); 10 s by default. */
  actionTimeoutMs?: number;
}
