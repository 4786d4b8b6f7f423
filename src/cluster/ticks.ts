// Heartbeats (ST-IN-10/15/18, EVT-INT-05): the local tick drives the counter, the inactivity
// check, the FSM evaluation and the TICK sent to every known instance; a remote tick starts the
// handshake, refreshes liveness and carries the sender's view (ST-MST-02).
import type { Draft } from "./draft.ts";
import { runFsm } from "./fsm.ts";
import { checkLocal, expireHandshakes } from "./handshake.ts";
import { setInstanceState } from "./instance-state.ts";
import { decayAtTick, noteHeard, noteTick } from "./liveness/detector.ts";
import { message, type StateModesWire, type TickMessage } from "./messages.ts";
import { localPeersDigest, sendPeers } from "./peers.ts";
import { onAnnouncedVersion } from "./processes.ts";
import { publishInstance } from "./publication.ts";
import { localWire, supvisorsStatus } from "./serial.ts";
import { wallAt } from "./state.ts";

export function onLocalTick(d: Draft, wall: number): void {
  const seq = d.state.localSeq + 1;
  d.state.localSeq = seq;
  d.state.clock = { mono: d.now, wall };
  d.edit(d.localId).times = { remoteSeq: seq, remoteMtime: d.now, remoteTime: wall, localSeq: seq, localMtime: d.now, localTime: wall };
  if (seq === 1) connectDeclared(d);
  if (d.local.state === "STOPPED") {
    checkLocal(d);
    // Peers whose ticks came before this one were not checked then: their next tick could be a
    // whole period away, so their handshake starts now.
    for (const record of [...d.all()]) {
      if (record.identity.identifier !== d.localId && record.state === "STOPPED" && record.liveness.heard > 0) {
        setInstanceState(d, record.identity.identifier, "CHECKING", "tick received before the local check");
      }
    }
  }
  publishInstance(d, d.localId);
  // Silent peers are judged by the failure detector (liveness/detector.ts), between ticks and by
  // time, not by counting local ticks: a node whose ticks come late would blame its peers.
  decayAtTick(d);
  expireHandshakes(d);
  runFsm(d);
  if (d.state.instancesDirty) {
    // ST-FSM-18: instance state changes are published once per tick; peers get them in the TICK.
    d.state.instancesDirty = false;
    d.publish({ topic: "supvisors", body: supvisorsStatus(d.state, d.now) });
  }
  const wire = localWire(d.state);
  if (!sameView(wire, d.state.lastTickView?.view ?? null)) d.state.lastTickView = { view: wire, changedAt: seq };
  // Repeated for a few ticks after a change, so that a lossy path repairs within a tick or two.
  const full = seq % FULL_VIEW_EVERY === 0 || seq - (d.state.lastTickView?.changedAt ?? 0) < VIEW_REPEATS;
  const tick = tickMessage(d, full ? wire : null);
  for (const record of d.all()) {
    const id = record.identity.identifier;
    if (id !== d.localId && record.state !== "ISOLATED") d.send(id, tick);
  }
  if (d.state.options.discoveryMode) d.emit({ type: "announce" });
}

/**
 * Every how many ticks the view goes in the tick even when unchanged: over TCP nothing is lost
 * while a link lives (and a new link gets a full tick), so this only repairs what a lossy path
 * could have dropped; ten ticks bound that repair to two seconds at 0.2 s ticks.
 */
export const FULL_VIEW_EVERY = 10;

/** Ticks that still carry a view after it changed (the change also went at once in STATE). */
export const VIEW_REPEATS = 3;

/** The local TICK as it stands now (sent every tick_period, and at once, with the view, on a new link). */
export function tickMessage(d: Draft, view: StateModesWire | null = localWire(d.state)): TickMessage {
  return message("tick", {
    sequence: d.state.localSeq,
    when: wallAt(d.state, d.now),
    whenMonotonic: d.now,
    stateModes: view,
    processVersion: d.local.processVersion,
    peersDigest: localPeersDigest(d),
  });
}

/**
 * A new link to a peer: our tick goes at once, so the peer can start its handshake now rather
 * than at our next tick — with the default 5 s ticks that is what makes a cluster form in well
 * under a second instead of a tick or two.
 */
export function onLinkUp(d: Draft, identifier: string): void {
  const record = d.get(identifier);
  if (!record || record.state === "ISOLATED" || d.state.localSeq === 0) return;
  d.send(identifier, tickMessage(d));
}

/** At start the transport learns where every declared peer lives, so ticks can reach them. */
function connectDeclared(d: Draft): void {
  for (const record of d.all()) {
    if (record.identity.identifier !== d.localId && record.address !== "") d.emit({ type: "connect", peer: record.identity, address: record.address });
  }
}

/**
 * Whether two published views say the same, field by field: every tick carries one, so with many
 * instances this runs hundreds of times a second and must not serialise them.
 */
export function sameView(a: StateModesWire | null, b: StateModesWire | null): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  if (a.fsm !== b.fsm || a.degraded !== b.degraded || a.discovery !== b.discovery || a.master !== b.master) return false;
  if (a.startingJobs !== b.startingJobs || a.stoppingJobs !== b.stoppingJobs) return false;
  const ka = Object.keys(a.instanceStates);
  if (ka.length !== Object.keys(b.instanceStates).length) return false;
  // Same keys in the same order: a reordered map is a different publication (kept as JSON did).
  let i = 0;
  for (const key in b.instanceStates) {
    if (key !== ka[i] || a.instanceStates[key] !== b.instanceStates[key]) return false;
    i += 1;
  }
  return true;
}

/** Stores what an instance published; returns whether it changed (worth an FSM evaluation). */
export function storeView(d: Draft, identifier: string, view: StateModesWire): boolean {
  const record = d.get(identifier)!;
  if (record.state !== "CHECKING" && record.state !== "CHECKED" && record.state !== "RUNNING") return false;
  if (sameView(record.view, view)) return false;
  d.edit(identifier).view = view;
  return true;
}

export function onRemoteTick(d: Draft, identifier: string, tick: TickMessage): void {
  // Remote ticks are dated against local ones: none counts before the local instance is checked.
  // It is remembered as heard, so that the first local tick checks that peer at once.
  if (d.local.state !== "CHECKED" && d.local.state !== "RUNNING") return noteHeard(d, identifier);
  const before = d.get(identifier)!;
  let changed = false;
  if (tick.sequence < before.times.remoteSeq && (before.state === "CHECKING" || before.state === "CHECKED" || before.state === "RUNNING")) {
    // ST-IN-18: a counter going backwards is a restart we did not see: start over with it.
    d.log("warn", `stealth restart of ${identifier} (tick ${tick.sequence} after ${before.times.remoteSeq})`);
    changed = setInstanceState(d, identifier, "FAILED", "stealth restart");
  }
  noteTick(d, identifier, tick.sequence);
  d.edit(identifier).times = {
    remoteSeq: tick.sequence,
    remoteMtime: tick.whenMonotonic,
    remoteTime: tick.when,
    localSeq: d.state.localSeq,
    localMtime: d.now,
    localTime: wallAt(d.state, d.now),
  };
  if (d.get(identifier)!.state === "STOPPED") setInstanceState(d, identifier, "CHECKING", "first tick received");
  if (tick.stateModes !== null) changed = storeView(d, identifier, tick.stateModes) || changed;
  onAnnouncedVersion(d, identifier, tick.processVersion);
  publishInstance(d, identifier);
  if (d.state.options.discoveryMode && tick.peersDigest !== localPeersDigest(d)) sendPeers(d, identifier);
  if (changed) runFsm(d);
}
