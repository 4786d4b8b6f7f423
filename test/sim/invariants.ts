// Invariants the simulator checks after every step of every node (shared/design.md): FSM moves
// only along ST-FSM-10, instances only along ST-IN, ISOLATED is never left, and once a partition
// is quiet, the nodes in OPERATION inside it agree on one Master.
import type { ClusterEffect, ClusterState } from "../../src/cluster/index.ts";
import { fsmTransitionAllowed, instanceTransitionAllowed } from "../../src/cluster/index.ts";
import { stableRunningSet } from "../../src/cluster/election.ts";
import type { FsmState, InstanceState } from "../../src/cluster/index.ts";

/** Violations of the per-step invariants of one node's step (empty when all hold). */
export function stepViolations(node: string, before: ClusterState, after: ClusterState, effects: ClusterEffect[]): string[] {
  const violations: string[] = [];
  let fsm: FsmState = before.fsm;
  // Only instances an effect names are followed (a map of all of them per step would make a
  // 100-node simulation quadratic).
  const instances = new Map<string, InstanceState>();
  for (const effect of effects) {
    if (effect.type !== "publish") continue;
    const event = effect.event;
    if (event.topic === "supvisors") {
      const next = event.body.fsm_statename;
      if (next !== fsm && !fsmTransitionAllowed(fsm, next)) violations.push(`${node}: FSM ${fsm} → ${next} is not in ST-FSM-10`);
      fsm = next;
    } else if (event.topic === "instance") {
      const id = event.body.identifier;
      const from = instances.get(id) ?? before.instances.get(id)?.state ?? "STOPPED";
      const to = event.body.statename;
      if (from !== to && !instanceTransitionAllowed(from, to)) violations.push(`${node}: instance ${id} ${from} → ${to} is not in ST-IN`);
      instances.set(id, to);
    }
  }
  if (fsm !== after.fsm) violations.push(`${node}: FSM ${after.fsm} reached without publication (last published ${fsm})`);
  // Leaving ISOLATED would publish the instance's new state: only those named can have left it.
  for (const id of instances.keys()) {
    if (before.instances.get(id)?.state === "ISOLATED" && after.instances.get(id)?.state !== "ISOLATED") {
      violations.push(`${node}: instance ${id} left ISOLATED (now ${after.instances.get(id)?.state})`);
    }
  }
  return violations;
}

export interface NodeView {
  id: string;
  state: ClusterState;
}

/**
 * Connected partitions: nodes the network lets talk, minus pairs where one side isolated the other.
 * `reachable` answers for the network alone.
 */
export function components(nodes: NodeView[], reachable: (a: string, b: string) => boolean): NodeView[][] {
  const seen = new Set<string>();
  const result: NodeView[][] = [];
  const connected = (a: NodeView, b: NodeView) =>
    reachable(a.id, b.id) && a.state.instances.get(b.id)?.state !== "ISOLATED" && b.state.instances.get(a.id)?.state !== "ISOLATED";
  for (const start of nodes) {
    if (seen.has(start.id)) continue;
    const group: NodeView[] = [];
    const queue = [start];
    seen.add(start.id);
    while (queue.length > 0) {
      const node = queue.shift()!;
      group.push(node);
      for (const other of nodes) {
        if (!seen.has(other.id) && connected(node, other)) {
          seen.add(other.id);
          queue.push(other);
        }
      }
    }
    result.push(group);
  }
  return result;
}

/** Every node of the partition sees exactly the partition as its stable-running set (ST-MST-02). */
export function partitionStable(group: NodeView[]): boolean {
  const members = group.map((n) => n.id).sort().join("\n");
  return group.every((n) => stableRunningSet(n.state).join("\n") === members);
}

/**
 * In each partition, the nodes in OPERATION name one and the same non-empty Master. With
 * `onlyStable`, partitions whose nodes do not yet agree on who is running are skipped ("once
 * stable": a false failure detection under loss is a membership change too).
 */
export function agreementViolations(nodes: NodeView[], reachable: (a: string, b: string) => boolean, onlyStable = false): string[] {
  const violations: string[] = [];
  for (const group of components(nodes, reachable)) {
    if (onlyStable && !partitionStable(group)) continue;
    const operating = group.filter((n) => n.state.fsm === "OPERATION");
    const masters = new Set(operating.map((n) => n.state.master));
    if (masters.has("")) violations.push(`OPERATION without Master in partition {${group.map((n) => n.id).join(", ")}}`);
    if (masters.size > 1) {
      const detail = operating.map((n) => `${n.id}→${n.state.master}`).join(", ");
      violations.push(`Masters disagree in partition {${group.map((n) => n.id).join(", ")}}: ${detail}`);
    }
  }
  return violations;
}
