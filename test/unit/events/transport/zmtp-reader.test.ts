// The ZMTP stream reader on hand-written byte streams: however the bytes are split, the same
// greeting and frames come out; a stream that is not ZMTP 3 is refused on the first byte that
// shows it; a frame over the limit is refused from its size field, before its body is buffered.

import { describe, expect, test } from "bun:test";
import { ZmtpReader, type ReadResult, type ZmtpFrame } from "../../../../src/events/transport/zmtp-reader.ts";

const NULL_GREETING = Buffer.from(`ff00000000000000017f0301${Buffer.from("NULL").toString("hex")}${"00".repeat(48)}`, "hex");
const bytes = (...parts: Array<Buffer | number[] | string>) =>
  Buffer.concat(parts.map((part) => (typeof part === "string" ? Buffer.from(part, "latin1") : Buffer.from(part))));

const STREAM = bytes(
  NULL_GREETING,
  [0x04, 0x0d, 0x09],
  "SUBSCRIBEabc",
  [0x01, 0x01],
  "a",
  [0x00, 0x00],
  [0x02, 0, 0, 0, 0, 0, 0, 0x01, 0x00],
  Buffer.alloc(256, 0x7a),
);

const EXPECTED: Array<[boolean, boolean, number]> = [
  [true, false, 13],
  [false, true, 1],
  [false, false, 0],
  [false, false, 256],
];

function feed(reader: ZmtpReader, chunks: Uint8Array[]): { results: ReadResult[]; frames: ZmtpFrame[] } {
  const results = chunks.map((chunk) => reader.push(chunk));
  return { results, frames: results.flatMap((result) => result.frames) };
}

describe("splitting", () => {
  const splits: Array<[string, (b: Buffer) => Uint8Array[]]> = [
    ["all at once", (b) => [b]],
    ["one byte at a time", (b) => [...b].map((x) => Uint8Array.of(x))],
    ["in 7-byte pieces", (b) => Array.from({ length: Math.ceil(b.length / 7) }, (_, i) => b.subarray(i * 7, i * 7 + 7))],
    ["split inside the greeting and inside a long size", (b) => [b.subarray(0, 30), b.subarray(30, 90), b.subarray(90)]],
  ];
  for (const [name, split] of splits) {
    test(name, () => {
      const { results, frames } = feed(new ZmtpReader(1024), split(STREAM));
      expect(results.filter((r) => r.greeting).map((r) => r.greeting)).toEqual([{ major: 3, minor: 1, mechanism: "NULL", asServer: false }]);
      expect(frames.map((f) => [f.command, f.more, f.body.length])).toEqual(EXPECTED);
      expect(Buffer.from(frames[0].body).toString("latin1")).toBe("\x09SUBSCRIBEabc");
      expect(results.some((r) => r.error)).toBe(false);
    });
  }
});

describe("refusals", () => {
  const table: Array<[string, Buffer, string]> = [
    ["an HTTP request, on its first byte", bytes("G"), "not a ZMTP peer: greeting starts with 0x47, not 0xff"],
    ["ZMTP 1.0 (byte 9 without bit 0)", bytes([0xff, 0, 0, 0, 0, 0, 0, 0, 1, 0x00]), "ZMTP 1.0 peer (libzmq 2.x) not supported: ZMTP 3 is needed"],
    ["ZMTP 2.0 (revision 1)", bytes([0xff, 0, 0, 0, 0, 0, 0, 0, 1, 0x7f, 1]), "ZMTP revision 1 peer (ZMTP 2.0, libzmq 3.x) not supported: ZMTP 3 is needed"],
    ["reserved flag bits", bytes(NULL_GREETING, [0x08, 0]), "invalid frame flags 0x08"],
    ["a command with MORE", bytes(NULL_GREETING, [0x05, 0]), "command frame with the MORE flag"],
    ["a short frame over the limit", bytes(NULL_GREETING, [0x00, 200]), "frame of 200 bytes exceeds the limit of 100 bytes"],
    ["a long size of 2^63", bytes(NULL_GREETING, [0x02, 0x80, 0, 0, 0, 0, 0, 0, 0]), "frame of over 2^53 bytes exceeds the limit of 100 bytes"],
  ];
  for (const [name, stream, reason] of table) {
    test(name, () => {
      const reader = new ZmtpReader(100);
      expect(reader.push(stream).error).toBe(reason);
      // Refused for good: later bytes, even valid ones, are not read.
      expect(reader.push(bytes([0x00, 0x00]))).toEqual({ frames: [], error: reason });
    });
  }

  test("ZMTP 3.0 is accepted (libzmq 4.0 to 4.2)", () => {
    const greeting30 = Buffer.from(NULL_GREETING);
    greeting30[11] = 0;
    expect(new ZmtpReader(100).push(greeting30).greeting?.minor).toBe(0);
  });

  test("frames completed before a bad one are still returned", () => {
    const result = new ZmtpReader(100).push(bytes(NULL_GREETING, [0x00, 0x01], "x", [0x40, 0x00]));
    expect(result.frames.length).toBe(1);
    expect(result.error).toBe("invalid frame flags 0x40");
  });
});
