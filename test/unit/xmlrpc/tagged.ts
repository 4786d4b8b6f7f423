// Test helper: the tagged JSON form pyxmlrpc.py uses, so values cross the Python boundary intact,
// and the bridge that runs Python's xmlrpc.client.

import { existsSync } from "node:fs";
import { join } from "node:path";
import { Double, type XmlRpcValue } from "../../../src/api/xmlrpc/codec.ts";

export type Tagged =
  | { int: string }
  | { float: string }
  | { bool: boolean }
  | { str: string }
  | { b64: string }
  | { date: string }
  | { nil: true }
  | { arr: Tagged[] }
  | { struct: [string, Tagged][] };

export const PYTHON = "/usr/bin/python3";

/** Why the live-Python tests cannot run here, or null when they can. */
export function pythonUnavailable(): string | null {
  if (!existsSync(PYTHON)) return `${PYTHON} is missing`;
  const probe = Bun.spawnSync([PYTHON, "-c", "import xmlrpc.client"]);
  return probe.exitCode === 0 ? null : `${PYTHON} has no xmlrpc.client`;
}

/** Runs one pyxmlrpc.py command. */
export function python<T>(command: object): T {
  const proc = Bun.spawnSync([PYTHON, join(import.meta.dir, "pyxmlrpc.py")], {
    stdin: Buffer.from(JSON.stringify(command)),
  });
  if (proc.exitCode !== 0) throw new Error(`pyxmlrpc.py failed: ${proc.stderr.toString()}`);
  return JSON.parse(proc.stdout.toString()) as T;
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, "0");
}

export function toTagged(v: XmlRpcValue): Tagged {
  if (v === null) return { nil: true };
  if (typeof v === "boolean") return { bool: v };
  if (typeof v === "string") return { str: v };
  if (typeof v === "bigint") return { int: v.toString() };
  if (typeof v === "number") return Number.isInteger(v) ? { int: String(v) } : { float: String(v) };
  if (v instanceof Double) return { float: String(v.value) };
  if (v instanceof Uint8Array) return { b64: Buffer.from(v).toString("hex") };
  if (v instanceof Date) {
    const d = v;
    return {
      date: `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`,
    };
  }
  if (Array.isArray(v)) return { arr: v.map(toTagged) };
  return { struct: Object.keys(v).map((k) => [k, toTagged(v[k]!)] as [string, Tagged]) };
}

export function fromTagged(t: Tagged): XmlRpcValue {
  if ("int" in t) {
    const big = BigInt(t.int);
    return big <= BigInt(Number.MAX_SAFE_INTEGER) && big >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(big) : big;
  }
  if ("float" in t) return new Double(Number(t.float.replace(/^(-?)inf$/, "$1Infinity")));
  if ("bool" in t) return t.bool;
  if ("str" in t) return t.str;
  if ("b64" in t) return new Uint8Array(Buffer.from(t.b64, "hex"));
  if ("date" in t) {
    const m = /^(\d{4})(\d{2})(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(t.date)!;
    return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
  }
  if ("nil" in t) return null;
  if ("arr" in t) return t.arr.map(fromTagged);
  const out: { [k: string]: XmlRpcValue } = {};
  for (const [k, v] of t.struct) {
    Object.defineProperty(out, k, { value: fromTagged(v), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** Int and float compared by value: JS cannot tell Python's 2.0 from 2 once decoded. */
export function numbersAsValues(t: Tagged): unknown {
  if ("int" in t) return { num: BigInt(t.int).toString() };
  if ("float" in t) {
    const n = Number(t.float.replace(/^(-?)inf$/, "$1Infinity"));
    return { num: Number.isInteger(n) ? BigInt(n).toString() : String(n) };
  }
  if ("arr" in t) return { arr: t.arr.map(numbersAsValues) };
  if ("struct" in t) return { struct: t.struct.map(([k, v]) => [k, numbersAsValues(v)]) };
  return t;
}
