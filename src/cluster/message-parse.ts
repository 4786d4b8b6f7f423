// Checks a payload received from a peer before the core trusts it: protocol version, kind and the
// shape of every field. Never throws: a bad payload yields a reason the core logs with the sender.
import {
  PROTOCOL_VERSION,
  type ClusterMessage,
  type PeerEntry,
  type ProcessChange,
  type ProcessInfo,
  type StateModesWire,
  type Strategies,
} from "./messages.ts";
import type { NetworkInfo } from "./options.ts";
import { isFsmState, isInstanceState, type InstanceState } from "./states.ts";
import type { PeerIdentity } from "./transport.ts";

export type ParseResult = { ok: true; message: ClusterMessage } | { ok: false; reason: string };

/** Thrown inside this module only, turned into `{ ok: false }` at its edge. */
class ShapeError extends Error {}

type Obj = Record<string, unknown>;

function obj(value: unknown, what: string): Obj {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new ShapeError(`${what} is not an object`);
  return value as Obj;
}
function str(o: Obj, key: string): string {
  if (typeof o[key] !== "string") throw new ShapeError(`field ${key} is not a string`);
  return o[key] as string;
}
function num(o: Obj, key: string): number {
  if (typeof o[key] !== "number" || !Number.isFinite(o[key])) throw new ShapeError(`field ${key} is not a number`);
  return o[key] as number;
}
function int(o: Obj, key: string): number {
  const value = num(o, key);
  if (!Number.isInteger(value)) throw new ShapeError(`field ${key} is not an integer`);
  return value;
}
function bool(o: Obj, key: string): boolean {
  if (typeof o[key] !== "boolean") throw new ShapeError(`field ${key} is not a boolean`);
  return o[key] as boolean;
}
function list(o: Obj, key: string): unknown[] {
  if (!Array.isArray(o[key])) throw new ShapeError(`field ${key} is not a list`);
  return o[key] as unknown[];
}
function instanceState(value: unknown, what: string): InstanceState {
  if (!isInstanceState(value)) throw new ShapeError(`${what} is not an instance state`);
  return value;
}

function stateModes(value: unknown): StateModesWire {
  const o = obj(value, "stateModes");
  const fsm = o.fsm;
  if (!isFsmState(fsm)) throw new ShapeError("field fsm is not a Supvisors state");
  const states = obj(o.instanceStates, "instanceStates");
  const instanceStates: Record<string, InstanceState> = {};
  for (const [id, state] of Object.entries(states)) instanceStates[id] = instanceState(state, `state of ${id}`);
  return {
    fsm,
    degraded: bool(o, "degraded"),
    discovery: bool(o, "discovery"),
    master: str(o, "master"),
    startingJobs: bool(o, "startingJobs"),
    stoppingJobs: bool(o, "stoppingJobs"),
    instanceStates,
  };
}

/** Optional fields of the process struct, with the value a missing one takes. */
const PROCESS_DEFAULTS: Omit<ProcessInfo, "group" | "name" | "state"> = {
  statename: "",
  start: 0,
  stop: 0,
  now: 0,
  pid: 0,
  description: "",
  spawnerr: "",
  expected: true,
  start_monotonic: 0,
  stop_monotonic: 0,
  now_monotonic: 0,
  extra_args: "",
  startsecs: 0,
  stopwaitsecs: 0,
  process_index: 0,
  program_name: "",
  disabled: false,
  has_stdout: false,
  has_stderr: false,
};

/** Listed once: a handshake parses a thousand structs. */
const DEFAULT_ENTRIES = Object.entries(PROCESS_DEFAULTS);

/** A process struct with every field typed; missing optional fields take their default. */
export function processInfo(value: unknown): ProcessInfo {
  const o = obj(value, "process");
  const info: Record<string, unknown> = { group: str(o, "group"), name: str(o, "name"), state: int(o, "state") };
  for (const [key, fallback] of DEFAULT_ENTRIES) {
    if (o[key] === undefined) info[key] = fallback;
    else if (typeof o[key] !== typeof fallback) throw new ShapeError(`process field ${key} is not a ${typeof fallback}`);
    else info[key] = o[key];
  }
  return info as unknown as ProcessInfo;
}

function processList(value: unknown): ProcessInfo[] {
  if (!Array.isArray(value)) throw new ShapeError("processes is not a list");
  return value.map(processInfo);
}

function strategies(value: unknown): Strategies {
  const o = obj(value, "strategies");
  return {
    "auto-fencing": bool(o, "auto-fencing"),
    starting: str(o, "starting"),
    conciliation: str(o, "conciliation"),
    supvisors_failure: str(o, "supvisors_failure"),
  };
}

function network(value: unknown): NetworkInfo | null {
  if (value === null) return null;
  const o = obj(value, "network");
  return { machine_id: str(o, "machine_id"), fqdn: str(o, "fqdn"), addresses: obj(o.addresses, "addresses") };
}

export function peerIdentity(value: unknown): PeerIdentity {
  const o = obj(value, "identity");
  const stereotypes = list(o, "stereotypes");
  if (!stereotypes.every((s) => typeof s === "string")) throw new ShapeError("stereotypes are not strings");
  return { identifier: str(o, "identifier"), nick: str(o, "nick"), host: str(o, "host"), httpPort: int(o, "httpPort"), stereotypes: stereotypes as string[] };
}

function peers(o: Obj): PeerEntry[] {
  return list(o, "peers").map((entry) => {
    const e = obj(entry, "peer");
    return { identity: peerIdentity(e.identity), address: str(e, "address") };
  });
}

function change(value: unknown): ProcessChange {
  const o = obj(value, "change");
  if (o.op === "update") return { op: "update", info: processInfo(o.info) };
  if (o.op === "remove") return { op: "remove", group: str(o, "group"), name: str(o, "name") };
  throw new ShapeError("change.op is neither update nor remove");
}

function action(o: Obj): "start" | "stop" {
  if (o.action !== "start" && o.action !== "stop") throw new ShapeError("field action is neither start nor stop");
  return o.action;
}

function body(o: Obj): ClusterMessage {
  const v = PROTOCOL_VERSION;
  switch (o.kind) {
    case "tick":
      return { v, kind: "tick", sequence: int(o, "sequence"), when: num(o, "when"), whenMonotonic: num(o, "whenMonotonic"), stateModes: o.stateModes === null ? null : stateModes(o.stateModes), processVersion: int(o, "processVersion"), peersDigest: str(o, "peersDigest") };
    case "state":
      return { v, kind: "state", stateModes: stateModes(o.stateModes) };
    case "handshake":
      return { v, kind: "handshake", attempt: int(o, "attempt"), strategies: strategies(o.strategies) };
    case "handshakeReply":
      return {
        v,
        kind: "handshakeReply",
        attempt: int(o, "attempt"),
        yourState: instanceState(o.yourState, "yourState"),
        network: network(o.network),
        strategies: strategies(o.strategies),
        stateModes: stateModes(o.stateModes),
        processes: o.processes === null ? null : processList(o.processes),
        processVersion: int(o, "processVersion"),
      };
    case "process":
      return { v, kind: "process", version: int(o, "version"), change: change(o.change) };
    case "processSync":
      return { v, kind: "processSync" };
    case "processList":
      return { v, kind: "processList", version: int(o, "version"), processes: processList(o.processes) };
    case "peers":
      return { v, kind: "peers", peers: peers(o) };
    case "request":
      if (o.action !== "restart" && o.action !== "shutdown") throw new ShapeError("request.action is unknown");
      return { v, kind: "request", action: o.action };
    case "command":
      return { v, kind: "command", action: action(o), namespec: str(o, "namespec"), extraArgs: str(o, "extraArgs") };
    case "commandFailed":
      return { v, kind: "commandFailed", action: action(o), namespec: str(o, "namespec"), reason: str(o, "reason") };
    case "stats": {
      const part = (key: string) => (o[key] === undefined ? undefined : obj(o[key], key));
      return { v, kind: "stats", host: part("host"), process: part("process"), facts: part("facts") };
    }
    case "probe":
      return { v, kind: "probe", target: str(o, "target"), round: int(o, "round") };
    case "probeAck":
      return { v, kind: "probeAck", target: str(o, "target"), round: int(o, "round"), alive: bool(o, "alive") };
    case "forced":
      if (o.state !== "FATAL" && o.state !== "STOPPED") throw new ShapeError("forced.state is neither FATAL nor STOPPED");
      return { v, kind: "forced", namespec: str(o, "namespec"), state: o.state, reason: str(o, "reason"), identifier: str(o, "identifier"), at: num(o, "at"), when: num(o, "when") };
    default:
      throw new ShapeError(`unknown message kind ${JSON.stringify(o.kind)}`);
  }
}

/**
 * Validates a received payload.
 * @example parseMessage({ v: 2, kind: "handshake", attempt: 1 }) // { ok: true, message: … }
 * @example parseMessage({ v: 9, kind: "tick" }) // { ok: false, reason: "unsupported protocol version 9 (expected 2)" }
 */
export function parseMessage(payload: unknown): ParseResult {
  try {
    const o = obj(payload, "payload");
    if (o.v !== PROTOCOL_VERSION) {
      return { ok: false, reason: `unsupported protocol version ${JSON.stringify(o.v)} (expected ${PROTOCOL_VERSION})` };
    }
    return { ok: true, message: body(o) };
  } catch (error) {
    if (error instanceof ShapeError) return { ok: false, reason: `malformed message: ${error.message}` };
    throw error;
  }
}
