// The starting strategies (ST-STR-01..06): given the candidate instances of a start, in their
// rules order, and the loads, which instance gets it. Only candidates whose node can take the
// load are valid (ST-LD-04); loads compared include starts already planned (ST-LD-03).
//
//   chooseInstance("LESS_LOADED", ["a:1", "b:1"], 20, loads, "a:1"); // → the emptier valid one, or null

import type { StartingStrategy } from "../../config/rules/index.ts";
import type { LoadBook } from "./load.ts";

interface Weighed {
  identifier: string;
  instance: number;
  node: number;
}

/** Lexicographic comparison of two load pairs. */
function compare(a: [number, number], b: [number, number]): number {
  return a[0] - b[0] || a[1] - b[1];
}

/**
 * The least (`highest` false) or greatest (`highest` true) candidate by `key`. Equal keys keep the
 * candidate order the way a stable sort does: the first for the least, the last for the greatest.
 */
function pick(valid: Weighed[], key: (w: Weighed) => [number, number], highest: boolean): string | null {
  let best: Weighed | undefined;
  for (const candidate of valid) {
    if (best === undefined) {
      best = candidate;
      continue;
    }
    const order = compare(key(candidate), key(best));
    if (highest ? order >= 0 : order < 0) best = candidate;
  }
  return best?.identifier ?? null;
}

/**
 * The instance `strategy` picks among `candidates` for a start weighing `load`, or null when none
 * is valid. `localId` is the instance running the request, the only one LOCAL may pick.
 *
 * CONFIG: first valid. LESS_LOADED: lowest instance load, then lowest node load, then first.
 * MOST_LOADED: highest instance load, then highest node load, then last. LESS_LOADED_NODE and
 * MOST_LOADED_NODE: the same with node load compared first.
 */
export function chooseInstance(
  strategy: StartingStrategy,
  candidates: string[],
  load: number,
  loads: LoadBook,
  localId: string,
): string | null {
  if (strategy === "LOCAL") {
    return candidates.includes(localId) && loads.fits(localId, load) ? localId : null;
  }
  const valid: Weighed[] = candidates
    .filter((identifier) => loads.fits(identifier, load))
    .map((identifier) => ({
      identifier,
      instance: loads.plannedInstanceLoad(identifier),
      node: loads.plannedNodeLoad(identifier),
    }));
  const byInstance = (w: Weighed): [number, number] => [w.instance, w.node];
  const byNode = (w: Weighed): [number, number] => [w.node, w.instance];
  switch (strategy) {
    case "CONFIG":
      return valid[0]?.identifier ?? null;
    case "LESS_LOADED":
      return pick(valid, byInstance, false);
    case "MOST_LOADED":
      return pick(valid, byInstance, true);
    case "LESS_LOADED_NODE":
      return pick(valid, byNode, false);
    case "MOST_LOADED_NODE":
      return pick(valid, byNode, true);
  }
}
