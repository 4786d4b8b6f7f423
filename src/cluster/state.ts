// The whole state of one node's cluster core: what it knows of every instance (ST-IN), its FSM
// state and modes (ST-FSM, ST-MOD), its Master, and its local tick counter. A plain value: the
// step function never mutates one, it returns the next (copy-on-write, see draft.ts).
import { NO_LIVENESS, type PeerLiveness } from "./liveness/peer-liveness.ts";
import type { ProcessInfo, StateModesWire } from "./messages.ts";
import {
  effectiveFailureStrategy,
  type ClusterOptions,
  type NetworkInfo,
  type SupvisorsFailureStrategy,
  type SynchroOption,
} from "./options.ts";
import type { FsmState, InstanceState } from "./states.ts";
import type { PeerIdentity } from "./transport.ts";

/** Tick bookkeeping of one instance (RPC-SV-09 `remote_*` / `local_*` keys). */
export interface InstanceTimes {
  remoteSeq: number;
  remoteMtime: number;
  remoteTime: number;
  /** Local tick counter when its last tick arrived: the inactivity reference (ST-IN-15). */
  localSeq: number;
  localMtime: number;
  localTime: number;
}

export interface InstanceRecord {
  identity: PeerIdentity;
  address: string;
  /** Declared in supvisors_list (STRICT counts these), else discovered. */
  declared: boolean;
  state: InstanceState;
  /** Handshake attempt number; a reply carrying another one is stale (ST-IN-19). */
  attempt: number;
  /** Local tick counter when CHECKING was entered, to give up on a reply that never comes. */
  checkingSeq: number;
  times: InstanceTimes;
  /** The state & modes it last published; null until known, reset when STOPPED or ISOLATED. */
  view: StateModesWire | null;
  network: NetworkInfo | null;
  /** Its processes by `group:name`, as it reported them. */
  processes: ReadonlyMap<string, ProcessInfo>;
  processVersion: number;
  /** Highest process-list version it announced in a tick. */
  announcedVersion: number;
  /** Local tick counter when its full process list was asked for; -1 when nothing is pending. */
  syncPendingSeq: number;
  /** What the failure detector knows of it: when it was last heard, its tick jitter, any suspicion. */
  liveness: PeerLiveness;
}

/**
 * The local node's own health, as Lifeguard's awareness: a score that rises each time this node
 * finds itself late (a timer fired late: paused, starved or blocked) or wrong (it suspected a peer
 * that others still hear), and decays by one per calm tick. It stretches every silence deadline.
 */
export interface LocalHealth {
  score: number;
  /** Monotonic time this node last found itself stalled; silence before it is not evidence. */
  resumedAt: number;
  /** A stall (or a wrong suspicion) since the last local tick: no decay at that tick. */
  troubledSinceTick: boolean;
  /** Numbers the probe rounds of this node's suspicions and relays. */
  probeRound: number;
}

/** A probe this node sends on behalf of a peer that suspects `target` (SWIM's ping-req). */
export interface Relay {
  target: string;
  /** Who asked, with its round, answered when the target answers or the relay times out. */
  asker: string;
  askerRound: number;
  since: number;
}

/** The starter / stopper / conflicts view the control layer feeds in (empty until it exists). */
export interface ControlView {
  startingJobs: boolean;
  stoppingJobs: boolean;
  /** A managed process runs on more than one instance (→ CONCILIATION). */
  conflicting: boolean;
}

export interface ClusterState {
  options: ClusterOptions;
  /** ST-SFA-05 applied once. */
  failureStrategy: SupvisorsFailureStrategy;
  localId: string;
  /** Declared instances first (in supvisors_list order), then discovered ones. */
  instances: ReadonlyMap<string, InstanceRecord>;
  fsm: FsmState;
  /** Monotonic time of the entry in OFF: uptime origin (ST-FSM-00). */
  startDate: number;
  master: string;
  degraded: boolean;
  control: ControlView;
  /**
   * Start / stop of all applications asked of the control layer and not yet answered: the FSM
   * counts them as jobs under way, so DISTRIBUTION and RESTARTING / SHUTTING_DOWN cannot end in
   * the step that began them (the control layer runs the command after the step).
   */
  pendingJobs: { start: boolean; stop: boolean };
  /** Local tick counter (TICK sequence). */
  localSeq: number;
  /** Monotonic and wall clocks read at the last local tick. */
  clock: { mono: number; wall: number };
  /** Instance states changed since the last publication (batched per tick, ST-FSM-18). */
  instancesDirty: boolean;
  /** Stable-running set of the last evaluation; empty when the context is not stable (ST-MST-02). */
  stable: string[];
  /** While in SYNCHRONIZATION: one human-readable line per selected option not yet satisfied. */
  waitingFor: string[];
  /** Which synchro conditions were last reported failing, so each change is logged once. */
  alerts: Partial<Record<SynchroOption, boolean>>;
  offAlerted: boolean;
  /** Unknown senders already reported, so a stranger does not flood the log. */
  warnedUnknown: ReadonlySet<string>;
  health: LocalHealth;
  /** Probes relayed for peers, by the round this node gave them. */
  relays: ReadonlyMap<number, Relay>;
  /** The view the last local tick stood for, and the tick at which it last changed. */
  lastTickView: { view: StateModesWire; changedAt: number } | null;
}

export const NO_TIMES: InstanceTimes = { remoteSeq: 0, remoteMtime: 0, remoteTime: 0, localSeq: 0, localMtime: 0, localTime: 0 };

export function newInstanceRecord(identity: PeerIdentity, address: string, declared: boolean): InstanceRecord {
  return {
    identity,
    address,
    declared,
    state: "STOPPED",
    attempt: 0,
    checkingSeq: 0,
    times: NO_TIMES,
    view: null,
    network: null,
    processes: new Map(),
    processVersion: 0,
    announcedVersion: 0,
    syncPendingSeq: -1,
    liveness: NO_LIVENESS,
  };
}

/**
 * The state of a node that has just started: every declared instance STOPPED, FSM in OFF.
 * @example initialState(clusterOptions({ identifier: "a:9001", nick: "a", host: "a", httpPort: 9001 }), 0)
 */
export function initialState(options: ClusterOptions, now: number, wall = 0): ClusterState {
  const localIdentity: PeerIdentity = { ...options.local, stereotypes: [...options.stereotypes] };
  const instances = new Map<string, InstanceRecord>();
  const localDeclared = options.declared.some((d) => d.identity.identifier === options.local.identifier);
  if (!localDeclared) instances.set(localIdentity.identifier, newInstanceRecord(localIdentity, "", false));
  for (const entry of options.declared) {
    if (instances.has(entry.identity.identifier)) continue;
    const isLocal = entry.identity.identifier === options.local.identifier;
    instances.set(entry.identity.identifier, newInstanceRecord(isLocal ? localIdentity : entry.identity, entry.address, true));
  }
  const local = instances.get(localIdentity.identifier)!;
  local.network = options.network ?? null;
  return {
    options,
    failureStrategy: effectiveFailureStrategy(options),
    localId: localIdentity.identifier,
    instances,
    fsm: "OFF",
    startDate: now,
    master: "",
    degraded: false,
    control: { startingJobs: false, stoppingJobs: false, conflicting: false },
    pendingJobs: { start: false, stop: false },
    localSeq: 0,
    clock: { mono: now, wall },
    instancesDirty: false,
    stable: [],
    waitingFor: [],
    alerts: {},
    offAlerted: false,
    warnedUnknown: new Set(),
    lastTickView: null,
    relays: new Map(),
    health: { score: 0, resumedAt: Number.NEGATIVE_INFINITY, troubledSinceTick: false, probeRound: 0 },
  };
}

/** Wall-clock time at `now`, extrapolated from the last local tick (time only comes in inputs). */
export function wallAt(state: ClusterState, now: number): number {
  return state.clock.wall + (now - state.clock.mono);
}

export function localRecord(state: ClusterState): InstanceRecord {
  return state.instances.get(state.localId)!;
}
