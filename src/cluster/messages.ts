// The payloads cluster nodes exchange (our own wire format; Supvisors' internal publications,
// EVT-INT, tell what they must carry). Every payload is a JSON object with the protocol version
// `v` and a `kind`; transports frame and authenticate them, message-parse.ts checks them.
import type { NetworkInfo } from "./options.ts";
import type { FsmState, InstanceState } from "./states.ts";
import type { PeerIdentity } from "./transport.ts";

/** Bumped on any incompatible change; a node drops frames of another version (with a log line). */
export const PROTOCOL_VERSION = 2;

/** What an instance publishes about itself (RPC-SV-03 content, in our own key names). */
export interface StateModesWire {
  fsm: FsmState;
  degraded: boolean;
  discovery: boolean;
  /** Declared Master identifier, "" when none. */
  master: string;
  startingJobs: boolean;
  stoppingJobs: boolean;
  /** The sender's view of every instance it knows (ST-MST-02 stability). */
  instanceStates: Record<string, InstanceState>;
}

/** Supervisor's local process struct (RPC-SV-19), the unit of the shared process view. */
export interface ProcessInfo {
  group: string;
  name: string;
  state: number;
  statename: string;
  start: number;
  stop: number;
  now: number;
  pid: number;
  description: string;
  spawnerr: string;
  expected: boolean;
  start_monotonic: number;
  stop_monotonic: number;
  now_monotonic: number;
  extra_args: string;
  startsecs: number;
  stopwaitsecs: number;
  process_index: number;
  program_name: string;
  disabled: boolean;
  has_stdout: boolean;
  has_stderr: boolean;
}

/** The strategies compared in the handshake (ST-HS-03), keyed as `get_strategies` returns them. */
export interface Strategies {
  "auto-fencing": boolean;
  starting: string;
  conciliation: string;
  supvisors_failure: string;
}

/** A known instance and where to reach it, as relayed in PEERS. */
export interface PeerEntry {
  identity: PeerIdentity;
  address: string;
}

export type ProcessChange =
  | { op: "update"; info: ProcessInfo }
  /** `name` = "*" removes the whole group (EVT-INT-08). */
  | { op: "remove"; group: string; name: string };

interface Versioned {
  v: typeof PROTOCOL_VERSION;
}

/** Heartbeat, every tick_period, to every known instance but ISOLATED ones (EVT-INT-04/05). */
export interface TickMessage extends Versioned {
  kind: "tick";
  sequence: number;
  /** Sender's wall clock (epoch seconds) and monotonic clock at the tick. */
  when: number;
  whenMonotonic: number;
  /**
   * The sender's view when it changed since its previous tick, and on every FULL_VIEW_EVERY-th
   * tick; null otherwise. A view holds every instance, so sent on every tick it made ticks O(N)
   * in size and a cluster's heartbeat traffic O(N³); changes also travel at once in STATE.
   */
  stateModes: StateModesWire | null;
  /** Version of the sender's process list: a receiver that lags asks for the list. */
  processVersion: number;
  /** Digest of the identifiers the sender knows ("" without discovery): a mismatch triggers PEERS. */
  peersDigest: string;
}

/** State & modes of the sender, sent at once on every change (ST-FSM-18, EVT-INT-12). */
export interface StateMessage extends Versioned {
  kind: "state";
  stateModes: StateModesWire;
}

/**
 * Handshake request (ST-HS); `attempt` lets the requester drop stale replies (ST-IN-19). It also
 * carries the requester's strategies so the receiver can fence an inconsistent peer even when
 * that peer fences it first and stops talking (both sides isolate, as in Supvisors).
 */
export interface HandshakeMessage extends Versioned {
  kind: "handshake";
  attempt: number;
  strategies: Strategies;
}

/** Everything the handshake needs, in one reply (ST-HS-01..05). */
export interface HandshakeReplyMessage extends Versioned {
  kind: "handshakeReply";
  attempt: number;
  /** How the replier sees the requester: ISOLATED means NOT_AUTHORIZED (ST-HS-02). */
  yourState: InstanceState;
  network: NetworkInfo | null;
  strategies: Strategies;
  stateModes: StateModesWire;
  /** null when the replier could not list its processes (→ retried later, ST-IN-12). */
  processes: ProcessInfo[] | null;
  processVersion: number;
}

/** One change of the sender's local processes (EVT-INT-06..09). */
export interface ProcessMessage extends Versioned {
  kind: "process";
  version: number;
  change: ProcessChange;
}

/** Asks the receiver for its whole process list (a PROCESS message was missed). */
export interface ProcessSyncMessage extends Versioned {
  kind: "processSync";
}

export interface ProcessListMessage extends Versioned {
  kind: "processList";
  version: number;
  processes: ProcessInfo[];
}

/** Every instance the sender knows: one known peer is enough to learn them all. */
export interface PeersMessage extends Versioned {
  kind: "peers";
  peers: PeerEntry[];
}

/** A slave forwards `supvisors.restart` / `shutdown` to the Master (ST-FSM-16). */
export interface RequestMessage extends Versioned {
  kind: "request";
  action: "restart" | "shutdown";
}

/**
 * The control layer's orders and reports between instances: a starter or stopper asks the target
 * instance to start (with extra args) or stop one process (ST-SEQ-02/06); the target reports a
 * command it could not carry out; a node that imposes a forced state tells every peer (ST-PS-05).
 */
export interface CommandMessage extends Versioned {
  kind: "command";
  action: "start" | "stop";
  namespec: string;
  extraArgs: string;
}

export interface CommandFailedMessage extends Versioned {
  kind: "commandFailed";
  action: "start" | "stop";
  namespec: string;
  reason: string;
}

export interface ForcedMessage extends Versioned {
  kind: "forced";
  namespec: string;
  state: "FATAL" | "STOPPED";
  reason: string;
  /** Where another state was expected; "" when no instance could be chosen (EVT-15). */
  identifier: string;
  /** The forcing node's clocks when it forced the state: monotonic and epoch seconds (EVT-15). */
  at: number;
  when: number;
}

/**
 * The failure detector's question (SWIM's ping and ping-req in one message): sent to a suspect
 * itself (`target` = the receiver: "answer now"), and to a few other peers ("probe the target for
 * me"), who probe it in turn. `round` is the sender's number for the question.
 */
export interface ProbeMessage extends Versioned {
  kind: "probe";
  target: string;
  round: number;
}

/**
 * The answer to a probe, with the probe's round. From the target itself: it is alive. From a peer
 * asked to probe: `alive` = the target answered that peer's own probe in time (SWIM's ack), or
 * not (a nack, Lifeguard's addition: the asker learns the peer did its part).
 */
export interface ProbeAckMessage extends Versioned {
  kind: "probeAck";
  target: string;
  round: number;
  alive: boolean;
}

/** Messages the core hands to the control layer as they are. */
export type ControlMessage = CommandMessage | CommandFailedMessage | ForcedMessage;

/**
 * Statistics an instance compiled (EVT-18/19 payloads, opaque to the core: the statistics layer
 * checks them), shared so that any instance's pages show any other's figures; `facts` are its
 * host's static facts (UI-51), sent with its host figures.
 */
export interface StatsMessage extends Versioned {
  kind: "stats";
  host?: Record<string, unknown>;
  process?: Record<string, unknown>;
  facts?: Record<string, unknown>;
}

/** Messages the core passes on, as they are, to the layers above (control, statistics). */
export type DeliveredMessage = ControlMessage | StatsMessage;

export type ClusterMessage =
  | ControlMessage
  | StatsMessage
  | TickMessage
  | StateMessage
  | HandshakeMessage
  | HandshakeReplyMessage
  | ProcessMessage
  | ProcessSyncMessage
  | ProcessListMessage
  | PeersMessage
  | RequestMessage
  | ProbeMessage
  | ProbeAckMessage;

export type MessageKind = ClusterMessage["kind"];

type Body<K extends MessageKind> = Omit<Extract<ClusterMessage, { kind: K }>, "v" | "kind">;

/**
 * Builds a message with the current protocol version.
 * @example message("handshake", { attempt: 3 }) // { v: 2, kind: "handshake", attempt: 3 }
 */
export function message<K extends MessageKind>(kind: K, body: Body<K>): Extract<ClusterMessage, { kind: K }> {
  return { v: PROTOCOL_VERSION, kind, ...body } as unknown as Extract<ClusterMessage, { kind: K }>;
}
