// The handshake with one instance (ST-HS): our reply to a peer's request, the verdict on a peer's
// reply (AUTHORIZED, NOT_AUTHORIZED, INCONSISTENT, UNKNOWN) and what each verdict does (ST-IN-11..13).
import type { Draft } from "./draft.ts";
import { setInstanceState } from "./instance-state.ts";
import { invalidate } from "./invalidation.ts";
import { message, type HandshakeMessage, type HandshakeReplyMessage, type ProcessInfo, type Strategies } from "./messages.ts";
import { localListNow, processKey } from "./processes.ts";
import { localWire, processEventBody } from "./serial.ts";
import type { Authorization, InstanceState } from "./states.ts";
import { localStrategies, sameStrategies } from "./strategies.ts";
import type { PeerIdentity } from "./transport.ts";

/**
 * ST-HS-02/03: the verdict on a reply. A peer that sees us ISOLATED refuses us; a peer with other
 * strategies is inconsistent; a missing reply is UNKNOWN (decided by the caller).
 * @example handshakeVerdict("RUNNING", same, same) // "AUTHORIZED"
 */
export function handshakeVerdict(yourState: InstanceState, theirs: Strategies, ours: Strategies): Authorization {
  if (yourState === "ISOLATED") return "NOT_AUTHORIZED";
  if (!sameStrategies(theirs, ours)) return "INCONSISTENT";
  return "AUTHORIZED";
}

/**
 * A peer's handshake request: answered; and when its strategies differ from ours, the peer is
 * fenced at once (it will fence us too on our reply, and may stop talking to us before we ask).
 */
export function onHandshakeRequest(d: Draft, from: string, request: HandshakeMessage): void {
  answerHandshake(d, from, request.attempt);
  if (sameStrategies(request.strategies, localStrategies(d.state))) return;
  d.log("warn", `strategies of ${from} differ from the local ones: ${JSON.stringify(request.strategies)}`);
  const state = d.get(from)!.state;
  // Reach a state ISOLATED may follow (ST-IN table): CHECKING from STOPPED, FAILED from CHECKED/RUNNING.
  if (state === "STOPPED") setInstanceState(d, from, "CHECKING", "handshake request received");
  if (state === "CHECKED" || state === "RUNNING") setInstanceState(d, from, "FAILED", "strategies changed");
  invalidate(d, from, true, "handshake INCONSISTENT");
}

/** Answers a peer's handshake request with everything it needs in one message. */
export function answerHandshake(d: Draft, from: string, attempt: number): void {
  const local = d.local;
  d.send(
    from,
    message("handshakeReply", {
      attempt,
      yourState: d.get(from)?.state ?? "STOPPED",
      network: d.state.options.network ?? null,
      strategies: localStrategies(d.state),
      stateModes: localWire(d.state),
      processes: localListNow(d),
      processVersion: local.processVersion,
    }),
  );
}

/** ST-HS-05 then ST-IN-11: processes loaded first, then CHECKED. */
function authorize(d: Draft, from: PeerIdentity, reply: HandshakeReplyMessage, processes: ProcessInfo[]): void {
  const id = from.identifier;
  const record = d.edit(id);
  record.identity = from;
  record.network = reply.network;
  record.view = reply.stateModes;
  record.processVersion = reply.processVersion;
  record.announcedVersion = Math.max(record.announcedVersion, reply.processVersion);
  record.syncPendingSeq = -1;
  record.processes = new Map(processes.map((info) => [processKey(info.group, info.name), info]));
  // As with a full list (onProcessList): every process is an event, so that the layers above
  // (control, event interface) see the returning instance's processes one by one.
  for (const info of processes) d.publish({ topic: "event", body: processEventBody(record, info, d.now), quiet: true });
  setInstanceState(d, id, "CHECKED", "handshake AUTHORIZED");
}

/** A handshake reply from a peer: ignored unless it answers the current attempt (ST-IN-19). */
export function onHandshakeReply(d: Draft, from: PeerIdentity, reply: HandshakeReplyMessage): void {
  const id = from.identifier;
  const record = d.get(id);
  if (!record || record.state !== "CHECKING" || reply.attempt !== record.attempt) {
    d.log("debug", `stale handshake reply from ${id} ignored (attempt ${reply.attempt})`);
    return;
  }
  const verdict = handshakeVerdict(reply.yourState, reply.strategies, localStrategies(d.state));
  if (verdict === "NOT_AUTHORIZED") {
    d.log("warn", `the local instance is isolated by ${id}`);
    invalidate(d, id, true, "handshake NOT_AUTHORIZED");
  } else if (verdict === "INCONSISTENT") {
    d.log("warn", `strategies of ${id} differ from the local ones: ${JSON.stringify(reply.strategies)}`);
    invalidate(d, id, true, "handshake INCONSISTENT");
  } else if (reply.processes === null) {
    setInstanceState(d, id, "STOPPED", "its process list could not be read");
  } else {
    authorize(d, from, reply, reply.processes);
  }
}

/** The local instance checks itself on its first tick: always AUTHORIZED (ST-IN-10). */
export function checkLocal(d: Draft): void {
  setInstanceState(d, d.localId, "CHECKING", "first local tick");
  d.edit(d.localId).network = d.state.options.network ?? null;
  setInstanceState(d, d.localId, "CHECKED", "handshake AUTHORIZED");
}

/**
 * ST-IN-12 (UNKNOWN): a reply that has not come within inactivity_ticks local ticks, or a link
 * that went down while checking, sends the instance back to STOPPED; its next tick retries.
 */
export function expireHandshakes(d: Draft): void {
  for (const record of [...d.all()]) {
    if (record.state !== "CHECKING" || record.identity.identifier === d.localId) continue;
    const id = record.identity.identifier;
    if (d.state.localSeq - record.checkingSeq > d.state.options.inactivityTicks) {
      setInstanceState(d, id, "STOPPED", "handshake UNKNOWN: no reply");
    } else if (d.state.localSeq === record.checkingSeq + 1) {
      // Asked once more a tick later, with the same attempt so that a late first reply still
      // counts: a request lost on a lossy path then costs one tick, not a whole expiry. Once
      // only: the reply can be large (every process of the peer) and slow under load.
      d.send(id, message("handshake", { attempt: record.attempt, strategies: localStrategies(d.state) }));
    }
  }
}
