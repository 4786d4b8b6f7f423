// The metrics of the cluster side, for a daemon with a Supvisors section: the FSM state and the
// Master as this instance sees them, every instance's state and load, and the health of the peer
// links to the cluster's instances (from the transport's counters). Pure over its inputs: the
// daemon hands in the current cluster state, the load query and the link stats at each scrape.

import type { LinkStats } from "../../cluster/net/index.ts";
import type { ClusterState } from "../../cluster/state.ts";
import { Families, FSM_STATE_NAMES, INSTANCE_STATE_NAMES } from "./catalogue.ts";
import { oneHot, scalarFamily, type ScalarRow } from "./family.ts";
import type { MetricFamily } from "./text-format.ts";

/** What the cluster side gives the metrics (NodeWiring builds it). */
export interface ClusterMetricsSource {
  state(): ClusterState;
  /** The load of an instance (control.loadOf). */
  loadOf(identifier: string): number;
  links(): LinkStats;
}

/** The FSM, Master and per-instance families. */
export function instanceFamilies(state: ClusterState, loadOf: (identifier: string) => number): MetricFamily[] {
  const master: ScalarRow[] = [];
  const instance: ScalarRow[] = [];
  const load: ScalarRow[] = [];
  const suspected: ScalarRow[] = [];
  for (const [identifier, record] of state.instances) {
    const id = [identifier, record.identity.nick];
    master.push([id, identifier === state.master ? 1 : 0]);
    instance.push(...oneHot(id, INSTANCE_STATE_NAMES, record.state));
    load.push([id, loadOf(identifier)]);
    if (identifier !== state.localId) suspected.push([id, record.liveness.suspicion ? 1 : 0]);
  }
  return [
    scalarFamily(Families.clusterState, oneHot([], FSM_STATE_NAMES, state.fsm)),
    scalarFamily(Families.clusterMaster, master),
    scalarFamily(Families.instanceState, instance),
    scalarFamily(Families.instanceLoad, load),
    scalarFamily(Families.instanceSuspected, suspected),
    scalarFamily(Families.localHealth, [[[], state.health.score]]),
  ];
}

/**
 * The peer link families; `nickOf` names the instance (the identifier when the cluster does not
 * know it). The last-frame age exists only for peers that sent a frame.
 */
export function linkFamilies(links: LinkStats, nickOf: (identifier: string) => string): MetricFamily[] {
  const up: ScalarRow[] = [];
  const reconnections: ScalarRow[] = [];
  const sent: ScalarRow[] = [];
  const received: ScalarRow[] = [];
  const rejected: ScalarRow[] = [];
  const age: ScalarRow[] = [];
  for (const peer of links.peers) {
    const id = [peer.identifier, nickOf(peer.identifier)];
    up.push([id, peer.up ? 1 : 0]);
    reconnections.push([id, peer.reconnections]);
    sent.push([id, peer.framesSent]);
    received.push([id, peer.framesReceived]);
    rejected.push([id, peer.framesRejected]);
    if (peer.lastFrameAgeSeconds !== null) age.push([id, peer.lastFrameAgeSeconds]);
  }
  return [
    scalarFamily(Families.peerUp, up),
    scalarFamily(Families.peerReconnections, reconnections),
    scalarFamily(Families.peerSent, sent),
    scalarFamily(Families.peerReceived, received),
    scalarFamily(Families.peerRejected, rejected),
    scalarFamily(Families.peerUnknownRejected, [[[], links.rejectedFromUnknown]]),
    scalarFamily(Families.peerLastFrameAge, age),
  ];
}

/**
 * Every cluster family, read from the source now. Peer links are shown for the cluster's instances
 * only: the transport also keeps a record for any identifier a hello claimed (without a peer key,
 * anyone reaching the port can claim a new one each time), and labels taken from those would
 * let a client grow the exposition without bound.
 */
export function clusterFamilies(source: ClusterMetricsSource): MetricFamily[] {
  const state = source.state();
  const links = source.links();
  const known = { peers: links.peers.filter((peer) => state.instances.has(peer.identifier)), rejectedFromUnknown: links.rejectedFromUnknown };
  const nickOf = (identifier: string) => state.instances.get(identifier)?.identity.nick ?? identifier;
  return [...instanceFamilies(state, (id) => source.loadOf(id)), ...linkFamilies(known, nickOf)];
}
