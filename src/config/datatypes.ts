// Conversions of option strings into typed values, with supervisord's accepted spellings
// (supervisor/datatypes.py semantics). Each throws ConversionError with a message that says what
// is wrong and what to write instead; the loader adds file, line, section and option.
//
// Example: parseByteSize("50MB") === 52428800; parseBoolean("on") === true; parseOctal("022") === 18

import { LogLevels, type AutoRestart, type LogLevelName } from "./model.ts";

/** A value that does not convert. The loader turns it into a located ConfigError. */
export class ConversionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConversionError";
  }
}

const TRUTHY = ["yes", "true", "on", "1"];
const FALSY = ["no", "false", "off", "0"];

/** Python's int(): surrounding whitespace, a sign, digits with single `_` between them. */
export function parseInteger(value: string): number {
  const v = value.trim();
  if (!/^[+-]?[0-9](_?[0-9])*$/.test(v)) {
    throw new ConversionError(`${quote(value)} is not a valid integer; write a whole number such as 10`);
  }
  return Number(v.replace(/_/g, ""));
}

/** `yes/true/on/1` and `no/false/off/0`, any case (CFG-GEN-03). */
export function parseBoolean(value: string): boolean {
  const v = value.toLowerCase();
  if (TRUTHY.includes(v)) return true;
  if (FALSY.includes(v)) return false;
  throw new ConversionError(`${quote(value)} is not a valid boolean; write true or false`);
}

/** Python's int(x, 8): `022`, `0o22`, `22` all give 18. */
export function parseOctal(value: string): number {
  const v = value.trim();
  const m = /^([+-]?)(?:0[oO]_?)?([0-7](?:_?[0-7])*)$/.exec(v);
  if (!m) throw new ConversionError(`${quote(value)} is not a valid octal number; write e.g. 022`);
  const n = parseInt((m[2] as string).replace(/_/g, ""), 8);
  return m[1] === "-" ? -n : n;
}

const BYTE_SUFFIXES: ReadonlyArray<[string, number]> = [
  ["kb", 1024],
  ["mb", 1024 * 1024],
  ["gb", 1024 * 1024 * 1024],
];

/** An integer with an optional `KB`/`MB`/`GB` suffix, any case, powers of 1024 (CFG-GEN-04). */
export function parseByteSize(value: string): number {
  const v = value.toLowerCase();
  let multiplier = 1;
  let digits = v;
  for (const [suffix, mult] of BYTE_SUFFIXES) {
    if (v.endsWith(suffix)) {
      multiplier = mult;
      digits = v.slice(0, -suffix.length);
      break;
    }
  }
  const t = digits.trim();
  if (!/^[+-]?[0-9](_?[0-9])*$/.test(t)) {
    throw new ConversionError(`${quote(value)} is not a valid byte size; write e.g. 50MB, 1024KB or 0`);
  }
  return Number(t.replace(/_/g, "")) * multiplier;
}

/** Comma list, items trimmed; an empty value is an empty list. */
export function parseListOfStrings(value: string): string[] {
  if (!value) return [];
  return value.split(",").map((s) => s.trim());
}

/** Comma list of exit codes 0..255; an empty value is an empty list (CFG-PG-10). */
export function parseExitCodes(value: string): number[] {
  if (!value) return [];
  return value.split(",").map((item) => {
    const t = item.trim();
    if (!/^[+-]?[0-9](_?[0-9])*$/.test(t)) {
      throw new ConversionError(`${quote(value)} is not a valid list of exit codes; write e.g. 0,2`);
    }
    const n = Number(t.replace(/_/g, ""));
    if (n < 0 || n > 255) {
      throw new ConversionError(`exit code ${n} in ${quote(value)} is out of range; use 0 to 255`);
    }
    return n;
  });
}

/** `false`-like, `unexpected` or `true`-like (CFG-PG-09). */
export function parseAutoRestart(value: string): AutoRestart {
  const v = value.toLowerCase();
  if (TRUTHY.includes(v)) return "true";
  if (FALSY.includes(v)) return "false";
  if (v === "unexpected") return "unexpected";
  throw new ConversionError(`${quote(value)} is not a valid autorestart value; write false, unexpected or true`);
}

/** A level name of CFG-GEN-05, any case. */
export function parseLogLevel(value: string): LogLevelName {
  const v = value.toLowerCase();
  if (Object.prototype.hasOwnProperty.call(LogLevels, v)) return v as LogLevelName;
  throw new ConversionError(
    `${quote(value)} is not a log level; write one of ${Object.keys(LogLevels).join(", ")}`,
  );
}

/** `[host]:port` or `port`; host `*` or empty means all interfaces and becomes "" (CFG-IH-01). */
export function parseInetAddress(value: string): { host: string; port: number } {
  let host = "";
  let portText = value;
  const colon = value.lastIndexOf(":");
  if (colon !== -1) {
    host = value.slice(0, colon).toLowerCase();
    portText = value.slice(colon + 1);
    if (!portText) throw new ConversionError(`${quote(value)} has no port number; write e.g. 127.0.0.1:9001`);
  }
  let port: number;
  try {
    port = parseInteger(portText);
  } catch {
    throw new ConversionError(`${quote(value)} is not a valid port; write e.g. 9001 or 127.0.0.1:9001`);
  }
  if (port < 1 || port > 65535) {
    throw new ConversionError(`port ${port} in ${quote(value)} is out of range; use 1 to 65535`);
  }
  if (host === "*") host = "";
  return { host, port };
}

/** Program, group and process names may not hold ` `, `:` or `/` (they break URLs and namespecs). */
export function checkProcessOrGroupName(name: string): string {
  const s = name.trim();
  for (const ch of [" ", ":", "/"]) {
    if (s.includes(ch)) {
      throw new ConversionError(`invalid name ${quote(name)}: the character ${quote(ch)} is not allowed`);
    }
  }
  return s;
}

/** Single-quoted like Python's repr of a str, for messages. */
export function quote(value: string): string {
  return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\n/g, "\\n")}'`;
}

/**
 * The inverse of parseByteSize for reports: exact multiples only, so nothing is rounded.
 * @example formatByteSize(52428800) // "50MB"; formatByteSize(1536) // "1536"
 */
export function formatByteSize(n: number): string {
  const KB = 1024;
  for (const [unit, size] of [
    ["GB", KB * KB * KB],
    ["MB", KB * KB],
    ["KB", KB],
  ] as const) {
    if (n !== 0 && n % size === 0) return `${n / size}${unit}`;
  }
  return String(n);
}
