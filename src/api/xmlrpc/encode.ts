// XML-RPC writer: turns XmlRpcValue trees into methodCall / methodResponse bodies that Python's
// xmlrpc.client and Supervisor's own parser read back to the same values.

import { Double, type XmlRpcValue } from "./value.ts";
import { escapeText } from "./escape.ts";

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * Writes a double the way Python's repr does where it matters: whole numbers keep a `.0`
 * (so the value reads as a float everywhere) and non-finite values are `inf`/`-inf`/`nan`.
 * @example formatDouble(2) // "2.0"
 */
export function formatDouble(n: number): string {
  if (Number.isNaN(n)) return "nan";
  if (n === Infinity) return "inf";
  if (n === -Infinity) return "-inf";
  if (Object.is(n, -0)) return "-0.0";
  const text = String(n);
  return /[.eE]/.test(text) ? text : `${text}.0`;
}

/** Two-digit zero padding for date parts. */
function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/**
 * Python's xmlrpc dateTime format, in UTC: `20261124T21:45:23`.
 * @example formatDateTime(new Date(Date.UTC(2026, 10, 24, 21, 45, 23))) // "20261124T21:45:23"
 */
export function formatDateTime(d: Date): string {
  if (Number.isNaN(d.getTime())) throw new TypeError("cannot encode an invalid Date as XML-RPC");
  return (
    `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
  );
}

function encodeInteger(n: bigint): string {
  if (n >= BigInt(INT32_MIN) && n <= BigInt(INT32_MAX)) return `<int>${n}</int>`;
  if (n >= INT64_MIN && n <= INT64_MAX) return `<i8>${n}</i8>`;
  throw new RangeError(`integer ${n} does not fit in XML-RPC <i8> (64 bits)`);
}

function encodeNumber(n: number): string {
  if (Number.isInteger(n) && !Object.is(n, -0)) {
    if (n >= INT32_MIN && n <= INT32_MAX) return `<int>${n}</int>`;
    // Whole numbers beyond 64 bits cannot be an <i8>: a double keeps their magnitude.
    if (Math.abs(n) < 2 ** 63) return `<i8>${BigInt(n)}</i8>`;
  }
  return `<double>${formatDouble(n)}</double>`;
}

/**
 * The `<value>…</value>` element for one value; `path` names the spot in errors.
 * The text is built in one array, with no path strings on the way: a 1 000-process answer holds
 * some 20 000 values, and naming each one's place cost more than writing it. Only a value that
 * cannot be written makes the walk run again with the places named, for the error message.
 */
export function encodeValue(value: XmlRpcValue, path = "value"): string {
  return encodeBetween("", value, path, "");
}

/**
 * `before`, the value and `after` as one flat string, joined once: a template around an encoded
 * value made a rope of the 1.3 MB answer to get_all_process_info, which the byte count and the
 * socket write then had to flatten again.
 */
function encodeBetween(before: string, value: XmlRpcValue, path: string, after: string): string {
  const out: string[] = [before];
  try {
    write(value, out);
  } catch (error) {
    if (error instanceof UnencodableError) throw new TypeError(`cannot encode ${error.kind} at ${locate(value, path) ?? path} as XML-RPC`);
    throw error;
  }
  out.push(after);
  return out.join("");
}

class UnencodableError extends Error {
  constructor(readonly kind: string) {
    super(kind);
  }
}

function write(value: XmlRpcValue, out: string[]): void {
  switch (typeof value) {
    case "string":
      out.push("<value><string>", escapeText(value), "</string></value>");
      return;
    case "number":
      out.push("<value>", encodeNumber(value), "</value>");
      return;
    case "bigint":
      out.push("<value>", encodeInteger(value), "</value>");
      return;
    case "boolean":
      out.push(value ? "<value><boolean>1</boolean></value>" : "<value><boolean>0</boolean></value>");
      return;
    case "object":
      break;
    default:
      throw new UnencodableError(typeof value);
  }
  if (value === null) out.push("<value><nil/></value>");
  else if (value instanceof Double) out.push("<value><double>", formatDouble(value.value), "</double></value>");
  else if (value instanceof Date) out.push("<value><dateTime.iso8601>", formatDateTime(value), "</dateTime.iso8601></value>");
  else if (value instanceof Uint8Array) out.push("<value><base64>", Buffer.from(value).toString("base64"), "</base64></value>");
  else if (Array.isArray(value)) {
    out.push("<value><array><data>");
    for (const item of value) write(item, out);
    out.push("</data></array></value>");
  } else {
    out.push("<value><struct>");
    for (const key of Object.keys(value)) {
      out.push("<member><name>", escapeText(key), "</name>");
      write(value[key] as XmlRpcValue, out);
      out.push("</member>");
    }
    out.push("</struct></value>");
  }
}

/** The place of the first value that cannot be written, e.g. "result.a.b" or "value[3]". */
function locate(value: XmlRpcValue, path: string): string | null {
  const t = typeof value;
  if (t === "string" || t === "number" || t === "bigint" || t === "boolean") return null;
  if (t !== "object") return path;
  if (value === null || value instanceof Double || value instanceof Date || value instanceof Uint8Array) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = locate(value[i]!, `${path}[${i}]`);
      if (found !== null) return found;
    }
    return null;
  }
  const struct = value as { [key: string]: XmlRpcValue };
  for (const key of Object.keys(struct)) {
    const found = locate(struct[key]!, `${path}.${key}`);
    if (found !== null) return found;
  }
  return null;
}

const PROLOGUE = "<?xml version='1.0'?>\n";

/**
 * A request body.
 * @example encodeCall("supervisor.getState", [])
 */
export function encodeCall(method: string, params: XmlRpcValue[]): string {
  const body = params.map((p, i) => `<param>\n${encodeValue(p, `param ${i + 1}`)}\n</param>\n`).join("");
  return `${PROLOGUE}<methodCall>\n<methodName>${escapeText(method)}</methodName>\n<params>\n${body}</params>\n</methodCall>\n`;
}

/**
 * A successful response body.
 * @example encodeResponse(true)
 */
export function encodeResponse(value: XmlRpcValue): string {
  return encodeBetween(`${PROLOGUE}<methodResponse>\n<params>\n<param>\n`, value, "result", "\n</param>\n</params>\n</methodResponse>\n");
}

/**
 * A fault response body (still HTTP 200 on the wire).
 * @example encodeFault(10, "BAD_NAME: foo")
 */
export function encodeFault(code: number, faultString: string): string {
  const struct = encodeValue({ faultCode: code, faultString });
  return `${PROLOGUE}<methodResponse>\n<fault>\n${struct}\n</fault>\n</methodResponse>\n`;
}
