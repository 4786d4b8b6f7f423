// Conversions of Supvisors option strings into typed values, with the spellings Supvisors 0.19
// accepts (supvisors/options.py: Python int() and float(), enum names looked up upper-cased,
// comma lists whose items are stripped). Each throws ConversionError with a message saying what
// to write; the section reader decides whether that is fatal or "error, default used".
//
// Example: parseRangedInteger("30", "synchro_timeout", 15, 1200, " (seconds)") === 30
//          parseMulticastGroup("239.0.0.1:7777") → { address: "239.0.0.1", port: 7777 }

import { ConversionError, parseBoolean, parseInteger, quote } from "./datatypes.ts";
import { STATISTICS_TYPES, SYNCHRO_OPTIONS, type SynchroOption } from "./supvisors-model.ts";

const DIGITS = "[0-9](?:_?[0-9])*";
const FLOAT_RE = new RegExp(`^[+-]?(?:${DIGITS}\\.(?:${DIGITS})?|\\.${DIGITS}|${DIGITS})(?:[eE][+-]?${DIGITS})?$`);

/** Python's float() on a config string: decimal, exponent, `_` between digits; no inf/nan here. */
export function parsePythonFloat(value: string): number {
  const v = value.trim();
  if (!FLOAT_RE.test(v)) throw new ConversionError(`${quote(value)} is not a number`);
  return Number(v.replace(/_/g, ""));
}

/** Supervisor's list_of_strings: split on commas, items stripped; "" gives no item at all. */
export function listOfStrings(value: string): string[] {
  if (!value) return [];
  return value.split(",").map((s) => s.trim());
}

/** Non-empty items, first occurrence kept (Supvisors keeps sets or OrderedDict keys). */
export function uniqueNonEmpty(value: string): string[] {
  return [...new Set(listOfStrings(value).filter(Boolean))];
}

/** An integer in [min, max]. `unit` is appended to the message, e.g. " (seconds)". */
export function parseRangedInteger(value: string, what: string, min: number, max: number, unit = ""): number {
  let n: number;
  try {
    n = parseInteger(value);
  } catch {
    n = Number.NaN;
  }
  if (!(n >= min && n <= max)) {
    throw new ConversionError(`invalid value for ${what}: ${quote(value)}; write an integer from ${min} to ${max}${unit}`);
  }
  return n;
}

/** A float in [min, max] (NaN and infinities refused). */
export function parseRangedFloat(value: string, what: string, min: number, max: number, unit = ""): number {
  let n: number;
  try {
    n = parsePythonFloat(value);
  } catch {
    n = Number.NaN;
  }
  if (!(n >= min && n <= max)) {
    throw new ConversionError(`invalid value for ${what}: ${quote(value)}; write a number from ${min} to ${max}${unit}`);
  }
  return n;
}

/** A TCP/UDP port number 1..65535. */
export function parsePort(value: string, what = "port"): number {
  return parseRangedInteger(value, what, 1, 65535);
}

/** One of `names`, compared upper-cased as Supvisors looks its enums up. */
export function parseEnumName<T extends string>(value: string, what: string, names: readonly T[]): T {
  const upper = value.toUpperCase();
  const found = names.find((n) => n === upper);
  if (found === undefined) {
    throw new ConversionError(`invalid value for ${what}: ${quote(value)}; write one of ${names.join(", ")}`);
  }
  return found;
}

/** Four dot-separated integers 0..255 (Python int() on each, so ` 1` or `01` pass). */
function ipv4Bytes(value: string): number[] | null {
  const parts = value.split(".");
  if (parts.length !== 4) return null;
  const bytes: number[] = [];
  for (const part of parts) {
    try {
      const n = parseInteger(part);
      if (n < 0 || n > 255) return null;
      bytes.push(n);
    } catch {
      return null;
    }
  }
  return bytes;
}

/** `multicast_interface`: an IPv4 address, or `ANY` / `INADDR_ANY` (exact case) meaning null. */
export function parseInterfaceAddress(value: string): string | null {
  if (value === "ANY" || value === "INADDR_ANY") return null;
  if (ipv4Bytes(value) === null) {
    throw new ConversionError(
      `invalid value for multicast_interface: ${quote(value)}; write an IPv4 address such as 192.168.1.10, or ANY`,
    );
  }
  return value;
}

/** Addresses Supvisors refuses as multicast groups (written exactly so). */
export const RESERVED_MULTICAST_ADDRESSES: readonly string[] = ["224.0.0.0", "232.0.0.0", "233.0.0.0", "239.0.0.0"];

/** `multicast_group`: `a.b.c.d:port`, a in 224..239, not a reserved address (CFG-SV-05). */
export function parseMulticastGroup(value: string): { address: string; port: number } {
  const colon = value.indexOf(":");
  if (colon === -1) {
    throw new ConversionError(`invalid value for multicast_group: ${quote(value)}; write address:port, e.g. 239.0.0.1:7777`);
  }
  const address = value.slice(0, colon);
  if (RESERVED_MULTICAST_ADDRESSES.includes(address)) {
    throw new ConversionError(
      `reserved multicast address ${quote(address)} in multicast_group; ` +
        `do not use ${RESERVED_MULTICAST_ADDRESSES.join(", ")}`,
    );
  }
  const bytes = ipv4Bytes(address);
  if (bytes === null || (bytes[0] as number) < 224 || (bytes[0] as number) > 239) {
    throw new ConversionError(
      `invalid multicast address ${quote(address)} in multicast_group; write an address from 224.0.0.0 to 239.255.255.255`,
    );
  }
  return { address, port: parsePort(value.slice(colon + 1), "the multicast_group port") };
}

/** `synchro_options`: names any case, deduplicated in order; "" gives an empty list (CFG-SV-15). */
export function parseSynchroOptions(value: string): SynchroOption[] {
  const options: SynchroOption[] = [];
  for (const item of listOfStrings(value).filter(Boolean)) {
    const option = parseEnumName(item, "synchro_options", SYNCHRO_OPTIONS);
    if (!options.includes(option)) options.push(option);
  }
  return options;
}

/** `stats_enabled`: OFF/HOST/PROCESS/ALL or booleans, comma-separated (CFG-SV-23). */
export function parseStatsEnabled(value: string): { host: boolean; process: boolean } {
  const items = listOfStrings(value);
  if (items.length === 0) throw new ConversionError("invalid value for stats_enabled: it is empty; write ALL, HOST, PROCESS or OFF");
  const kinds = items.map((item) => {
    const upper = item.toUpperCase();
    if ((STATISTICS_TYPES as readonly string[]).includes(upper)) return upper;
    try {
      return parseBoolean(item) ? "ALL" : "OFF";
    } catch {
      throw new ConversionError(
        `invalid value for stats_enabled: ${quote(value)}; write ${STATISTICS_TYPES.join(", ")}, true or false`,
      );
    }
  });
  return {
    host: kinds.includes("ALL") || kinds.includes("HOST"),
    process: kinds.includes("ALL") || kinds.includes("PROCESS"),
  };
}

/** `stats_periods`: 1 to 3 numbers in [1, 3600], returned ascending (CFG-SV-25). */
export function parseStatsPeriods(value: string): number[] {
  const items = listOfStrings(value);
  if (items.length < 1 || items.length > 3) {
    throw new ConversionError(`invalid value for stats_periods: ${quote(value)}; write 1 to 3 numbers of seconds, e.g. 10,60`);
  }
  return items.map((item) => parseRangedFloat(item, "stats_periods", 1, 3600, " (seconds)")).sort((a, b) => a - b);
}
