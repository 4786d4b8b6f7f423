// The ZMTP 3.1 byte layouts, checked against bytes written out by hand from the spec (and, for
// READY, against what libzmq 4.3.4 sends): greeting, short and long frames, MORE flags, commands,
// metadata properties, and the errors of the parsers.

import { describe, expect, test } from "bun:test";
import {
  encodeCommand,
  encodeGreeting,
  encodeMessage,
  encodeProperties,
  encodeReady,
  parseCommand,
  parseGreeting,
  parseProperties,
} from "../../../../src/events/transport/zmtp-codec.ts";

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
const text = (s: string) => new TextEncoder().encode(s);

describe("greeting", () => {
  test("is 64 bytes: signature, 3.1, NULL padded to 20, as-server 0, 31 zeros", () => {
    const greeting = encodeGreeting();
    expect(greeting.length).toBe(64);
    expect(hex(greeting)).toBe(`ff${"00".repeat(8)}7f0301${hex(text("NULL"))}${"00".repeat(16)}00${"00".repeat(31)}`);
  });

  test("parses libzmq's greeting (ZMTP 1.0 compatibility byte at offset 8)", () => {
    const libzmq = Buffer.from(`ff00000000000000017f0301${hex(text("NULL"))}${"00".repeat(48)}`, "hex");
    expect(parseGreeting(libzmq)).toEqual({ major: 3, minor: 1, mechanism: "NULL", asServer: false });
    libzmq[32] = 1;
    libzmq.write("CURVE", 12);
    expect(parseGreeting(libzmq)).toEqual({ major: 3, minor: 1, mechanism: "CURVE", asServer: true });
  });
});

describe("messages", () => {
  const c = (size: number) => new Uint8Array(size).fill(0x63);
  const table: Array<[string, Uint8Array[], string]> = [
    ["one empty frame", [c(0)], "0000"],
    ["two short frames, the first with MORE", [text("a"), text("bb")], "0101610002" + "6262"],
    ["255 bytes: still short", [c(255)], `00ff${"63".repeat(255)}`],
    ["256 bytes: long, 8-byte size", [c(256)], `020000000000000100${"63".repeat(256)}`],
    ["a long frame with MORE, then a short one", [c(300), c(1)], `03000000000000012c${"63".repeat(300)}000163`],
  ];
  for (const [name, frames, expected] of table) {
    test(name, () => expect(hex(encodeMessage(frames))).toBe(expected));
  }

  test("a 2-frame event: header then JSON body", () => {
    expect(Buffer.from(encodeMessage([text("process"), text('{"a":1}')])).toString("latin1")).toBe('\x01\x07process\x00\x07{"a":1}');
  });

  test("a 100 000-byte body gets an 8-byte big-endian size", () => {
    const encoded = encodeMessage([new Uint8Array(100_000)]);
    expect(encoded.length).toBe(9 + 100_000);
    expect(hex(encoded.subarray(0, 9))).toBe("0200000000000186a0");
  });
});

describe("commands and properties", () => {
  test("READY is libzmq's exact layout with Socket-Type PUB", () => {
    expect(hex(encodeReady())).toBe(`0419${hex(text("\x05READY\x0bSocket-Type\x00\x00\x00\x03PUB"))}`);
  });

  test("a command whose body passes 255 bytes uses a long frame", () => {
    const command = encodeCommand("PONG", new Uint8Array(300));
    expect(hex(command.subarray(0, 9))).toBe("060000000000000131");
    expect(Buffer.from(command.subarray(9, 14)).toString("latin1")).toBe("\x04PONG");
  });

  test("parseCommand splits name and data, and refuses a name that overruns", () => {
    expect(parseCommand(text("\x09SUBSCRIBEabc"))).toEqual({ name: "SUBSCRIBE", data: text("abc") });
    expect(parseCommand(text("\x06CANCEL"))).toEqual({ name: "CANCEL", data: new Uint8Array(0) });
    expect(parseCommand(new Uint8Array(0))).toBe("empty command frame");
    expect(parseCommand(text("\x09SUB"))).toBe("command name of 9 bytes overruns its 4-byte frame");
  });

  test("properties round-trip, names compared without case", () => {
    const data = encodeProperties([
      ["Socket-Type", "SUB"],
      ["Identity", ""],
      ["X-Long", "v".repeat(300)],
    ]);
    const parsed = parseProperties(data);
    if (typeof parsed === "string") throw new Error(parsed);
    expect([...parsed.keys()]).toEqual(["socket-type", "identity", "x-long"]);
    expect(new TextDecoder().decode(parsed.get("socket-type"))).toBe("SUB");
    expect(parsed.get("identity")?.length).toBe(0);
    expect(parsed.get("x-long")?.length).toBe(300);
  });

  test("truncated properties are refused with the reason", () => {
    expect(parseProperties(text("\x0bSocket-Type\x00\x00"))).toBe("truncated metadata property name");
    expect(parseProperties(text("\x04Name\x00\x00\x00\x09SUB"))).toBe('metadata property "name" overruns the command');
    expect(parseProperties(new Uint8Array(0))).toEqual(new Map());
  });
});
