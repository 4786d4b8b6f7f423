// The state machine of one instance as the local node sees it (ST-IN): the allowed edges in one
// table, and the single function that moves an instance along them with all the side effects a
// change has (log, Master loss, view reset, publication).
import type { Draft } from "./draft.ts";
import { localStrategies } from "./strategies.ts";
import { message } from "./messages.ts";
import { publishInstance, setMaster } from "./publication.ts";
import type { InstanceState } from "./states.ts";
import { dropSuspicion } from "./liveness/detector.ts";

/** ST-IN-10..16: every allowed edge; ISOLATED is a dead end (ST-IN-06). */
export const INSTANCE_TRANSITIONS: Readonly<Record<InstanceState, readonly InstanceState[]>> = {
  STOPPED: ["CHECKING"],
  CHECKING: ["STOPPED", "CHECKED", "FAILED", "ISOLATED"],
  CHECKED: ["RUNNING", "FAILED"],
  RUNNING: ["FAILED"],
  FAILED: ["STOPPED", "ISOLATED"],
  ISOLATED: [],
};

export function instanceTransitionAllowed(from: InstanceState, to: InstanceState): boolean {
  return INSTANCE_TRANSITIONS[from].includes(to);
}

/**
 * Moves an instance to a new state. A refused edge is logged critical and ignored (never thrown:
 * a peer must not be able to crash the node). Returns whether the state changed.
 */
export function setInstanceState(d: Draft, identifier: string, to: InstanceState, why: string): boolean {
  const current = d.get(identifier);
  if (!current || current.state === to) return false;
  if (!instanceTransitionAllowed(current.state, to)) {
    d.log("critical", `instance ${identifier}: transition refused from ${current.state} to ${to} (${why})`);
    return false;
  }
  const record = d.edit(identifier);
  record.state = to;
  d.log(to === "RUNNING" || to === "CHECKING" || to === "CHECKED" ? "info" : "warn", `instance ${identifier} is ${to} (${why})`);
  if (to === "STOPPED" || to === "ISOLATED") {
    // What it published belongs to a session that is over (Supvisors resets its state & modes).
    record.view = null;
    record.syncPendingSeq = -1;
  }
  // A suspicion belongs to an active instance; its outcome is decided once it leaves them.
  if (to !== "CHECKING" && to !== "CHECKED" && to !== "RUNNING") dropSuspicion(d, identifier);
  if (to === "CHECKING") startHandshake(d, identifier);
  d.state.instancesDirty = true;
  // ST-MST-05: a Master that is no longer RUNNING is no Master.
  if (to !== "RUNNING" && identifier === d.state.master) setMaster(d, "");
  publishInstance(d, identifier);
  return true;
}

/** ST-IN-10: entering CHECKING sends the handshake request (the local one is answered at once). */
function startHandshake(d: Draft, identifier: string): void {
  const record = d.edit(identifier);
  record.attempt += 1;
  record.checkingSeq = d.state.localSeq;
  if (identifier !== d.localId) d.send(identifier, message("handshake", { attempt: record.attempt, strategies: localStrategies(d.state) }));
}
