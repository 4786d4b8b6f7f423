// The event type tree (EVT-SUP-04..12): abstract subscriptions receive every subtype, and the
// `events =` names are parsed as supervisord parses them.

import { describe, expect, test } from "bun:test";
import {
  EVENT_TYPE_NAMES,
  eventTypeCovers,
  isAbstractEventType,
  parseEventNames,
  type EventTypeName,
} from "../../../src/events/listeners/event-types.ts";

const concrete = EVENT_TYPE_NAMES.filter((n) => !isAbstractEventType(n));

/** Which concrete types a subscription to each abstract type receives (EVT-SUP-12). */
const ABSTRACT: [EventTypeName, EventTypeName[]][] = [
  ["PROCESS_STATE", [
    "PROCESS_STATE_STOPPED", "PROCESS_STATE_EXITED", "PROCESS_STATE_STARTING", "PROCESS_STATE_STOPPING",
    "PROCESS_STATE_BACKOFF", "PROCESS_STATE_FATAL", "PROCESS_STATE_RUNNING", "PROCESS_STATE_UNKNOWN",
  ]],
  ["PROCESS_LOG", ["PROCESS_LOG_STDOUT", "PROCESS_LOG_STDERR"]],
  ["PROCESS_COMMUNICATION", ["PROCESS_COMMUNICATION_STDOUT", "PROCESS_COMMUNICATION_STDERR"]],
  ["TICK", ["TICK_5", "TICK_60", "TICK_3600"]],
  ["SUPERVISOR_STATE_CHANGE", ["SUPERVISOR_STATE_CHANGE_RUNNING", "SUPERVISOR_STATE_CHANGE_STOPPING"]],
  ["PROCESS_GROUP", ["PROCESS_GROUP_ADDED", "PROCESS_GROUP_REMOVED"]],
  ["PROCESS", ["PROCESS_ADDED", "PROCESS_REMOVED", "PROCESS_ENABLED", "PROCESS_DISABLED"]],
  ["EVENT", concrete],
];

describe("abstract subscriptions", () => {
  test.each(ABSTRACT)("%s receives exactly its subtypes", (abstract, expected) => {
    expect(isAbstractEventType(abstract)).toBe(true);
    expect(concrete.filter((t) => eventTypeCovers(abstract, t))).toEqual(expected);
  });

  test("a concrete type receives itself only; REMOTE_COMMUNICATION is concrete", () => {
    for (const t of concrete) expect(concrete.filter((u) => eventTypeCovers(t, u))).toEqual([t]);
    expect(isAbstractEventType("REMOTE_COMMUNICATION")).toBe(false);
  });

  test("the 27 types of Supervisor 4.2.5 plus Supvisors' five", () => {
    expect(EVENT_TYPE_NAMES.length).toBe(32);
    expect(concrete.length).toBe(24);
  });
});

describe("events = names", () => {
  test("case-insensitive, duplicates dropped, order kept", () => {
    expect(parseEventNames(["tick_5", "PROCESS_STATE", "Tick_5", "process_added"])).toEqual({
      ok: true,
      names: ["TICK_5", "PROCESS_STATE", "PROCESS_ADDED"],
    });
  });

  test("the first unknown name is reported as written", () => {
    expect(parseEventNames(["TICK_5", "tick_7", "FOO"])).toEqual({ ok: false, unknown: "tick_7" });
    expect(parseEventNames(["TICK_5", ""])).toEqual({ ok: false, unknown: "" });
  });

  test("EventRejectedEvent is not a type one can subscribe to", () => {
    expect(parseEventNames(["EVENT_REJECTED"]).ok).toBe(false);
  });
});
