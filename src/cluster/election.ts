// Master election (ST-MST): context stability from every RUNNING instance's published view, the
// agreement check on one Master, and the choice of a Master (existing ones first, core instances
// preferred, then the smallest nick).
import type { Draft } from "./draft.ts";
import { setMaster } from "./publication.ts";
import { coreIdentifiers } from "./resolver.ts";
import { viewOf } from "./serial.ts";
import { STABLE_INSTANCE_STATES } from "./states.ts";
import type { ClusterState } from "./state.ts";
import type { StateModesWire } from "./messages.ts";

export function isLocalMaster(state: ClusterState): boolean {
  return state.master !== "" && state.master === state.localId;
}

/** Identifiers the local node sees RUNNING. */
export function runningIdentifiers(state: ClusterState): string[] {
  return [...state.instances.values()].filter((r) => r.state === "RUNNING").map((r) => r.identity.identifier);
}

/**
 * One view's RUNNING set as a sorted, newline-joined key ("" when empty), or null when that view
 * holds an unstable instance state. Views are immutable values replaced on change, so each is
 * read once: the FSM evaluates stability after every input, and with N instances reading every
 * view each time would be N² work per frame.
 */
const runningKeys = new WeakMap<StateModesWire, string | null>();

function stableRunningOf(view: StateModesWire | null): string | null {
  if (!view) return null;
  const cached = runningKeys.get(view);
  if (cached !== undefined) return cached;
  const running: string[] = [];
  let stable = true;
  for (const [id, state] of Object.entries(view.instanceStates)) {
    if (!STABLE_INSTANCE_STATES.includes(state)) {
      stable = false;
      break;
    }
    if (state === "RUNNING") running.push(id);
  }
  const key = stable ? running.sort().join("\n") : null;
  runningKeys.set(view, key);
  return key;
}

/**
 * ST-MST-02: the stable-running set, or [] when the context is not stable: every instance seen
 * RUNNING must publish a view without CHECKING/CHECKED/FAILED, and all these views must agree.
 */
export function stableRunningSet(state: ClusterState): string[] {
  let reference: string | null = null;
  for (const record of state.instances.values()) {
    if (record.state !== "RUNNING") continue;
    const running = stableRunningOf(viewOf(state, record.identity.identifier));
    if (running === null || running === "") return [];
    if (reference === null) reference = running;
    else if (reference !== running) return [];
  }
  return reference === null ? [] : reference.split("\n");
}

/** The Masters declared by the instances seen RUNNING ("" included: someone without a Master). */
export function declaredMasters(state: ClusterState): Set<string> {
  const masters = new Set<string>();
  for (const id of runningIdentifiers(state)) masters.add(viewOf(state, id)?.master ?? "");
  return masters;
}

/** ST-MST-04: exactly one non-empty Master declared by every RUNNING instance. */
export function masterAgreed(state: ClusterState): boolean {
  const masters = declaredMasters(state);
  return masters.size === 1 && !masters.has("");
}

/**
 * ST-MST-03: candidates are the Masters already declared, else the RUNNING instances; core
 * instances are preferred; the smallest nick wins.
 */
export function chooseMaster(state: ClusterState): string {
  const declared = declaredMasters(state);
  declared.delete("");
  const candidates = declared.size > 0 ? [...declared] : runningIdentifiers(state);
  const core = coreIdentifiers(state).filter((id) => candidates.includes(id));
  const pool = core.length > 0 ? core : candidates;
  const nickOf = (id: string) => state.instances.get(id)?.identity.nick ?? id;
  let best = "";
  for (const id of pool) {
    if (best === "" || nickOf(id) < nickOf(best)) best = id;
  }
  return best;
}

export function selectMaster(d: Draft): void {
  setMaster(d, chooseMaster(d.state));
}

/** ST-SYN-05: with USER, a Master already chosen by a peer is accepted during SYNCHRONIZATION. */
export function acceptMaster(d: Draft): void {
  const declared = [...declaredMasters(d.state)].filter((m) => m !== "").sort();
  if (declared.length > 0) setMaster(d, declared[0]);
}
