// Shared helpers of the log tests: temp directories, a seeded random source, file reading, waits.

import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { waitFor as sharedWaitFor } from "../../support/wait-for.ts";

/** A fresh temp directory and its removal. */
export function makeTempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "flotilla-logs-"));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** mulberry32: small deterministic PRNG so random chunk tests repeat from a seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomBytes(rand: () => number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = Math.floor(rand() * 256);
  return out;
}

/** File content, or null when absent. */
export function readOrNull(path: string): Uint8Array | null {
  return existsSync(path) ? new Uint8Array(readFileSync(path)) : null;
}

export function text(path: string): string | null {
  const bytes = readOrNull(path);
  return bytes === null ? null : new TextDecoder().decode(bytes);
}

export function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The shared wait, with this folder's longer default deadline. */
export async function waitFor(what: string, cond: () => boolean, timeoutMs = 10000, stepMs = 20): Promise<void> {
  await sharedWaitFor(what, cond, timeoutMs, stepMs);
}
