// The event types a `[eventlistener:x]` pool may subscribe to (EVT-SUP-04..12), as one tree:
// every type names its parent, abstract types are never sent themselves, and subscribing to a type
// receives all its descendants (EVT-SUP-12). Supervisor 4.2.5's EventTypes plus the five types
// Supvisors registers (EVT-SUP-11). Pure data with no imports, so the configuration reader can
// check `events =` lines against it.
//
// Example: eventTypeCovers("PROCESS_STATE", "PROCESS_STATE_EXITED") // true

interface TypeEntry {
  parent: string | null;
  abstract: boolean;
}

const entry = (parent: string | null, abstract = false): TypeEntry => ({ parent, abstract });

/** Every type, parent first; the order is the one Supervisor documents them in. */
const TYPES = {
  EVENT: entry(null, true),
  PROCESS_STATE: entry("EVENT", true),
  PROCESS_STATE_STOPPED: entry("PROCESS_STATE"),
  PROCESS_STATE_EXITED: entry("PROCESS_STATE"),
  PROCESS_STATE_STARTING: entry("PROCESS_STATE"),
  PROCESS_STATE_STOPPING: entry("PROCESS_STATE"),
  PROCESS_STATE_BACKOFF: entry("PROCESS_STATE"),
  PROCESS_STATE_FATAL: entry("PROCESS_STATE"),
  PROCESS_STATE_RUNNING: entry("PROCESS_STATE"),
  PROCESS_STATE_UNKNOWN: entry("PROCESS_STATE"),
  PROCESS_COMMUNICATION: entry("EVENT", true),
  PROCESS_COMMUNICATION_STDOUT: entry("PROCESS_COMMUNICATION"),
  PROCESS_COMMUNICATION_STDERR: entry("PROCESS_COMMUNICATION"),
  PROCESS_LOG: entry("EVENT", true),
  PROCESS_LOG_STDOUT: entry("PROCESS_LOG"),
  PROCESS_LOG_STDERR: entry("PROCESS_LOG"),
  REMOTE_COMMUNICATION: entry("EVENT"),
  SUPERVISOR_STATE_CHANGE: entry("EVENT", true),
  SUPERVISOR_STATE_CHANGE_RUNNING: entry("SUPERVISOR_STATE_CHANGE"),
  SUPERVISOR_STATE_CHANGE_STOPPING: entry("SUPERVISOR_STATE_CHANGE"),
  TICK: entry("EVENT", true),
  TICK_5: entry("TICK"),
  TICK_60: entry("TICK"),
  TICK_3600: entry("TICK"),
  PROCESS_GROUP: entry("EVENT", true),
  PROCESS_GROUP_ADDED: entry("PROCESS_GROUP"),
  PROCESS_GROUP_REMOVED: entry("PROCESS_GROUP"),
  // Registered by Supvisors (supvisors/listener.py); Flotilla always has them.
  PROCESS: entry("EVENT", true),
  PROCESS_ADDED: entry("PROCESS"),
  PROCESS_REMOVED: entry("PROCESS"),
  PROCESS_ENABLED: entry("PROCESS"),
  PROCESS_DISABLED: entry("PROCESS"),
} as const satisfies Record<string, TypeEntry>;

export type EventTypeName = keyof typeof TYPES;

/** The types actually sent: every name whose entry is not abstract. */
export type ConcreteEventType = {
  [K in EventTypeName]: (typeof TYPES)[K]["abstract"] extends true ? never : K;
}[EventTypeName];

/** All type names, in documentation order. */
export const EVENT_TYPE_NAMES: readonly EventTypeName[] = Object.keys(TYPES) as EventTypeName[];

export function isEventTypeName(name: string): name is EventTypeName {
  return Object.prototype.hasOwnProperty.call(TYPES, name);
}

export function isAbstractEventType(name: EventTypeName): boolean {
  return TYPES[name].abstract;
}

/**
 * Whether a subscription to `subscribed` receives events of type `sent`: the same type or one of
 * its ancestors.
 * @example eventTypeCovers("EVENT", "TICK_5") // true
 * @example eventTypeCovers("TICK_5", "TICK_60") // false
 */
export function eventTypeCovers(subscribed: EventTypeName, sent: EventTypeName): boolean {
  for (let t: EventTypeName | null = sent; t !== null; t = TYPES[t].parent as EventTypeName | null) {
    if (t === subscribed) return true;
  }
  return false;
}

export type EventNamesResult = { ok: true; names: EventTypeName[] } | { ok: false; unknown: string };

/**
 * The `events =` option: a comma list, case-insensitive (supervisord upper-cases it), duplicates
 * dropped, first unknown name reported.
 * @example parseEventNames(["tick_5", "PROCESS_STATE"]) // { ok: true, names: ["TICK_5", "PROCESS_STATE"] }
 */
export function parseEventNames(items: readonly string[]): EventNamesResult {
  const names: EventTypeName[] = [];
  for (const item of items) {
    const upper = item.toUpperCase();
    if (!isEventTypeName(upper)) return { ok: false, unknown: item };
    if (!names.includes(upper)) names.push(upper);
  }
  return { ok: true, names };
}
