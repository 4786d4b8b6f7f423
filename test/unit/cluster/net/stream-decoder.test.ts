// Splitting a TCP byte stream into frames: partial reads, several frames per chunk, garbage.

import { expect, test } from "bun:test";
import { encodeFrame } from "../../../../src/cluster/net/frame.ts";
import { FrameStreamDecoder } from "../../../../src/cluster/net/stream-decoder.ts";
import { identity } from "./helpers.ts";

const key = new TextEncoder().encode("k");
const sender = identity("alpha", 7001);
const frames = [1, 2, 3].map((seq) =>
  encodeFrame({ kind: "data", sender, stamp: { sessionStart: 1, sessionNonce: 2, seq, timestamp: 3 }, payloadJson: JSON.stringify({ seq, pad: "p".repeat(seq * 50) }), key }),
);
const stream = concat(frames);

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

test("a stream split in two at every byte offset yields the same frames", () => {
  for (let cut = 0; cut <= stream.length; cut += 1) {
    const decoder = new FrameStreamDecoder(1 << 20);
    const out = [...decoder.push(stream.subarray(0, cut)).frames, ...decoder.push(stream.subarray(cut)).frames];
    expect(out).toEqual(frames);
    expect(decoder.buffered).toBe(0);
  }
});

test("a stream fed one byte at a time yields each frame when its last byte arrives", () => {
  const decoder = new FrameStreamDecoder(1 << 20);
  const ends: number[] = [];
  const out: Uint8Array[] = [];
  for (let i = 0; i < stream.length; i += 1) {
    const got = decoder.push(stream.subarray(i, i + 1));
    expect(got.error).toBeUndefined();
    if (got.frames.length > 0) ends.push(i + 1);
    out.push(...got.frames);
  }
  expect(out).toEqual(frames);
  expect(ends).toEqual([frames[0].length, frames[0].length + frames[1].length, stream.length]);
});

test("several frames in one chunk come out in order", () => {
  const decoder = new FrameStreamDecoder(1 << 20);
  expect(decoder.push(concat([stream, stream])).frames).toEqual([...frames, ...frames]);
});

test("garbage stops the decoder with a reason, and it stays stopped", () => {
  const decoder = new FrameStreamDecoder(1 << 20);
  expect(decoder.push(frames[0]).frames).toEqual([frames[0]]);
  const bad = decoder.push(new TextEncoder().encode("GET / HTTP/1.1\r\n\r\n"));
  expect(bad).toEqual({ frames: [], error: "not a Flotilla peer frame (bad magic)" });
  expect(decoder.push(frames[1])).toEqual({ frames: [], error: "not a Flotilla peer frame (bad magic)" });
  expect(decoder.buffered).toBe(0);
});

test("an oversize frame is refused from its 10-byte prefix, before its body is buffered", () => {
  const decoder = new FrameStreamDecoder(200);
  const result = decoder.push(frames[2].subarray(0, 10));
  expect(result.error).toBe(`frame of ${frames[2].length} bytes exceeds the limit of 200`);
  expect(decoder.buffered).toBe(0);
});

test("a length shorter than a header is garbage", () => {
  const bytes = frames[0].slice(0, 10);
  new DataView(bytes.buffer).setUint32(6, 12);
  expect(new FrameStreamDecoder(1 << 20).push(bytes).error).toBe("frame length 12 is shorter than a frame header");
});

test("a wrong version is garbage", () => {
  const bytes = frames[0].slice();
  bytes[4] = 9;
  expect(new FrameStreamDecoder(1 << 20).push(bytes).error).toBe("unsupported frame version 9 (this node speaks 1)");
});
