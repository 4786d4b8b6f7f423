// XML-RPC values written as JSON text for `flotilla ctl --json`. JSON.stringify cannot do it
// alone: a 64-bit integer beyond 2^53 arrives as a bigint (written here as its exact digits, as
// JSON allows), a forced double as a Double object, a date as a Date and base64 as bytes.
//
// Mapping: int/i8 -> number, Double -> number, non-finite double -> null (JSON has no NaN or
// Infinity), string, boolean, nil -> null, Date -> ISO 8601 string in UTC
// ("2024-01-02T03:04:05.000Z"), base64 bytes -> their base64 text (lossless: the bytes need not
// be UTF-8), array, struct -> object. Struct members that are `undefined` are left out.

import { Double, type XmlRpcValue } from "../../../api/xmlrpc/value.ts";

/** What the JSON writer accepts: XML-RPC values, possibly with absent (undefined) members. */
export type JsonSource = XmlRpcValue | undefined | readonly JsonSource[] | { readonly [key: string]: JsonSource };

function isBytes(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array;
}

function numberText(n: number): string {
  return Number.isFinite(n) ? JSON.stringify(n) : "null";
}

/**
 * The JSON text of a value, indented by `indent` spaces per level (0: one line).
 * @example jsonText({ name: "web", ok: true }, 0) // '{"name":"web","ok":true}'
 * @example jsonText(2n ** 60n, 0)                 // "1152921504606846976"
 */
export function jsonText(value: JsonSource, indent = 2): string {
  return write(value, indent, 0);
}

function write(value: JsonSource, indent: number, depth: number): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return numberText(value);
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "string") return JSON.stringify(value);
  if (value instanceof Double) return numberText(value.value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "null" : JSON.stringify(value.toISOString());
  if (isBytes(value)) return JSON.stringify(Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64"));
  const open = indent > 0 ? "\n" + " ".repeat(indent * (depth + 1)) : "";
  const close = indent > 0 ? "\n" + " ".repeat(indent * depth) : "";
  const colon = indent > 0 ? ": " : ":";
  const separator = "," + open;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return "[" + open + value.map((v) => write(v, indent, depth + 1)).join(separator) + close + "]";
  }
  const entries = Object.entries(value as { [key: string]: JsonSource }).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return "{}";
  const members = entries.map(([k, v]) => JSON.stringify(k) + colon + write(v, indent, depth + 1));
  return "{" + open + members.join(separator) + close + "}";
}
