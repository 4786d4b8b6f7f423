// Invariants checked after every step of a FakeCluster: no node ever loaded beyond 100 % by the
// processes running on it (ST-LD-04), start orders only once the lower start_sequence groups of
// the application are over (ST-SEQ-01), stop orders only once the higher stop_sequence groups
// are stopped (ST-SEQ-06), and no managed process left in conflict once conciliation is over.

import type { ControlEffect } from "../../../../src/control/engine/index.ts";
import type { FakeCluster, Node } from "./fake-cluster.ts";

const IN_PROGRESS_START = new Set(["STARTING", "BACKOFF"]);
const RUNNING_LIKE = new Set(["STARTING", "RUNNING", "BACKOFF"]);

function processName(key: string): { app: string; name: string } {
  const colon = key.indexOf(":");
  return { app: key.slice(0, colon), name: key.slice(colon + 1) };
}

/** Every node's load (expected_loading of processes in a running state on its instances) ≤ 100. */
export function loadCheck(cluster: FakeCluster): void {
  const byNode = new Map<string, number>();
  for (const [identifier, instance] of cluster.instances) {
    if (instance.snapshot.state !== "RUNNING") continue;
    const node = instance.snapshot.network?.machine_id ?? identifier;
    for (const [key, info] of instance.processes) {
      if (!RUNNING_LIKE.has(info.statename)) continue;
      const { app, name } = processName(key);
      byNode.set(node, (byNode.get(node) ?? 0) + cluster.book.program(app, name).expected_loading);
    }
  }
  for (const [node, load] of byNode) {
    if (load > 100) cluster.invariantErrors.push(`t=${cluster.now}: node ${node} loaded ${load} %`);
  }
}

function keysOfApp(cluster: FakeCluster, app: string): string[] {
  return [...cluster.specs.keys()].filter((key) => processName(key).app === app);
}

function busyAnywhere(cluster: FakeCluster, key: string, states: Set<string>): boolean {
  for (const instance of cluster.instances.values()) {
    const info = instance.processes.get(key);
    if (info !== undefined && states.has(info.statename)) return true;
  }
  return false;
}

/** ST-SEQ-01 / ST-SEQ-06 on the orders of one step. */
export function sequenceCheck(cluster: FakeCluster, _node: Node, effects: ControlEffect[]): void {
  for (const effect of effects) {
    if (effect.type !== "start" && effect.type !== "stop") continue;
    const { app, name } = processName(effect.namespec);
    const rules = cluster.book.program(app, name);
    for (const other of keysOfApp(cluster, app)) {
      if (other === effect.namespec) continue;
      const otherRules = cluster.book.program(app, processName(other).name);
      if (effect.type === "start" && rules.start_sequence > 0 && otherRules.start_sequence > 0 && otherRules.start_sequence < rules.start_sequence) {
        if (busyAnywhere(cluster, other, IN_PROGRESS_START)) {
          cluster.invariantErrors.push(`t=${cluster.now}: ${effect.namespec} started while ${other} (lower start_sequence) is still starting`);
        }
      }
      if (effect.type === "stop" && otherRules.stop_sequence > rules.stop_sequence) {
        if (busyAnywhere(cluster, other, new Set(["STOPPING"]))) {
          cluster.invariantErrors.push(`t=${cluster.now}: ${effect.namespec} stopped while ${other} (higher stop_sequence) is still stopping`);
        }
      }
    }
  }
}

/** Installs the load and sequence invariants on every step of `cluster`. */
export function watch(cluster: FakeCluster, options: { load?: boolean; sequence?: boolean } = {}): FakeCluster {
  if (options.load ?? true) cluster.checks.push((c) => loadCheck(c));
  if (options.sequence ?? true) cluster.checks.push(sequenceCheck);
  return cluster;
}

/** Managed processes running on more than one instance. */
export function managedConflicts(cluster: FakeCluster): string[] {
  return [...cluster.specs.keys()].filter((key) => cluster.book.application(processName(key).app).managed && cluster.runningOn(key).length > 1);
}
