// Seeded fuzzing of the codec: random values survive encode → decode unchanged, and randomly
// damaged bodies never make the decoder throw anything but XmlRpcParseError or RpcFault.

import { describe, expect, test } from "bun:test";
import { RpcFault } from "../../../src/api/faults.ts";
import {
  decodeCall,
  decodeResponse,
  encodeCall,
  encodeFault,
  encodeResponse,
  XmlRpcParseError,
  type XmlRpcValue,
} from "../../../src/api/xmlrpc/codec.ts";

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = 20261124;
/** Characters XML can carry, markup and whitespace included; forbidden ones are tested elsewhere. */
const ALPHABET = ["a", "Z", "0", " ", "\t", "\n", "\r", "<", ">", "&", ";", "#", '"', "'", "]", "é", "✓", "𝄞", "\u00a0"];

function randomString(r: () => number): string {
  const n = Math.floor(r() * 12);
  let s = "";
  for (let i = 0; i < n; i++) s += ALPHABET[Math.floor(r() * ALPHABET.length)];
  return s;
}

function randomValue(r: () => number, depth: number): XmlRpcValue {
  const kinds = depth > 3 ? 9 : 11;
  switch (Math.floor(r() * kinds)) {
    case 0:
      return Math.floor((r() - 0.5) * 2 ** 32);
    case 1:
      return Math.floor((r() - 0.5) * 2 ** 52);
    case 2:
      return BigInt(Math.floor(r() * 2 ** 30)) * 2n ** 33n + 1n;
    case 3:
      // Magnitudes below 2^53: larger whole numbers are written as <i8> and read back as bigint.
      return (r() - 0.5) * 10 ** Math.floor(r() * 35 - 20);
    case 4:
      return r() < 0.5;
    case 5:
      return randomString(r);
    case 6:
      return new Date(Math.floor(r() * 4e12 / 1000) * 1000);
    case 7:
      return new Uint8Array(Array.from({ length: Math.floor(r() * 20) }, () => Math.floor(r() * 256)));
    case 8:
      return null;
    case 9:
      return Array.from({ length: Math.floor(r() * 5) }, () => randomValue(r, depth + 1));
    default: {
      const out: { [k: string]: XmlRpcValue } = {};
      const n = Math.floor(r() * 5);
      for (let i = 0; i < n; i++) out[`${randomString(r)}k${i}`] = randomValue(r, depth + 1);
      return out;
    }
  }
}

function mutate(r: () => number, text: string): string {
  let s = text;
  const edits = 1 + Math.floor(r() * 2);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(r() * (s.length + 1));
    const kind = Math.floor(r() * 4);
    if (kind === 0) s = s.slice(0, at) + s.slice(at + 1 + Math.floor(r() * 10));
    else if (kind === 1) s = s.slice(0, at) + String.fromCharCode(Math.floor(r() * 128)) + s.slice(at + 1);
    else if (kind === 2) s = s.slice(0, at) + ["<", ">", "&", "/", "<value>", "</data>", "&#x0;", "<![CDATA["][Math.floor(r() * 8)] + s.slice(at);
    else {
      const from = Math.floor(r() * s.length);
      s = s.slice(0, at) + s.slice(from, from + Math.floor(r() * 30)) + s.slice(at);
    }
  }
  return s;
}

describe(`codec fuzz (seed ${SEED})`, () => {
  test("random values round-trip through a response and a call", () => {
    const r = rng(SEED);
    for (let i = 0; i < 1500; i++) {
      const value = randomValue(r, 0);
      expect(decodeResponse(encodeResponse(value))).toEqual(value);
      expect(decodeCall(encodeCall("fuzz.call", [value, i])).params).toEqual([value, i]);
    }
  });

  test("damaged bodies only ever fail with XmlRpcParseError or RpcFault", () => {
    const r = rng(SEED + 1);
    let parsed = 0;
    let refused = 0;
    for (let i = 0; i < 3000; i++) {
      const value = randomValue(r, 0);
      const bodies = [encodeResponse(value), encodeCall("fuzz.call", [value]), encodeFault(10, randomString(r))];
      const body = mutate(r, bodies[i % 3]!);
      for (const decode of [decodeResponse, decodeCall] as ((x: string) => unknown)[]) {
        try {
          decode(body);
          parsed++;
        } catch (err) {
          if (!(err instanceof XmlRpcParseError || err instanceof RpcFault)) {
            throw new Error(`unexpected ${String(err)} for body ${JSON.stringify(body)}`);
          }
          refused++;
        }
      }
    }
    // Both outcomes must occur, else the mutations are too weak or too strong to mean anything.
    expect(parsed).toBeGreaterThan(50);
    expect(refused).toBeGreaterThan(100);
  });
});
