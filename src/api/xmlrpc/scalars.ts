// Decoders for the scalar XML-RPC types (ints, doubles, dates, base64), lenient where Python's
// xmlrpc.client is (surrounding whitespace, `inf`/`nan`, dashed dates) and strict elsewhere.

import { XmlRpcParseError } from "./parse-error.ts";

const INT_RE = /^\s*[+-]?\d+\s*$/;
const DOUBLE_RE = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;
const SPECIAL_DOUBLES: Record<string, number> = { inf: Infinity, infinity: Infinity, nan: NaN };
const DATE_RE = /^\s*(\d{4})-?(\d{2})-?(\d{2})T(\d{2}):?(\d{2}):?(\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?\s*$/;
const INT64_LIMIT = 2n ** 63n;

export function decodeInt(text: string, tag: string): number | bigint {
  if (!INT_RE.test(text)) throw new XmlRpcParseError(`bad <${tag}> value "${text.trim()}"`);
  const big = BigInt(text.trim());
  if (big >= INT64_LIMIT || big < -INT64_LIMIT) throw new XmlRpcParseError(`<${tag}> value ${big} exceeds 64 bits`);
  return big > BigInt(Number.MAX_SAFE_INTEGER) || big < BigInt(Number.MIN_SAFE_INTEGER) ? big : Number(big);
}

export function decodeDouble(text: string): number {
  const trimmed = text.trim();
  if (DOUBLE_RE.test(trimmed)) return Number(trimmed);
  const sign = trimmed.startsWith("-") ? -1 : 1;
  const special = SPECIAL_DOUBLES[trimmed.replace(/^[+-]/, "").toLowerCase()];
  if (special === undefined) throw new XmlRpcParseError(`bad <double> value "${trimmed}"`);
  return sign * special;
}

export function decodeDate(text: string): Date {
  const m = DATE_RE.exec(text);
  if (!m) throw new XmlRpcParseError(`bad <dateTime.iso8601> value "${text.trim()}"`);
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const ms = frac ? Math.floor(Number(frac) * 1000) : 0;
  // setUTCFullYear, not Date.UTC, which maps years 0-99 to 1900-1999.
  const local = new Date(0);
  local.setUTCFullYear(+y!, +mo! - 1, +d!);
  local.setUTCHours(+h!, +mi!, +s!, ms);
  // Date.UTC rolls 31 February over into March: a rolled value was not a real date.
  const real =
    local.getUTCFullYear() === +y! && local.getUTCMonth() === +mo! - 1 && local.getUTCDate() === +d! &&
    local.getUTCHours() === +h! && local.getUTCMinutes() === +mi! && local.getUTCSeconds() === +s!;
  if (!real) throw new XmlRpcParseError(`bad <dateTime.iso8601> value "${text.trim()}"`);
  // A date without zone is UTC, as Supervisor writes them.
  let offsetMinutes = 0;
  if (zone && zone !== "Z") {
    const sign = zone.startsWith("-") ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
  }
  const date = new Date(local.getTime() - offsetMinutes * 60_000);
  return date;
}

export function decodeBase64(text: string): Uint8Array {
  const compact = text.replace(/\s+/g, "");
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) {
    throw new XmlRpcParseError("bad <base64> value");
  }
  return new Uint8Array(Buffer.from(compact, "base64"));
}
