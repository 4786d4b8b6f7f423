// How Python would print an XML-RPC argument, for fault texts that quote the value and its type
// as Supvisors does (`invalid logger value=2.5 type=<class 'float'>`). Values are as Supervisor's
// own unmarshaller makes them: base64 arrives as text, dateTime as datetime.datetime.

import { Double, type XmlRpcValue } from "../xmlrpc/value.ts";

/** Python's repr of a float: "20.0", "2.5", "1e+16", "1e-05", "inf", "nan". */
export function pyFloat(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  const abs = Math.abs(x);
  if (abs !== 0 && (abs >= 1e16 || abs < 1e-4)) {
    // Python writes at least two exponent digits.
    return x.toExponential().replace(/e([+-])(\d)$/, "e$10$2");
  }
  return Number.isInteger(x) ? `${x}.0` : String(x);
}

function pyDate(d: Date): string {
  return d.toISOString().replace("T", " ").replace(/\.\d+Z$/, "");
}

/** `datetime.datetime(2020, 1, 2, 3, 4)`: Python leaves out zero seconds (XML-RPC has no fractions). */
function pyDateRepr(d: Date): string {
  const parts = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes()];
  if (d.getUTCSeconds() !== 0) parts.push(d.getUTCSeconds());
  return `datetime.datetime(${parts.join(", ")})`;
}

/** Python's `str()` of the value (strings unquoted), as f-strings show it. */
export function pyStr(v: XmlRpcValue): string {
  if (typeof v === "string") return v;
  if (v instanceof Date) return pyDate(v);
  return pyRepr(v);
}

/** Python's `repr()` of the value (strings quoted, as inside a list). */
export function pyRepr(v: XmlRpcValue): string {
  if (v === null) return "None";
  if (typeof v === "string") return `'${v.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : pyFloat(v);
  if (v instanceof Double) return pyFloat(v.value);
  if (v instanceof Date) return pyDateRepr(v);
  if (v instanceof Uint8Array) return pyRepr(new TextDecoder().decode(v));
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(", ")}]`;
  return `{${Object.entries(v).map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`).join(", ")}}`;
}

/** Python's `type()` of the value as printed: `<class 'float'>`. */
export function pyType(v: XmlRpcValue): string {
  const name = (() => {
    if (v === null) return "NoneType";
    if (typeof v === "string" || v instanceof Uint8Array) return "str";
    if (typeof v === "boolean") return "bool";
    if (typeof v === "bigint") return "int";
    if (typeof v === "number") return Number.isInteger(v) ? "int" : "float";
    if (v instanceof Double) return "float";
    if (v instanceof Date) return "datetime.datetime";
    if (Array.isArray(v)) return "list";
    return "dict";
  })();
  return `<class '${name}'>`;
}
