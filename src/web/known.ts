// What the URL parameters of a request may name (params.ts KnownValues), read from the node at the
// time of the request: the instances, the applications and their processes as every instance
// reported them, the statistics periods, and the processes running on each instance.

import type { ClusterState } from "../cluster/state.ts";
import { RUNNING_STATES } from "../process/states.ts";
import type { DashboardDeps } from "./deps.ts";
import type { KnownValues } from "./params.ts";

const running = RUNNING_STATES as readonly number[];

/** Every application the cluster knows (all groups any instance reported), with its process names. */
export function knownApplications(cluster: ClusterState): Map<string, Set<string>> {
  const applications = new Map<string, Set<string>>();
  for (const record of cluster.instances.values()) {
    for (const info of record.processes.values()) {
      let names = applications.get(info.group);
      if (names === undefined) {
        names = new Set();
        applications.set(info.group, names);
      }
      names.add(info.name);
    }
  }
  return applications;
}

/** The processes running on an instance, as Supvisors writes namespecs (`name` for `name:name`). */
export function runningOn(cluster: ClusterState, identifier: string): Set<string> {
  const result = new Set<string>();
  const record = cluster.instances.get(identifier);
  if (record === undefined) return result;
  for (const info of record.processes.values()) {
    if (running.includes(info.state)) result.add(info.group === info.name ? info.name : `${info.group}:${info.name}`);
  }
  return result;
}

/**
 * @example parsePageParams(query, knownValues(deps)) // `processname` checked against the cluster
 * @example parsePageParams(query, knownValues(deps, false)) // the page checks `processname` itself
 */
export function knownValues(deps: DashboardDeps, checkRunning = true): KnownValues {
  const cluster = deps.cluster();
  return {
    identifiers: new Set(cluster.instances.keys()),
    applications: knownApplications(cluster),
    periods: deps.stats.periods,
    localId: deps.localId,
    running: checkRunning ? (identifier) => runningOn(cluster, identifier) : null,
  };
}
