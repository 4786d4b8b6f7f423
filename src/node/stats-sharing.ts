// Shares statistics between instances, so that any instance's pages show any other's figures:
// what the local collector compiles goes to every peer in the cluster (process figures only while
// the cluster is working, ST-FSM-17), what peers send is checked and kept in the local store, and
// the figures of an instance that is lost are dropped.

import { WORKING_STATES } from "../cluster/states.ts";
import { message, type StatsMessage } from "../cluster/messages.ts";
import type { LogLevelName } from "../config/model.ts";
import type { StatsCollector } from "../stats/index.ts";
import type { StatsStore } from "../stats/store.ts";
import { checkHostFacts, checkHostStats, checkProcessStats } from "../stats/wire.ts";
import type { ClusterNode } from "./cluster-node.ts";

export function shareStats(o: {
  cluster: ClusterNode;
  collector: StatsCollector;
  store: StatsStore;
  log(level: LogLevelName, text: string): void;
}): () => void {
  const { cluster, store } = o;
  const localId = cluster.core.state.localId;
  const offCompiled = o.collector.onCompiled((compiled) => {
    if (compiled.kind === "host") {
      const facts = store.hostFacts(localId);
      cluster.broadcast(message("stats", { host: { ...compiled.stats }, ...(facts ? { facts: { ...facts } } : {}) }));
    } else if (WORKING_STATES.includes(cluster.core.state.fsm)) {
      cluster.broadcast(message("stats", { process: { ...compiled.stats } }));
    }
  });
  const receive = (from: string, msg: StatsMessage) => {
    const host = msg.host ? checkHostStats(msg.host) : null;
    const proc = msg.process ? checkProcessStats(msg.process) : null;
    const facts = msg.facts ? checkHostFacts(msg.facts) : null;
    const refused = [host, proc, facts].find((c) => c !== null && !c.ok);
    if (refused && !refused.ok) {
      o.log("warn", `statistics from ${from} dropped: ${refused.reason}`);
      return;
    }
    // An instance speaks for itself only.
    if ((host?.ok && host.value.identifier !== from) || (proc?.ok && proc.value.identifier !== from)) {
      o.log("warn", `statistics from ${from} dropped: they claim another instance`);
      return;
    }
    if (host?.ok) store.addHost(host.value);
    if (proc?.ok) store.addProcess(proc.value);
    if (facts?.ok) store.setFacts(from, facts.value);
  };
  const offCluster = cluster.listen({
    effect: (effect) => {
      if (effect.type === "deliver" && effect.message.kind === "stats") receive(effect.from, effect.message);
      if (effect.type === "publish" && effect.event.topic === "instanceLost") store.forgetInstance(effect.event.identifier);
    },
    tick: () => undefined,
  });
  return () => {
    offCompiled();
    offCluster();
  };
}
