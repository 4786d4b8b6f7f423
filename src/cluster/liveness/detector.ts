// The failure detector (SWIM with Lifeguard's refinements, over the links every instance already
// keeps with every other): a peer silent past its deadline is SUSPECTED, probed directly, and a few
// other peers are asked whether they still hear it. Anything heard from it withdraws the suspicion
// (refutation by being heard: every frame counts, not only ticks). Peers that do not hear it either
// confirm, and each confirmation shortens the time left before it is declared FAILED; a peer that
// still hears it keeps it alive here for longer (the trouble is on our link or in us). A link that
// closes, as it does when the process died, still makes an active peer FAILED at once — unless this
// node has just woken from a stall, when the close may be the peer's answer to our own silence.
import type { Draft } from "../draft.ts";
import { runFsm } from "../fsm.ts";
import { setInstanceState } from "../instance-state.ts";
import { message, type ProbeAckMessage, type ProbeMessage } from "../messages.ts";
import { publishLocalState } from "../publication.ts";
import type { InstanceRecord } from "../state.ts";
import { decayAtTick, nextProbeRound, noteDoubt, noteStall } from "./local-health.ts";
import { withTick, type PeerLiveness, type Suspicion } from "./peer-liveness.ts";
import { baseDeadline, INDIRECT_CHECKS, stallThreshold, suspectAfter, suspicionBounds, suspicionTimeout } from "./timing.ts";

/** States in which an instance is expected to talk to us and is judged when it does not. */
function judged(record: InstanceRecord): boolean {
  return record.state === "CHECKING" || record.state === "CHECKED" || record.state === "RUNNING";
}

function base(d: Draft): number {
  return baseDeadline(d.state.options.tickPeriod, d.state.options.inactivityTicks);
}

function setLiveness(d: Draft, identifier: string, liveness: PeerLiveness): void {
  d.edit(identifier).liveness = liveness;
}

/** Seconds of silence of a peer as this node can vouch for: never across its own stall. */
function silenceOf(d: Draft, record: InstanceRecord): number {
  return d.now - Math.max(record.liveness.heard, d.state.health.resumedAt);
}

/** Any frame from a peer: it is alive, and a suspicion of it is withdrawn (refutation). */
export function noteHeard(d: Draft, identifier: string): void {
  const record = d.get(identifier);
  if (!record) return;
  const suspicion = record.liveness.suspicion;
  if (suspicion) d.log("info", `instance ${identifier} heard again after ${(d.now - suspicion.since).toFixed(2)} s of suspicion: suspicion withdrawn`);
  setLiveness(d, identifier, { ...record.liveness, heard: d.now, suspicion: null });
}

/** A tick from a peer: heard, and one more sample of its rhythm. */
export function noteTick(d: Draft, identifier: string, sequence: number): void {
  noteHeard(d, identifier);
  const record = d.get(identifier)!;
  setLiveness(d, identifier, withTick(record.liveness, sequence, d.now, d.state.health.resumedAt));
}

/** The suspicion is over whatever the outcome (lost, stopped, fenced). */
export function dropSuspicion(d: Draft, identifier: string): void {
  const record = d.get(identifier);
  if (record?.liveness.suspicion) setLiveness(d, identifier, { ...record.liveness, suspicion: null });
}

/** Peers to ask about `suspect`: in the cluster, not suspected themselves, rotated per round. */
function helpersFor(d: Draft, suspect: string, round: number): string[] {
  const candidates: string[] = [];
  for (const record of d.all()) {
    const id = record.identity.identifier;
    if (id === d.localId || id === suspect || record.liveness.suspicion) continue;
    if (record.state === "RUNNING" || record.state === "CHECKED") candidates.push(id);
  }
  candidates.sort();
  if (candidates.length <= INDIRECT_CHECKS) return candidates;
  const start = round % candidates.length;
  return [...candidates.slice(start), ...candidates.slice(0, start)].slice(0, INDIRECT_CHECKS);
}

function suspect(d: Draft, record: InstanceRecord, silence: number, deadline: number): void {
  const id = record.identity.identifier;
  const round = nextProbeRound(d);
  const asked = helpersFor(d, id, round);
  const suspicion: Suspicion = { since: d.now, silence, round, asked, confirmedBy: [], hearingIt: [] };
  setLiveness(d, id, { ...record.liveness, suspicion });
  const whom = asked.length > 0 ? `asking ${asked.join(", ")}` : "nobody else to ask";
  d.log("warn", `instance ${id} suspected: nothing heard for ${silence.toFixed(2)} s (deadline ${deadline.toFixed(2)} s); ${whom}`);
  d.send(id, message("probe", { target: id, round }));
  for (const helper of asked) d.send(helper, message("probe", { target: id, round }));
}

/** Whether the suspicion of `record` has run its course: returns the reason to declare it FAILED. */
function verdict(d: Draft, record: InstanceRecord, suspicion: Suspicion, deadline: number): string | null {
  const { min, max } = suspicionBounds(base(d));
  const elapsed = d.now - suspicion.since;
  const silence = silenceOf(d, record);
  const confirmed = `${suspicion.confirmedBy.length} of ${suspicion.asked.length} asked confirmed`;
  if (suspicion.hearingIt.length > 0) {
    // Others hear it: give the link time to recover, but not for ever — a link that carries
    // nothing one way is as useless as a dead peer, and a reconnection re-syncs everything.
    const limit = deadline + 2 * max;
    return silence > limit ? `nothing heard for ${silence.toFixed(2)} s although ${suspicion.hearingIt.join(", ")} still hear${suspicion.hearingIt.length > 1 ? "" : "s"} it` : null;
  }
  const timeout = suspicionTimeout(suspicion.confirmedBy.length, suspicion.asked.length, min, max);
  return elapsed >= timeout ? `nothing heard for ${silence.toFixed(2)} s, suspected for ${elapsed.toFixed(2)} s, ${confirmed}` : null;
}

/**
 * Runs between local ticks (about ten times per tick): stalls of this node are noted first and
 * judge nobody; otherwise every active peer's silence is compared with its deadline. Also sends
 * the local view to peers when instance states changed since it was last sent, so that changes
 * spread within a fraction of a tick instead of waiting for the next TICK.
 * @param late seconds this check ran after it was due (measured by the node's timer)
 */
export function checkLiveness(d: Draft, late: number): void {
  const options = d.state.options;
  if (late > stallThreshold(options.tickPeriod)) {
    noteStall(d, late);
    return;
  }
  if (d.local.state !== "CHECKED" && d.local.state !== "RUNNING") return;
  if (d.state.instancesDirty) {
    d.state.instancesDirty = false;
    publishLocalState(d);
  }
  let lost = false;
  for (const record of [...d.all()]) {
    const id = record.identity.identifier;
    if (id === d.localId || !judged(record) || record.liveness.heard <= 0) continue;
    const deadline = suspectAfter(base(d), options.tickPeriod, record.liveness.gaps, d.state.health.score);
    const silence = silenceOf(d, record);
    const suspicion = record.liveness.suspicion;
    if (suspicion === null) {
      if (silence > deadline) suspect(d, record, silence, deadline);
      continue;
    }
    const why = verdict(d, record, suspicion, deadline);
    if (why !== null) lost = setInstanceState(d, id, "FAILED", why) || lost;
  }
  if (lost) runFsm(d);
}

/** A probe: about us (we are suspected: answer at once), or about another peer (say how we hear it). */
export function onProbe(d: Draft, from: string, probe: ProbeMessage): void {
  if (probe.target === d.localId) {
    noteDoubt(d, `${from} suspects this instance`);
    d.send(from, message("probeAck", { target: d.localId, round: probe.round, heardAgo: 0 }));
    return;
  }
  const target = d.get(probe.target);
  const heardAgo = target && judged(target) && target.liveness.heard > 0 ? d.now - target.liveness.heard : -1;
  d.send(from, message("probeAck", { target: probe.target, round: probe.round, heardAgo }));
}

/**
 * A helper's answer about a suspect. It hears the suspect when its last frame is clearly younger
 * than the silence that made us suspect it (by half a tick: the same last tick reaches every peer
 * at about the same time, so a frozen suspect looks equally silent to all).
 */
export function onProbeAck(d: Draft, from: string, ack: ProbeAckMessage): void {
  if (ack.target === from) return; // the suspect itself: heard already, which withdrew the suspicion
  const record = d.get(ack.target);
  const suspicion = record?.liveness.suspicion;
  if (!record || !suspicion || suspicion.round !== ack.round || !suspicion.asked.includes(from)) return;
  if (suspicion.confirmedBy.includes(from) || suspicion.hearingIt.includes(from)) return;
  const hears = ack.heardAgo >= 0 && ack.heardAgo < suspicion.silence - d.state.options.tickPeriod / 2;
  const next: Suspicion = hears
    ? { ...suspicion, hearingIt: [...suspicion.hearingIt, from] }
    : { ...suspicion, confirmedBy: [...suspicion.confirmedBy, from] };
  setLiveness(d, ack.target, { ...record.liveness, suspicion: next });
  if (hears) {
    d.log("info", `instance ${ack.target} still heard by ${from} (${ack.heardAgo.toFixed(2)} s ago): not declared lost yet`);
    noteDoubt(d, `${from} still hears ${ack.target}`);
  }
}

/**
 * EVT-INT-15 / ST-IN-15(b): the link to an active peer closed. A process that died closes its
 * sockets: FAILED at once. Right after a stall of this node, the close may instead be the peer
 * giving up on us while we were frozen: then it is only suspected, and probed like any other.
 */
export function onLinkDown(d: Draft, identifier: string, reason: string): void {
  const record = d.get(identifier);
  if (!record || !judged(record)) return;
  if (d.now - d.state.health.resumedAt < base(d) && record.liveness.suspicion === null) {
    d.log("info", `link to ${identifier} down (${reason}) just after a local stall: suspected, not yet lost`);
    suspect(d, record, silenceOf(d, record), 0);
    return;
  }
  setInstanceState(d, identifier, "FAILED", `link down: ${reason}`);
  runFsm(d);
}

export { decayAtTick };
