// Payload texts and envelopes, byte for byte as a real supervisord 4.2.5 sent them to a listener
// (recorded from /usr/bin/supervisord with identifier=realsup; pids and serials as recorded).

import { describe, expect, test } from "bun:test";
import { formatEnvelope, pyLength } from "../../../src/events/listeners/envelope.ts";
import {
  processCommunicationEvent,
  processEvent,
  processGroupEvent,
  processLogEvent,
  processStateEvent,
  remoteCommunicationEvent,
  supervisorStateEvent,
  tickEvent,
  type ListenerEvent,
} from "../../../src/events/listeners/payloads.ts";
import { outputText } from "../../../src/process/logs/child-output.ts";
import { ProcessStates as S } from "../../../src/process/states.ts";
import { bytes } from "./helpers.ts";

const state = (processName: string, from: number, to: number, extra: { pid?: number; tries?: number; expected?: boolean } = {}) =>
  processStateEvent({
    processName,
    groupName: processName,
    from: from as never,
    to: to as never,
    pid: extra.pid ?? 0,
    tries: extra.tries ?? 0,
    expected: extra.expected ?? true,
  });

/** [event, serial, the header line and payload recorded from supervisord]. */
const RECORDED: [string, ListenerEvent, number, string, string][] = [
  ["SUPERVISOR_STATE_CHANGE_RUNNING", supervisorStateEvent("RUNNING"), 3,
    "ver:3.0 server:realsup serial:3 pool:rec poolserial:3 eventname:SUPERVISOR_STATE_CHANGE_RUNNING len:0", ""],
  ["PROCESS_STATE_STARTING", state("rec", S.STOPPED, S.STARTING), 4,
    "ver:3.0 server:realsup serial:4 pool:rec poolserial:4 eventname:PROCESS_STATE_STARTING len:56",
    "processname:rec groupname:rec from_state:STOPPED tries:0"],
  ["PROCESS_LOG_STDOUT", processLogEvent("chatty", "chatty", 8352, "stdout", bytes("hello out\n")), 7,
    "ver:3.0 server:realsup serial:7 pool:rec poolserial:7 eventname:PROCESS_LOG_STDOUT len:70",
    "processname:chatty groupname:chatty pid:8352 channel:stdout\nhello out\n"],
  ["PROCESS_COMMUNICATION_STDOUT", processCommunicationEvent("chatty", "chatty", 8352, "stdout", bytes("captured data")), 9,
    "ver:3.0 server:realsup serial:9 pool:rec poolserial:9 eventname:PROCESS_COMMUNICATION_STDOUT len:58",
    "processname:chatty groupname:chatty pid:8352\ncaptured data"],
  ["PROCESS_LOG_STDERR", processLogEvent("chatty", "chatty", 8352, "stderr", bytes("hello err\n")), 10,
    "ver:3.0 server:realsup serial:10 pool:rec poolserial:10 eventname:PROCESS_LOG_STDERR len:70",
    "processname:chatty groupname:chatty pid:8352 channel:stderr\nhello err\n"],
  ["PROCESS_STATE_RUNNING", state("chatty", S.STARTING, S.RUNNING, { pid: 8352 }), 11,
    "ver:3.0 server:realsup serial:11 pool:rec poolserial:11 eventname:PROCESS_STATE_RUNNING len:64",
    "processname:chatty groupname:chatty from_state:STARTING pid:8352"],
  ["PROCESS_STATE_EXITED", state("crash", S.RUNNING, S.EXITED, { pid: 8353, expected: false }), 14,
    "ver:3.0 server:realsup serial:14 pool:rec poolserial:14 eventname:PROCESS_STATE_EXITED len:72",
    "processname:crash groupname:crash from_state:RUNNING expected:0 pid:8353"],
  ["TICK_5", tickEvent(5, 1795574590), 15,
    "ver:3.0 server:realsup serial:15 pool:rec poolserial:15 eventname:TICK_5 len:15", "when:1795574590"],
  ["REMOTE_COMMUNICATION (len in code points)", remoteCommunicationEvent("mytype", "my data é"), 18,
    "ver:3.0 server:realsup serial:18 pool:rec poolserial:18 eventname:REMOTE_COMMUNICATION len:21", "type:mytype\nmy data é"],
  ["PROCESS_STATE_STOPPING", state("chatty", S.RUNNING, S.STOPPING, { pid: 8352 }), 19,
    "ver:3.0 server:realsup serial:19 pool:rec poolserial:19 eventname:PROCESS_STATE_STOPPING len:63",
    "processname:chatty groupname:chatty from_state:RUNNING pid:8352"],
  ["PROCESS_STATE_STOPPED", state("chatty", S.STOPPING, S.STOPPED, { pid: 8352 }), 20,
    "ver:3.0 server:realsup serial:20 pool:rec poolserial:20 eventname:PROCESS_STATE_STOPPED len:64",
    "processname:chatty groupname:chatty from_state:STOPPING pid:8352"],
];

/** From a second run (identifier left at its default), pool "failer". */
const RECORDED_DEFAULT_ID: [string, ListenerEvent, number, string, string][] = [
  ["PROCESS_GROUP_ADDED", processGroupEvent("ADDED", "quick"), 1,
    "ver:3.0 server:supervisor serial:1 pool:failer poolserial:1 eventname:PROCESS_GROUP_ADDED len:16", "groupname:quick\n"],
  ["PROCESS_GROUP_REMOVED", processGroupEvent("REMOVED", "extra"), 6,
    "ver:3.0 server:supervisor serial:6 pool:failer poolserial:6 eventname:PROCESS_GROUP_REMOVED len:16", "groupname:extra\n"],
  ["PROCESS_STATE_BACKOFF", state("quick", S.STARTING, S.BACKOFF, { tries: 1, pid: 10695 }), 8,
    "ver:3.0 server:supervisor serial:8 pool:failer poolserial:8 eventname:PROCESS_STATE_BACKOFF len:61",
    "processname:quick groupname:quick from_state:STARTING tries:1"],
  ["PROCESS_STATE_STARTING after BACKOFF", state("quick", S.BACKOFF, S.STARTING, { tries: 1 }), 9,
    "ver:3.0 server:supervisor serial:9 pool:failer poolserial:9 eventname:PROCESS_STATE_STARTING len:60",
    "processname:quick groupname:quick from_state:BACKOFF tries:1"],
  ["PROCESS_STATE_FATAL", state("quick", S.BACKOFF, S.FATAL, { tries: 2 }), 11,
    "ver:3.0 server:supervisor serial:11 pool:failer poolserial:11 eventname:PROCESS_STATE_FATAL len:52",
    "processname:quick groupname:quick from_state:BACKOFF"],
  ["REMOTE_COMMUNICATION with empty data", remoteCommunicationEvent("t1", ""), 4,
    "ver:3.0 server:supervisor serial:4 pool:failer poolserial:4 eventname:REMOTE_COMMUNICATION len:8", "type:t1\n"],
];

describe("envelopes as a real supervisord wrote them", () => {
  const cases = [
    ...RECORDED.map((c) => [...c, "realsup", "rec"] as const),
    ...RECORDED_DEFAULT_ID.map((c) => [...c, "supervisor", "failer"] as const),
  ];
  test.each(cases)("%s", (_name, event, serial, header, payload, identifier, pool) => {
    expect(formatEnvelope({ identifier, serial, pool, poolSerial: serial, event })).toBe(`${header}\n${payload}`);
  });
});

describe("payloads without a recording", () => {
  test("PROCESS_STATE_UNKNOWN has no extras; STOPPED carries the pid that ended", () => {
    expect(state("w", S.STOPPING, S.UNKNOWN, { pid: 5 })).toEqual({
      type: "PROCESS_STATE_UNKNOWN",
      payload: "processname:w groupname:w from_state:STOPPING",
    });
    expect(state("w", S.RUNNING, S.EXITED, { pid: 7, expected: true }).payload).toBe(
      "processname:w groupname:w from_state:RUNNING expected:1 pid:7",
    );
  });

  test("a group name differs from the process name when the group says so", () => {
    const e = processStateEvent({ processName: "web_0", groupName: "grp", from: S.STARTING, to: S.RUNNING, pid: 9, tries: 0, expected: true });
    expect(e.payload).toBe("processname:web_0 groupname:grp from_state:STARTING pid:9");
  });

  test("SUPERVISOR_STATE_CHANGE_STOPPING, TICK_60, TICK_3600", () => {
    expect(supervisorStateEvent("STOPPING")).toEqual({ type: "SUPERVISOR_STATE_CHANGE_STOPPING", payload: "" });
    expect(tickEvent(60, 1795574580)).toEqual({ type: "TICK_60", payload: "when:1795574580" });
    expect(tickEvent(3600, 1795572000)).toEqual({ type: "TICK_3600", payload: "when:1795572000" });
  });

  test("Supvisors' PROCESS_* payloads end with a space", () => {
    for (const change of ["ADDED", "REMOVED", "ENABLED", "DISABLED"] as const) {
      expect(processEvent(change, "web_1", "web")).toEqual({ type: `PROCESS_${change}`, payload: "processname:web_1 groupname:web " });
    }
  });

  test("output that is not UTF-8 is shown as Python's repr", () => {
    expect(outputText(new Uint8Array([0x61, 0xff, 0x0a, 0x27]))).toBe(`Undecodable: b"a\\xff\\n'"`);
    expect(processLogEvent("p", "g", 1, "stderr", new Uint8Array([0xc3])).payload).toBe(
      "processname:p groupname:g pid:1 channel:stderr\nUndecodable: b'\\xc3'",
    );
    expect(outputText(bytes("é\n"))).toBe("é\n");
  });

  test("len counts code points, astral characters once", () => {
    expect(pyLength("")).toBe(0);
    expect(pyLength("é")).toBe(1);
    expect(pyLength("a😀b")).toBe(3);
    expect(formatEnvelope({ identifier: "s", serial: 0, pool: "p", poolSerial: 0, event: remoteCommunicationEvent("t", "😀") })).toBe(
      "ver:3.0 server:s serial:0 pool:p poolserial:0 eventname:REMOTE_COMMUNICATION len:8\ntype:t\n😀",
    );
  });
});
