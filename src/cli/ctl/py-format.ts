// Python's spellings of values, for messages that must read exactly as supervisorctl prints them:
// repr() of a string, str() of a value, int() of a command argument.

import { Double, type XmlRpcValue } from "../../api/xmlrpc/value.ts";

/**
 * Python's `repr()` of a str.
 * @example pyRepr("foo") // "'foo'"
 * @example pyRepr("it's") // "\"it's\""
 */
export function pyRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === "\\") out += "\\\\";
    else if (ch === quote) out += "\\" + quote;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (code < 0x20 || code === 0x7f) out += "\\x" + code.toString(16).padStart(2, "0");
    else out += ch;
  }
  return out + quote;
}

/**
 * Python's `str()` of a value as supervisorctl formats it with `%s`.
 * @example pyStr(true) // "True"
 */
export function pyStr(value: XmlRpcValue | undefined): string {
  if (value === null || value === undefined) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  if (Array.isArray(value)) return "[" + value.map(pyReprValue).join(", ") + "]";
  if (value instanceof Date || value instanceof Uint8Array) return String(value);
  if (value instanceof Double) return Number.isInteger(value.value) ? value.value.toFixed(1) : String(value.value);
  return "{" + Object.entries(value).map(([k, v]) => `${pyRepr(k)}: ${pyReprValue(v)}`).join(", ") + "}";
}

function pyReprValue(value: XmlRpcValue): string {
  return typeof value === "string" ? pyRepr(value) : pyStr(value);
}

/**
 * Python's `int()` of a string (ASCII digits, optional sign, `_` between digits, spaces around),
 * or null where Python raises ValueError.
 * @example pyInt(" -12 ") // -12
 * @example pyInt("f")     // null
 */
export function pyInt(text: string): number | null {
  const t = text.trim();
  if (!/^[+-]?\d+(_\d+)*$/.test(t)) return null;
  return Number(t.replace(/_/g, ""));
}
