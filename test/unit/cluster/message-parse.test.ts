// The control and statistics frames between peers: accepted when every field fits, refused with
// the field named otherwise (the core logs the reason with the sender and drops the frame).
import { describe, expect, test } from "bun:test";
import { parseMessage } from "../../../src/cluster/message-parse.ts";

describe("control and statistics frames", () => {
  test.each([
    [{ v: 2, kind: "command", action: "start", namespec: "web:db", extraArgs: "-x" }],
    [{ v: 2, kind: "commandFailed", action: "stop", namespec: "web:db", reason: "NOT_RUNNING: web:db" }],
    [{ v: 2, kind: "forced", namespec: "web:db", state: "FATAL", reason: "No resource available", identifier: "10.0.0.2:60000", at: 12.5, when: 1700000000.25 }],
    [{ v: 2, kind: "stats", host: { identifier: "a:1" }, facts: { hostName: "a" } }],
    [{ v: 2, kind: "stats", process: { namespec: "web:db" } }],
  ])("accepted: %j", (payload) => {
    const parsed = parseMessage(payload);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.message).toMatchObject(payload);
  });

  test.each([
    [{ v: 2, kind: "command", action: "kill", namespec: "web:db", extraArgs: "" }, "malformed message: field action is neither start nor stop"],
    [{ v: 2, kind: "command", action: "start", namespec: 3, extraArgs: "" }, "malformed message: field namespec is not a string"],
    [{ v: 2, kind: "forced", namespec: "web:db", state: "RUNNING", reason: "", identifier: "", at: 0, when: 0 }, "malformed message: forced.state is neither FATAL nor STOPPED"],
    [{ v: 2, kind: "stats", host: [1, 2] }, "malformed message: host is not an object"],
    [{ v: 9, kind: "stats" }, "unsupported protocol version 9 (expected 2)"],
  ])("refused: %j", (payload, reason) => {
    expect(parseMessage(payload)).toEqual({ ok: false, reason });
  });
});
