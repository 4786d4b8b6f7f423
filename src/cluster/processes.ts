// The shared process view: every node holds every instance's processes, kept current from the
// peers' PROCESS messages. Each instance numbers its list versions; a receiver that sees a gap
// (a lost or reordered message, a tick announcing a newer version) asks for the whole list.
import type { Draft } from "./draft.ts";
import { message, type ProcessChange, type ProcessInfo, type ProcessListMessage, type ProcessMessage } from "./messages.ts";
import { processEventBody } from "./serial.ts";
import { ACTIVE_INSTANCE_STATES } from "./states.ts";

export function processKey(group: string, name: string): string {
  return `${group}:${name}`;
}

/**
 * A stored process struct as read at `now` (the local monotonic clock), for a whole list sent to a
 * peer (handshake reply, full list). Each struct is kept as of its last state change, so its
 * `now_monotonic` may be long past; the receiver dates the list by its arrival and measures a
 * copy's age (ST-CON-07) as `now_monotonic − start_monotonic` plus the time since then, so a stale
 * `now_monotonic` would make a process that has run for minutes look as young as its startsecs.
 * Supervisor's getProcessInfo gives `now` at the time of the call, as this does. Both clocks move
 * by the same time; only the sender's clock is involved.
 */
export function asReadNow(info: ProcessInfo, now: number): ProcessInfo {
  const elapsed = now - info.now_monotonic;
  if (elapsed <= 0) return info;
  return { ...info, now: info.now + Math.round(elapsed), now_monotonic: now };
}

/** The local process list as read now (see asReadNow). */
export function localListNow(d: Draft): ProcessInfo[] {
  return [...d.local.processes.values()].map((info) => asReadNow(info, d.now));
}

/** Sends a message to every active peer (EVT-INT-04: non-tick publications). */
function toActivePeers(d: Draft, payload: ProcessMessage | ProcessListMessage): void {
  for (const record of d.all()) {
    if (record.identity.identifier === d.localId) continue;
    if (ACTIVE_INSTANCE_STATES.includes(record.state)) d.send(record.identity.identifier, payload);
  }
}

/** Applies one change to one instance's process map; publishes what the event interface shows. */
function applyChange(d: Draft, identifier: string, change: ProcessChange): void {
  const processes = d.editProcesses(identifier);
  if (change.op === "update") {
    const key = processKey(change.info.group, change.info.name);
    const previous = processes.get(key);
    processes.set(key, change.info);
    // Supvisors tells an enable / disable apart from a state change (EVT-17 vs EVT-14).
    const disability = previous !== undefined && previous.state === change.info.state && previous.disabled !== change.info.disabled;
    d.publish({ topic: disability ? "disability" : "event", body: processEventBody(d.get(identifier)!, change.info, d.now) });
    return;
  }
  for (const [key, info] of [...processes]) {
    if (info.group === change.group && (change.name === "*" || info.name === change.name)) {
      processes.delete(key);
      d.publish({ topic: "processRemoved", identifier, group: info.group, name: info.name });
    }
  }
}

function bumpLocalVersion(d: Draft): number {
  const local = d.edit(d.localId);
  local.processVersion += 1;
  return local.processVersion;
}

/** The whole local list (start, reload): replaces the local view and is sent to active peers. */
export function setLocalProcesses(d: Draft, processes: ProcessInfo[]): void {
  const version = bumpLocalVersion(d);
  d.replaceProcesses(d.localId, new Map(processes.map((info) => [processKey(info.group, info.name), info])));
  toActivePeers(d, message("processList", { version, processes }));
}

export function changeLocalProcess(d: Draft, change: ProcessChange): void {
  const version = bumpLocalVersion(d);
  applyChange(d, d.localId, change);
  toActivePeers(d, message("process", { version, change }));
}

/** Asks a peer for its whole list, at most once per inactivity window. */
export function requestProcessList(d: Draft, identifier: string): void {
  const record = d.get(identifier)!;
  const pending = record.syncPendingSeq >= 0 && d.state.localSeq - record.syncPendingSeq <= d.state.options.inactivityTicks;
  if (pending) return;
  d.edit(identifier).syncPendingSeq = d.state.localSeq;
  d.send(identifier, message("processSync", {}));
}

/** Process events count only from CHECKED / RUNNING instances (as in Supvisors). */
function accepts(d: Draft, identifier: string): boolean {
  const state = d.get(identifier)?.state;
  return state === "CHECKED" || state === "RUNNING";
}

export function onProcessMessage(d: Draft, from: string, msg: ProcessMessage): void {
  if (!accepts(d, from)) return;
  const record = d.get(from)!;
  if (msg.version <= record.processVersion) return; // duplicate or already covered by a full list
  if (msg.version !== record.processVersion + 1) {
    d.log("debug", `process version gap from ${from} (${record.processVersion} → ${msg.version}): full list requested`);
    requestProcessList(d, from);
    return;
  }
  d.edit(from).processVersion = msg.version;
  applyChange(d, from, msg.change);
}

export function onProcessList(d: Draft, from: string, msg: ProcessListMessage): void {
  if (!accepts(d, from)) return;
  const record = d.edit(from);
  record.syncPendingSeq = -1;
  if (msg.version < record.processVersion) return;
  record.processVersion = msg.version;
  record.announcedVersion = Math.max(record.announcedVersion, msg.version);
  const processes = new Map<string, ProcessInfo>();
  d.replaceProcesses(from, processes);
  for (const info of msg.processes) {
    processes.set(processKey(info.group, info.name), info);
    d.publish({ topic: "event", body: processEventBody(record, info, d.now), quiet: true });
  }
}

/** A tick announcing a newer version than we hold means a message was missed. */
export function onAnnouncedVersion(d: Draft, from: string, version: number): void {
  const record = d.get(from)!;
  if (version > record.announcedVersion) d.edit(from).announcedVersion = version;
  if (accepts(d, from) && version > record.processVersion) requestProcessList(d, from);
}

export function answerProcessSync(d: Draft, from: string): void {
  const local = d.local;
  d.send(from, message("processList", { version: local.processVersion, processes: localListNow(d) }));
}
