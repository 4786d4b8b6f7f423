// The PUB side of a ZMTP session as a pure state machine: what it answers, when it becomes active,
// which subscriptions it reports (both the 3.1 command and the 3.0 message forms), and why it fails.

import { describe, expect, test } from "bun:test";
import { ZmtpPubSession, type SessionOutput } from "../../../../src/events/transport/zmtp-session.ts";
import { command, greeting, ready, subscriptionMessage } from "./raw-zmtp-client.ts";

/** Outputs in a readable form: send → hex of the bytes, topics as text. */
function show(outputs: SessionOutput[]): string[] {
  return outputs.map((out) => {
    switch (out.type) {
      case "send":
        return `send ${Buffer.from(out.bytes).toString("latin1")}`;
      case "ready":
        return `ready ${out.socketType} 3.${out.minor}`;
      case "subscribe":
      case "cancel":
        return `${out.type} ${JSON.stringify(Buffer.from(out.topic).toString("latin1"))}`;
      case "fail":
        return `fail ${out.reason}`;
    }
  });
}

const READY_PUB = "send \x04\x19\x05READY\x0bSocket-Type\x00\x00\x00\x03PUB";

describe("handshake", () => {
  test("greeting → READY sent; peer READY (SUB) → active", () => {
    const session = new ZmtpPubSession();
    expect(session.opening().length).toBe(64);
    expect(session.state).toBe("greeting");
    expect(show(session.receive(greeting().subarray(0, 40)))).toEqual([]);
    expect(show(session.receive(greeting().subarray(40)))).toEqual([READY_PUB]);
    expect(session.state).toBe("handshake");
    expect(show(session.receive(ready()))).toEqual(["ready SUB 3.1"]);
    expect(session.state).toBe("active");
  });

  test("XSUB is a compatible peer, and the peer's minor version is reported", () => {
    const session = new ZmtpPubSession();
    expect(show(session.receive(Buffer.concat([greeting(3, 0), ready("XSUB")])))).toEqual([READY_PUB, "ready XSUB 3.0"]);
  });

  const failures: Array<[string, Buffer, string]> = [
    ["CURVE mechanism", greeting(3, 1, "CURVE"), 'fail security mechanism "CURVE" not supported (only NULL)'],
    ["DEALER peer", Buffer.concat([greeting(), ready("DEALER")]), 'fail incompatible socket type "DEALER": a PUB talks to SUB or XSUB'],
    ["a message before READY", Buffer.concat([greeting(), subscriptionMessage(true, "")]), "fail message frame before the READY command"],
    ["PING before READY", Buffer.concat([greeting(), command("PING", "\x00\x01")]), 'fail expected the READY command, got "PING"'],
    ["ERROR before READY", Buffer.concat([greeting(), command("ERROR", "\x04nope")]), 'fail peer sent ERROR: "nope"'],
    ["READY with broken metadata", Buffer.concat([greeting(), command("READY", "\x0bSocket-Type\x00\x00\x00\x09SUB")]), 'fail bad READY command: metadata property "socket-type" overruns the command'],
  ];
  for (const [name, stream, reason] of failures) {
    test(`fails on ${name}`, () => {
      const session = new ZmtpPubSession();
      const outputs = show(session.receive(stream));
      expect(outputs[outputs.length - 1]).toBe(reason);
      expect(session.state).toBe("failed");
      expect(session.receive(Buffer.concat([ready(), command("SUBSCRIBE", "")]))).toEqual([]);
    });
  }
});

describe("once active", () => {
  function active(): ZmtpPubSession {
    const session = new ZmtpPubSession();
    session.receive(Buffer.concat([greeting(), ready()]));
    return session;
  }

  test("SUBSCRIBE/CANCEL commands and 0x01/0x00 messages are subscriptions, in order", () => {
    const stream = Buffer.concat([
      command("SUBSCRIBE", "event"),
      subscriptionMessage(true, "pro"),
      command("SUBSCRIBE"),
      command("CANCEL", "event"),
      subscriptionMessage(false, "pro"),
    ]);
    expect(show(active().receive(stream))).toEqual(['subscribe "event"', 'subscribe "pro"', 'subscribe ""', 'cancel "event"', 'cancel "pro"']);
  });

  test("subscriptions in the same chunk as READY are applied", () => {
    const session = new ZmtpPubSession();
    expect(show(session.receive(Buffer.concat([greeting(), ready(), command("SUBSCRIBE", "x")])))).toEqual([READY_PUB, "ready SUB 3.1", 'subscribe "x"']);
  });

  test("only the first frame of a message can subscribe; empty and other messages are ignored", () => {
    const stream = Buffer.concat([
      Buffer.from([0x01, 1, 0x41]),
      Buffer.from([0x01, 2, 0x01, 0x42]),
      Buffer.from([0x00, 2, 0x01, 0x43]),
      Buffer.from([0x00, 0]),
      Buffer.from([0x00, 2, 0x05, 0x44]),
      Buffer.from([0x00, 2, 0x01, 0x45]),
    ]);
    expect(show(active().receive(stream))).toEqual(['subscribe "E"']);
  });

  test("PING gets a PONG with the context (at most 16 bytes); PONG and unknown commands are ignored", () => {
    const session = active();
    expect(show(session.receive(command("PING", "\x00\x0aabc")))).toEqual(["send \x04\x08\x04PONGabc"]);
    expect(show(session.receive(command("PING", `\x00\x0a${"c".repeat(20)}`)))).toEqual([`send \x04\x15\x04PONG${"c".repeat(16)}`]);
    expect(show(session.receive(Buffer.concat([command("PONG", "x"), command("FUTURE", "y")])))).toEqual([]);
    expect(show(session.receive(command("PING", "\x00")))).toEqual(["fail PING command without its TTL"]);
  });

  test("a second READY, an ERROR, or a broken frame fails the session and stops reading", () => {
    expect(show(active().receive(Buffer.concat([ready(), command("SUBSCRIBE", "x")])))).toEqual(["fail second READY command"]);
    expect(show(active().receive(command("ERROR")))).toEqual(["fail peer sent ERROR: (no reason)"]);
    expect(show(active().receive(Buffer.concat([command("SUBSCRIBE", "a"), Buffer.from([0x20, 0])])))).toEqual([
      'subscribe "a"',
      "fail invalid frame flags 0x20",
    ]);
  });

  test("a frame over the inbound limit fails the session", () => {
    const session = new ZmtpPubSession(40);
    session.receive(Buffer.concat([greeting(), ready()]));
    expect(show(session.receive(command("SUBSCRIBE", "a".repeat(50))))).toEqual(["fail frame of 60 bytes exceeds the limit of 40 bytes"]);
  });
});
