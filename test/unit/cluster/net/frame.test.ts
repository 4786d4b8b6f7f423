// Frame encoding and decoding: round trips, and every way a frame must be refused.

import { describe, expect, test } from "bun:test";
import { decodeFrame, encodeFrame, frameSizeFor, FrameFlags, HEADER_BYTES, MAC_BYTES, type FrameInput, type FrameKind } from "../../../../src/cluster/net/frame.ts";
import { SenderSession, type SessionRef } from "../../../../src/cluster/net/session.ts";
import { identity } from "./helpers.ts";

const key = new TextEncoder().encode("cluster secret");
const sender = identity("alpha", 7001);
const receiver: SessionRef = { start: 1_700_000_000_000, nonce: 42 };
const stamp = { sessionStart: 1_700_000_000_123, sessionNonce: 7, seq: 5, timestamp: 1_700_000_001_000 };

function frame(overrides: Partial<FrameInput> = {}): Uint8Array {
  return encodeFrame({ kind: "data", sender, stamp, payloadJson: JSON.stringify({ hello: "wörld", n: [1, 2] }), ...overrides });
}

describe("frame round trip", () => {
  const kinds: FrameKind[] = ["data", "control", "discovery"];
  for (const kind of kinds) {
    for (const keyed of [false, true]) {
      test(`${kind} frame, ${keyed ? "keyed" : "unkeyed"}`, () => {
        const bytes = frame({ kind, key: keyed ? key : undefined });
        const result = decodeFrame(bytes, { key: keyed ? key : undefined, maxFrameBytes: 1 << 20 });
        expect(result).toEqual({
          ok: true,
          frame: { kind, sender, payload: { hello: "wörld", n: [1, 2] }, authenticated: keyed, bound: false, ...stamp },
        });
      });
    }
  }

  test("the unauthenticated flag bit says so, the keyed one carries a 32-byte HMAC", () => {
    const plain = frame();
    const keyed = frame({ key });
    expect(plain[5] & FrameFlags.KEYED).toBe(0);
    expect(keyed[5] & FrameFlags.KEYED).toBe(FrameFlags.KEYED);
    expect(keyed.length - plain.length).toBe(MAC_BYTES);
    expect(frameSizeFor(sender, JSON.stringify({ hello: "wörld", n: [1, 2] }), true)).toBe(keyed.length);
  });

  test("layout: magic, version, length, stamp and identity at their offsets", () => {
    const bytes = frame({ key });
    const view = new DataView(bytes.buffer);
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe("FLTP");
    expect(bytes[4]).toBe(1);
    expect(view.getUint32(6)).toBe(bytes.length);
    expect(view.getFloat64(10)).toBe(stamp.sessionStart);
    expect(view.getUint32(18)).toBe(stamp.sessionNonce);
    expect(view.getUint32(26)).toBe(stamp.seq);
    expect(view.getFloat64(30)).toBe(stamp.timestamp);
    const n = view.getUint16(38);
    expect(JSON.parse(new TextDecoder().decode(bytes.subarray(HEADER_BYTES, HEADER_BYTES + n)))).toEqual(sender);
  });

  test("sequence numbers above 2^32 survive", () => {
    const big = { ...stamp, seq: 2 ** 40 + 3 };
    const result = decodeFrame(frame({ stamp: big }), { maxFrameBytes: 1 << 20 });
    expect(result.ok && result.frame.seq).toBe(2 ** 40 + 3);
  });

  test("a bound frame verifies only at the receiver session it was bound to", () => {
    const bytes = frame({ key, bindTo: receiver });
    const good = decodeFrame(bytes, { key, maxFrameBytes: 1 << 20, session: receiver });
    expect(good.ok && good.frame.bound).toBe(true);
    const otherRun = decodeFrame(bytes, { key, maxFrameBytes: 1 << 20, session: { ...receiver, nonce: 43 } });
    expect(otherRun).toEqual({ ok: false, reason: "HMAC mismatch (wrong peer_key, or the frame was altered)", sender: sender.identifier });
    expect(decodeFrame(bytes, { key, maxFrameBytes: 1 << 20 }).ok).toBe(false);
  });

  test("a session stamps increasing sequences per channel", () => {
    const session = new SenderSession(() => 1000, 9);
    expect([session.stamp("link").seq, session.stamp("link").seq, session.stamp("discovery").seq, session.stamp("control").seq]).toEqual([1, 2, 1, 1]);
    expect(session.stamp("link")).toEqual({ sessionStart: 1000, sessionNonce: 9, seq: 3, timestamp: 1000 });
  });
});

describe("frame rejection", () => {
  test("every single flipped byte of a keyed frame is rejected", () => {
    const bytes = frame({ key, bindTo: receiver });
    for (let offset = 0; offset < bytes.length; offset += 1) {
      for (const mask of [0x01, 0x80, 0xff]) {
        const copy = bytes.slice();
        copy[offset] ^= mask;
        const result = decodeFrame(copy, { key, maxFrameBytes: 1 << 20, session: receiver });
        if (result.ok) throw new Error(`flip 0x${mask.toString(16)} at offset ${offset} was accepted`);
      }
    }
  });

  test("wrong key", () => {
    const result = decodeFrame(frame({ key }), { key: new TextEncoder().encode("other"), maxFrameBytes: 1 << 20 });
    expect(result).toEqual({ ok: false, reason: "HMAC mismatch (wrong peer_key, or the frame was altered)", sender: sender.identifier });
  });

  test("an unkeyed frame into a keyed node, and the reverse, name the sender", () => {
    expect(decodeFrame(frame(), { key, maxFrameBytes: 1 << 20 })).toEqual({
      ok: false,
      reason: "unauthenticated frame (no HMAC) but this node requires peer_key",
      sender: sender.identifier,
    });
    expect(decodeFrame(frame({ key }), { maxFrameBytes: 1 << 20 })).toEqual({
      ok: false,
      reason: "authenticated frame but this node has no peer_key configured",
      sender: sender.identifier,
    });
  });

  test("oversize frames are refused with the sender named", () => {
    const bytes = frame({ payloadJson: JSON.stringify("x".repeat(2000)) });
    expect(decodeFrame(bytes, { maxFrameBytes: 1024 })).toEqual({
      ok: false,
      reason: `frame of ${bytes.length} bytes exceeds the limit of 1024`,
      sender: sender.identifier,
    });
  });

  const cases: [string, (b: Uint8Array) => Uint8Array, string][] = [
    ["bad magic", (b) => ((b[0] = 0), b), "not a Flotilla peer frame (bad magic)"],
    ["future version", (b) => ((b[4] = 2), b), "unsupported frame version 2 (this node speaks 1)"],
    ["truncated", (b) => b.subarray(0, 8), "truncated frame (8 bytes)"],
    ["cut short", (b) => b.subarray(0, b.length - 3), "length field says"],
    ["unknown flag", (b) => ((b[5] |= 0x40), b), "unknown flags 0x40"],
    ["discovery and control at once", (b) => ((b[5] |= FrameFlags.DISCOVERY | FrameFlags.CONTROL), b), "both discovery and control"],
    ["bound without HMAC", (b) => ((b[5] |= FrameFlags.BOUND), b), "bound without an HMAC"],
    ["identity longer than the frame", (b) => (new DataView(b.buffer).setUint16(38, 60000), b), "cannot hold its header and identity"],
    ["payload not JSON", (b) => ((b[b.length - 1] = 0x7b), b), "payload is not valid UTF-8 JSON"],
    ["identity not JSON", (b) => ((b[HEADER_BYTES] = 0x7d), b), "unreadable sender identity"],
  ];
  for (const [name, damage, reason] of cases) {
    test(name, () => {
      const result = decodeFrame(damage(frame()), { maxFrameBytes: 1 << 20 });
      expect(result.ok).toBe(false);
      expect(!result.ok && result.reason).toContain(reason);
    });
  }

  test("an identity of the wrong shape is refused", () => {
    const bad = { ...sender, httpPort: "80" } as unknown as typeof sender;
    const result = decodeFrame(frame({ sender: bad }), { maxFrameBytes: 1 << 20 });
    expect(result).toEqual({ ok: false, reason: "unreadable sender identity: identity field 'httpPort' is not a port number" });
  });

  test("never throws on random bytes, with or without a valid prefix", () => {
    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const good = frame({ key });
    for (let round = 0; round < 2000; round += 1) {
      const length = Math.floor(random() * 200);
      const bytes = new Uint8Array(length).map(() => Math.floor(random() * 256));
      if (round % 2 === 0) bytes.set(good.subarray(0, Math.min(length, 10 + (round % 40))));
      const result = decodeFrame(bytes, { key, maxFrameBytes: 1 << 20 });
      expect(result.ok).toBe(false);
    }
  });

  test("encodeFrame refuses payloads that are not JSON", async () => {
    const { toPayloadJson } = await import("../../../../src/cluster/net/frame.ts");
    expect(() => toPayloadJson(undefined)).toThrow("payload of type undefined cannot be sent as JSON");
    expect(() => toPayloadJson({ n: 1n })).toThrow();
  });
});
