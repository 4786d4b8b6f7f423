// What the dashboard needs from the node around it: the same command/query interface the
// XML-RPC doors use (control engine, cluster core requests), the Supvisors options, clocks and a
// change notification. The daemon builds one; tests build a fake over a hand-made ClusterState.

import type { ControlApi } from "../api/supvisors/control-api.ts";
import type { ClusterInput, ClusterState, RequestReply } from "../cluster/index.ts";
import type { SupvisorsOptions } from "../config/supvisors-model.ts";

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
  /** Called on every cluster or control publication; returns the unsubscribe function. */
  onChange(listener: () => void): () => void;
  /** Epoch milliseconds (footer time, instance clocks); Date.now by default. */
  wallMs?(): number;
  /** Reads `software_icon` and `css_files`; node:fs readFileSync by default. */
  readFile?(path: string): Uint8Array;
  /** Longest wait for a deferred action result (conciliation stop / keep); 10 s by default. */
  actionTimeoutMs?: number;
}
