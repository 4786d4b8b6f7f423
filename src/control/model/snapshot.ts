// What the control layer reads of the cluster: every instance with its state, its node and the
// processes it reported. The cluster core's ClusterState satisfies this shape as it is, so the
// node hands it over without copying; tests build small snapshots by hand.

import type { ProcessInfo } from "../../cluster/messages.ts";
import type { NetworkInfo } from "../../cluster/options.ts";
import type { FsmState, InstanceState } from "../../cluster/states.ts";
import type { PeerIdentity } from "../../cluster/transport.ts";

export interface InstanceSnapshot {
  /** identifier, nick, host, port, stereotypes. */
  identity: PeerIdentity;
  state: InstanceState;
  /** Known once the handshake ran; `network.machine_id` names its node (ST-LD-02). */
  network: NetworkInfo | null;
  /** Its processes keyed by namespec `group:name`, as it last reported them. */
  processes: ReadonlyMap<string, ProcessInfo>;
}

export interface ClusterSnapshot {
  localId: string;
  /** "" when no Master. */
  master: string;
  fsm: FsmState;
  /** Declared instances first (supvisors_list order), then discovered ones: the `*` order. */
  instances: ReadonlyMap<string, InstanceSnapshot>;
}

/**
 * A state imposed by Supvisors when a start or stop could not be done or timed out (ST-PS-05):
 * FATAL for starts, STOPPED for stops. Shown instead of the real state until the next real event.
 */
export interface ForcedState {
  state: "FATAL" | "STOPPED";
  reason: string;
  /** Local monotonic seconds when it was imposed (or received from the peer that imposed it). */
  at: number;
}

/** The node an instance runs on: its machine id once known, else its host as written. */
export function nodeOf(instance: InstanceSnapshot): string {
  return instance.network?.machine_id || instance.identity.host;
}

/** `group:name`. */
export function namespecOf(group: string, name: string): string {
  return `${group}:${name}`;
}
