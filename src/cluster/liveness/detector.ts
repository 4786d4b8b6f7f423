// The failure detector (SWIM with Lifeguard's refinements, over the links every instance already
// keeps with every other): a peer silent past its deadline is SUSPECTED, probed directly, and a few
// other peers are asked to probe it too. Anything heard from it withdraws the suspicion
// (refutation by being heard: every frame counts, not only ticks). Peers it does not answer either
// confirm (nack), and each confirmation shortens the time left before it is declared FAILED; a
// peer it answers keeps it alive here for longer (the trouble is on our link or in us). A link that
// closes, as it does when the process died, still makes an active peer FAILED at once — unless this
// node has just woken from a stall, when the close may be the peer's answer to our own silence.
import type { Draft } from "../draft.ts";
import { runFsm } from "../fsm.ts";
import { setInstanceState } from "../instance-state.ts";
import { message, type ProbeAckMessage, type ProbeMessage } from "../messages.ts";
import { publishLocalState } from "../publication.ts";
import type { InstanceRecord, Relay } from "../state.ts";
import { decayAtTick, nextProbeRound, noteDoubt, noteStall } from "./local-health.ts";
import { withTick, type PeerLiveness, type Suspicion } from "./peer-liveness.ts";
import { baseDeadline, healthMultiplier, INDIRECT_CHECKS, stallThreshold, suspectAfter, suspicionBounds, suspicionTimeout } from "./timing.ts";

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
  answerRelaysAbout(d, identifier);
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

/**
 * Peers to ask about `suspect`: in the cluster, rotated per round. Peers suspected themselves are
 * asked too: when this node is the one cut off, every peer goes suspect at once, and leaving them
 * out left the last suspect with nobody to ask, so it waited out the longest suspicion (the cut-off
 * node named an unreachable Master for 2.2 s at tick 0.2 × 3); a suspect asked that is really gone
 * stays silent, which confirms, and one that answers withdraws its own suspicion as well.
 */
function helpersFor(d: Draft, suspect: string, round: number): string[] {
  const candidates: string[] = [];
  for (const record of d.all()) {
    const id = record.identity.identifier;
    if (id === d.localId || id === suspect) continue;
    if (record.state === "RUNNING" || record.state === "CHECKED") candidates.push(id);
  }
  candidates.sort();
  if (candidates.length <= INDIRECT_CHECKS) return candidates;
  const start = round % candidates.length;
  return [...candidates.slice(start), ...candidates.slice(0, start)].slice(0, INDIRECT_CHECKS);
}

/** Starts a suspicion, or a new probe round of one whose suspect still answered others (`again`). */
function suspect(d: Draft, record: InstanceRecord, silence: number, deadline: number, again = false): void {
  const id = record.identity.identifier;
  const round = nextProbeRound(d);
  const asked = helpersFor(d, id, round);
  const suspicion: Suspicion = { since: d.now, round, asked, confirmedBy: [], hearingIt: [] };
  setLiveness(d, id, { ...record.liveness, suspicion });
  const whom = asked.length > 0 ? `asking ${asked.join(", ")}` : "nobody else to ask";
  if (again) d.log("debug", `instance ${id} still silent here (${silence.toFixed(2)} s) but answering others: probed again; ${whom}`);
  else d.log("warn", `instance ${id} suspected: nothing heard for ${silence.toFixed(2)} s (deadline ${deadline.toFixed(2)} s); ${whom}`);
  d.send(id, message("probe", { target: id, round }));
  for (const helper of asked) d.send(helper, message("probe", { target: id, round }));
}

/**
 * Where a suspicion stands once checked: still open, run out (lost, with the reason), or run out
 * while the suspect answered other peers' probes — then it is alive and the trouble is our link
 * or ourselves (a TCP retransmission backing off, a one-way cut): never declared lost for that,
 * since a loss would have its processes restarted elsewhere while they still run. It is probed
 * again; it is lost once nobody gets an answer, or at once if its connection closes.
 */
type Verdict = { kind: "open" } | { kind: "lost"; why: string } | { kind: "renew" };

function verdict(d: Draft, record: InstanceRecord, suspicion: Suspicion): Verdict {
  const { min, max } = suspicionBounds(base(d));
  const elapsed = d.now - suspicion.since;
  // A peer asked that has not answered at all (not even a nack) a tick after its relay timed
  // out cannot reach us either: its silence confirms. Without this, a node cut off from everyone
  // would wait out the whole maximum for each peer, naming a Master it cannot reach.
  const silentHelpers = elapsed >= relayTimeout(d) + d.state.options.tickPeriod ? suspicion.asked.length - suspicion.confirmedBy.length - suspicion.hearingIt.length : 0;
  const confirmations = suspicion.confirmedBy.length + silentHelpers;
  const timeout = suspicion.hearingIt.length > 0 ? max : suspicionTimeout(confirmations, suspicion.asked.length, min, max);
  if (elapsed < timeout) return { kind: "open" };
  if (suspicion.hearingIt.length > 0) return { kind: "renew" };
  const silence = silenceOf(d, record);
  const silent = silentHelpers > 0 ? `, ${silentHelpers} silent` : "";
  return { kind: "lost", why: `nothing heard for ${silence.toFixed(2)} s, suspected for ${elapsed.toFixed(2)} s, ${suspicion.confirmedBy.length} of ${suspicion.asked.length} asked confirmed${silent}` };
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
  expireRelays(d);
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
    const outcome = verdict(d, record, suspicion);
    if (outcome.kind === "renew") suspect(d, record, silence, deadline, true);
    else if (outcome.kind === "lost" && setInstanceState(d, id, "FAILED", outcome.why)) {
      lost = true;
      // Its connection may be stuck in TCP's retransmission backoff: a fresh one rejoins at once
      // when the network heals, instead of seconds later.
      d.emit({ type: "reset", identifier: id, reason: "declared lost: nothing heard" });
    }
  }
  if (lost) runFsm(d);
}

/** Relays under way at once, at most: a flood of probes must not grow this node's state. */
export const MAX_RELAYS = 64;

/**
 * A probe. About us: we are suspected, so answer at once. About another peer: probe it on the
 * asker's behalf and answer when it answers us, or with a nack once the relay times out
 * (relayTimeout). Only a fresh answer counts: a frame sent before a pause can still arrive late
 * (a TCP retransmission), so "heard recently" would vouch for a frozen peer.
 */
export function onProbe(d: Draft, from: string, probe: ProbeMessage): void {
  if (probe.target === d.localId) {
    noteDoubt(d, `${from} suspects this instance`);
    d.send(from, message("probeAck", { target: d.localId, round: probe.round, alive: true }));
    return;
  }
  const target = d.get(probe.target);
  if (!target || !judged(target) || d.state.relays.size >= MAX_RELAYS) {
    d.send(from, message("probeAck", { target: probe.target, round: probe.round, alive: false }));
    return;
  }
  const round = nextProbeRound(d);
  d.state.relays = new Map(d.state.relays).set(round, { target: probe.target, asker: from, askerRound: probe.round, since: d.now });
  d.send(probe.target, message("probe", { target: probe.target, round }));
}

/**
 * How long a relayed probe waits for the target: half the user's bound (the asker's suspicion
 * lasts at least that long, so its answer arrives in time to count), stretched by this node's
 * own health as Lifeguard stretches probe timeouts.
 */
function relayTimeout(d: Draft): number {
  return (base(d) / 2) * healthMultiplier(d.state.health.score);
}

/** Relays whose target did not answer in time: the askers get a nack. */
function expireRelays(d: Draft): void {
  if (d.state.relays.size === 0) return;
  const timeout = relayTimeout(d);
  let relays: Map<number, Relay> | null = null;
  for (const [round, relay] of d.state.relays) {
    if (d.now - relay.since < timeout) continue;
    relays ??= new Map(d.state.relays);
    relays.delete(round);
    d.send(relay.asker, message("probeAck", { target: relay.target, round: relay.askerRound, alive: false }));
  }
  if (relays) d.state.relays = relays;
}

/**
 * Anything heard from a target after its relays began answers them: over a lossy path the frame
 * that gets through first need not be the answer to our probe (TCP delivers in order, and the
 * probe waits behind what was lost), and it proves the target alive as well.
 */
function answerRelaysAbout(d: Draft, target: string): void {
  if (d.state.relays.size === 0) return;
  let relays: Map<number, Relay> | null = null;
  for (const [round, relay] of d.state.relays) {
    if (relay.target !== target) continue;
    relays ??= new Map(d.state.relays);
    relays.delete(round);
    d.send(relay.asker, message("probeAck", { target, round: relay.askerRound, alive: true }));
  }
  if (relays) d.state.relays = relays;
}

/** The target's answer to a relayed probe: passed on to the asker. */
function answerRelay(d: Draft, from: string, ack: ProbeAckMessage): void {
  const relay = d.state.relays.get(ack.round);
  if (!relay || relay.target !== from) return;
  const relays = new Map(d.state.relays);
  relays.delete(ack.round);
  d.state.relays = relays;
  d.send(relay.asker, message("probeAck", { target: relay.target, round: relay.askerRound, alive: true }));
}

/**
 * An answer to a probe: from a suspect itself (heard already, which withdrew our suspicion, or
 * the answer to a probe relayed for someone else), or from a peer we asked about a suspect: an
 * ack means the suspect answered it (the trouble is on our link or in us), a nack confirms.
 */
export function onProbeAck(d: Draft, from: string, ack: ProbeAckMessage): void {
  if (ack.target === from) return answerRelay(d, from, ack);
  const record = d.get(ack.target);
  const suspicion = record?.liveness.suspicion;
  if (!record || !suspicion || suspicion.round !== ack.round || !suspicion.asked.includes(from)) return;
  if (suspicion.confirmedBy.includes(from) || suspicion.hearingIt.includes(from)) return;
  const next: Suspicion = ack.alive
    ? { ...suspicion, hearingIt: [...suspicion.hearingIt, from] }
    : { ...suspicion, confirmedBy: [...suspicion.confirmedBy, from] };
  setLiveness(d, ack.target, { ...record.liveness, suspicion: next });
  if (ack.alive) {
    d.log("info", `instance ${ack.target} answered ${from}: not declared lost yet`);
    noteDoubt(d, `${ack.target} answers ${from}`);
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
