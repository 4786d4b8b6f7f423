// What the Supvisors application and process commands of the ctl share beyond the up-check:
// strategy arguments checked against the enum names (sent as their integer value), the
// `<name>: ERROR (<faultString>)` reply to a fault, Python's sort order and equality for the
// values these commands compare, and a client for another instance of the cluster.

import { RpcFault } from "../../../api/faults.ts";
import { Double, type XmlRpcValue } from "../../../api/xmlrpc/value.ts";
import type { CtlClient } from "../client.ts";
import { Exit, type Command, type Controller } from "../controller.ts";
import { PyStyleError } from "../py-errors.ts";
import { pyStr } from "../py-format.ts";
import { faultError } from "../render/index.ts";
import type { Struct } from "./results.ts";
import { rejectArgs } from "./supvisors-support.ts";

/**
 * No words, or the word `all` among them: every item.
 * @example meansAll(["app", "all"]) // true
 */
export function meansAll(words: readonly string[]): boolean {
  return words.length === 0 || words.includes("all");
}

/**
 * The index of `word` in an enum's names, which is the value the API expects; null when it is
 * not exactly one of them (upper case only, as Python's `Enum[name]` lookup is).
 * @example enumValue(["CONFIG", "LESS_LOADED"], "LESS_LOADED") // 1
 * @example enumValue(["CONFIG", "LESS_LOADED"], "config")      // null
 */
export function enumValue(names: readonly string[], word: string): number | null {
  const index = names.indexOf(word);
  return index < 0 ? null : index;
}

/**
 * Reads the strategy word of a command. When it is unknown, prints `message` followed by the list
 * of names as Python prints a list, then the command's help, sets exit status 2 and gives null.
 */
export function strategyArg(
  ctl: Controller,
  command: Command,
  names: readonly string[],
  word: string,
  message: string,
): number | null {
  const value = enumValue(names, word);
  if (value === null) rejectArgs(ctl, command, `${message} use one of ${pyStr([...names])}`);
  return value;
}

/**
 * What a fault is about: null for the command as a whole (a failure: `ERROR (<faultString>)`),
 * a name for one target (an outcome of that name: `<name>: ERROR (...)`), or a target whose
 * line shows another label (null: none, `ERROR (...)`) and whose outcome has more fields.
 */
export type FaultTarget = null | string | { name: string; label: string | null; fields?: Struct };

/**
 * Reports a fault as the Supvisors ctl does, `ERROR (<faultString>)` or `<name>: ERROR (...)`,
 * with exit status 1. Anything that is not a fault is thrown on to the command loop.
 */
export function reportFault(ctl: Controller, error: unknown, target: FaultTarget = null): void {
  if (!(error instanceof RpcFault)) throw error;
  if (target === null) {
    ctl.failWith(error, `ERROR (${error.faultString})`);
  } else {
    const { name, label, fields } = typeof target === "string" ? { name: target, label: target, fields: undefined } : target;
    const line = label === null ? `ERROR (${error.faultString})` : `${label}: ERROR (${error.faultString})`;
    ctl.outcome({ name, ok: false, error: faultError(error), fields }, line);
  }
  ctl.exitstatus = Exit.GENERIC;
}

/** One `supvisors.*` call whose fault is reported about `target`; undefined after a fault. */
export async function callFor(
  ctl: Controller,
  target: FaultTarget,
  method: string,
  ...params: XmlRpcValue[]
): Promise<XmlRpcValue | undefined> {
  try {
    return await ctl.call(`supvisors.${method}`, ...params);
  } catch (e) {
    reportFault(ctl, e, target);
    return undefined;
  }
}

/** The outcome name of a request about Supvisors as a whole (restart, conciliate, log level...). */
export const SUPVISORS_TARGET = "supvisors";

/**
 * A request about Supvisors as a whole, printed `<label>: <result>` or, after a fault,
 * `ERROR (<faultString>)`; its outcome is named "supvisors".
 * @example await supvisorsRequest(ctl, "Conciliated", "conciliate", 0) // prints "Conciliated: True"
 */
export async function supvisorsRequest(ctl: Controller, label: string, method: string, ...params: XmlRpcValue[]): Promise<void> {
  const result = await callFor(ctl, { name: SUPVISORS_TARGET, label: null }, method, ...params);
  if (result !== undefined) ctl.outcome({ name: SUPVISORS_TARGET, ok: true, result }, `${label}: ${pyStr(result)}`);
}

/** Python's order of str values: by code point (JavaScript's default sort is by UTF-16 unit). */
export function comparePy(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const ca = ia.next();
    const cb = ib.next();
    if (ca.done || cb.done) return ca.done ? (cb.done ? 0 : -1) : 1;
    const diff = ca.value.codePointAt(0)! - cb.value.codePointAt(0)!;
    if (diff !== 0) return diff;
  }
}

/** Python's `sorted()` of strings. */
export function pySorted(values: readonly string[]): string[] {
  return [...values].sort(comparePy);
}

/**
 * Python's `value == n` for a value from the server and an integer constant.
 * @example pyEqualsInt(true, 1) // true (True == 1 in Python)
 */
export function pyEqualsInt(value: XmlRpcValue, n: number): boolean {
  if (typeof value === "number") return value === n;
  if (typeof value === "bigint") return value === BigInt(n);
  if (typeof value === "boolean") return (value ? 1 : 0) === n;
  if (value instanceof Double) return value.value === n;
  return false;
}

/** Python's `'%d' % value` for a port number. */
export function pyIntText(value: XmlRpcValue): string {
  if (typeof value === "number") return String(Math.trunc(value));
  if (typeof value === "bigint") return String(value);
  if (typeof value === "boolean") return value ? "1" : "0";
  if (value instanceof Double) return String(Math.trunc(value.value));
  const type =
    value === null ? "NoneType"
    : typeof value === "string" ? "str"
    : Array.isArray(value) ? "list"
    : value instanceof Date ? "DateTime"
    : value instanceof Uint8Array ? "Binary"
    : "dict";
  throw new PyStyleError("TypeError", `%d format: a real number is required, not ${type}`);
}

/**
 * A client for another server of the cluster, with the credentials of the current connection.
 * The controller only builds clients for its current URL, so the URL is swapped for the time of
 * that synchronous call: clients keep the URL they were built with, and nothing else can run
 * in between.
 */
export function clientAt(ctl: Controller, serverurl: string): CtlClient {
  const current = ctl.settings.serverurl;
  ctl.settings.serverurl = serverurl;
  try {
    return ctl.supervisor();
  } finally {
    ctl.settings.serverurl = current;
  }
}
