// Builds a node's control layer: reads the rules files (an invalid one stops the start with its
// FILE:LINE message, as an invalid configuration does), creates the ControlNode over the cluster
// node, and registers the application-scope supvisors.* methods. Orders for the local daemon go
// through the same XML-RPC methods a Supvisors peer would call (start_args, stopProcess).

import { applicationMethods } from "../api/supvisors/application-methods.ts";
import type { ControlApi } from "../api/supvisors/control-api.ts";
import { jobMethods } from "../api/supvisors/job-methods.ts";
import type { RpcRegistry } from "../api/registry.ts";
import type { LogLevelName } from "../config/model.ts";
import { loadRulesFiles, rulesWarnings, type CheckedGroup } from "../config/rules/index.ts";
import type { SupvisorsOptions } from "../config/supvisors.ts";
import { processStatuses } from "../control/engine/index.ts";
import { LoadBook } from "../control/model/load.ts";
import { RulesBook } from "../control/model/rules-book.ts";
import type { ClusterNode } from "./cluster-node.ts";
import { ControlNode } from "./control-node.ts";

/**
 * The rules of `rules_files` (none → every application unmanaged) and what is suspicious in them
 * against the configured groups, as `flotilla check` shows it; throws RulesError when invalid.
 */
export function readRules(sv: SupvisorsOptions, groups: CheckedGroup[]): { book: RulesBook; warnings: string[] } {
  if (sv.rulesFiles.length === 0) return { book: RulesBook.empty(sv.startingStrategy), warnings: [] };
  const { rules, warnings } = loadRulesFiles(sv.rulesFiles);
  return { book: new RulesBook(rules, sv.startingStrategy), warnings: [...warnings, ...rulesWarnings(rules, groups)] };
}

export interface ControlSetup {
  node: ControlNode;
  api: ControlApi;
  /** The `loading` of an instance (RPC-SV-09). */
  loadOf(identifier: string): number;
}

export function setUpControl(o: {
  cluster: ClusterNode;
  supvisors: SupvisorsOptions;
  book: RulesBook;
  registry: RpcRegistry;
  log(level: LogLevelName, text: string): void;
}): ControlSetup {
  const { cluster, supvisors: sv, registry } = o;
  const node = new ControlNode({
    options: {
      localId: cluster.core.state.localId,
      tickPeriod: sv.tickPeriod,
      startingStrategy: sv.startingStrategy,
      conciliationStrategy: sv.conciliationStrategy,
    },
    book: o.book,
    cluster,
    local: {
      start: (namespec, extraArgs) => registry.dispatch("supvisors.start_args", [namespec, extraArgs, false]),
      stop: (namespec) => registry.dispatch("supervisor.stopProcess", [namespec, false]),
    },
    log: o.log,
  });
  const api: ControlApi = {
    state: () => node.state,
    snapshot: () => node.snapshot(),
    book: () => node.book,
    request: (request) => node.request(request),
    now: () => cluster.now(),
  };
  for (const method of [...applicationMethods(api, () => cluster.core.state), ...jobMethods(api)]) registry.register(method);
  // get_all_instances_info asks once per instance: one book per engine state and snapshot, not one per call.
  let cached: { state: unknown; snapshot: unknown; book: LoadBook } | null = null;
  const loadOf = (identifier: string) => {
    const snapshot = node.snapshot();
    if (cached === null || cached.state !== node.state || cached.snapshot !== snapshot) {
      cached = { state: node.state, snapshot, book: LoadBook.from(snapshot, node.book, processStatuses(node.state, snapshot)) };
    }
    return cached.book.instanceLoad(identifier);
  };
  return { node, api, loadOf };
}
