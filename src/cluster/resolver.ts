// Names a user may give for instances (RPC-GEN-08, CFG-SV-18): identifier, nick identifier or
// stereotype, resolved against the instances known now (discovered ones included).
import type { ClusterState } from "./state.ts";

/**
 * Resolves each name to identifiers in instance order; unknown names are dropped, duplicates kept
 * once. A stereotype expands to every instance carrying it.
 * @example resolveInstances(state, ["b", "@front"]) // ["b:9001", "c:9001", "d:9001"]
 */
export function resolveInstances(state: ClusterState, names: readonly string[]): string[] {
  const result: string[] = [];
  const push = (id: string) => {
    if (!result.includes(id)) result.push(id);
  };
  for (const name of names) {
    if (state.instances.has(name)) {
      push(name);
      continue;
    }
    const byNick = [...state.instances.values()].find((r) => r.identity.nick === name);
    if (byNick) {
      push(byNick.identity.identifier);
      continue;
    }
    for (const record of state.instances.values()) {
      if (record.identity.stereotypes.includes(name)) push(record.identity.identifier);
    }
  }
  return result;
}

/** The core identifiers as they resolve now (CFG-SV-18: lazily, discovered instances count). */
export function coreIdentifiers(state: ClusterState): string[] {
  return resolveInstances(state, state.options.coreIdentifiers);
}
