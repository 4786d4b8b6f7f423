// URL parameters every dashboard page reads (UI-10), checked as Supvisors' view context checks
// them on every page, in the same order and with the same words: `Incorrect <name>: <value>`,
// `<name> is not a float: <value>`, `<name> is not a boolean-like: <value>`. An invalid value is
// replaced by its default. Supvisors keeps only the last complaint; we keep them all, in its order
// (strategy, auto, ident, appname, processname, namespec, period), and the pages add their own
// (cpuid, nic, diskstats, partition, device) after them. Pure: the caller says what is valid.

import { STARTING_STRATEGIES, type StartingStrategy } from "../config/supvisors-model.ts";
import { parsePyFloat, parseStrtobool, pyFloatText } from "./py-text.ts";

export type Gravity = "info" | "warn" | "erro" | "";

export const GRAVITIES: readonly Gravity[] = ["info", "warn", "erro"];

/** What the parameters may name, at the time of the request. */
export interface KnownValues {
  /** Instance identifiers (`ident`). */
  identifiers: ReadonlySet<string>;
  /** Every application the cluster knows, with its process names (`appname`, `namespec`). */
  applications: ReadonlyMap<string, ReadonlySet<string>>;
  /** The statistics periods (`period`); the first is the default. */
  periods: readonly number[];
  /** The serving instance: whose processes `processname` names when `ident` is not given. */
  localId: string;
  /**
   * Processes running on an instance, as Supvisors writes namespecs (`name` alone when the group
   * has its name); null when the page checks `processname` itself (the Supervisor page reads its
   * own processes from the local daemon).
   */
  running: ((identifier: string) => ReadonlySet<string>) | null;
}

export interface PageParams {
  action: string;
  /** As given: an action reports a wrong one in its own words. */
  namespec: string;
  ident: string;
  auto: boolean;
  message: string;
  gravity: Gravity;
  /** null when absent or invalid (each page has its own default). */
  strategy: StartingStrategy | null;
  /** "" when absent or unknown. */
  appname: string;
  /** "" when absent or not running there. */
  processname: string;
  period: number;
  /** Parameter errors, shown in the message box (erro) when no other message is given. */
  errors: string[];
}

/** Supvisors' make_namespec form: `name` alone for `name:name`. */
export function shortNamespec(namespec: string): string {
  const colon = namespec.indexOf(":");
  if (colon < 0) return namespec;
  const group = namespec.slice(0, colon);
  return group === namespec.slice(colon + 1) ? group : namespec;
}

/**
 * Supvisors' is_namespec: the application is known and so is the process, if one is named
 * (`group:` and `group:*` name the whole group).
 * @example isKnownNamespec(apps, "web:") // true when "web" is known
 */
export function isKnownNamespec(applications: KnownValues["applications"], namespec: string): boolean {
  const colon = namespec.indexOf(":");
  const group = colon < 0 ? namespec : namespec.slice(0, colon);
  const name = colon < 0 ? namespec : namespec.slice(colon + 1);
  const processes = applications.get(group);
  if (processes === undefined) return false;
  return name === "" || name === "*" || processes.has(name);
}

/**
 * The period of a URL, Python's float() of it; `errors` gets Supvisors' complaint.
 * @example parsePeriod("10.0", [10, 60], errors) // 10
 */
export function parsePeriod(text: string, periods: readonly number[], errors: string[]): number {
  const fallback = periods[0] ?? 0;
  if (text === "") return fallback;
  const value = parsePyFloat(text);
  if (value === null) {
    errors.push(`period is not a float: ${text}`);
    return fallback;
  }
  if (periods.includes(value)) return value;
  errors.push(`Incorrect period: ${pyFloatText(value)}`);
  return fallback;
}

/**
 * A string parameter that must be one of `allowed` (Supvisors' _update_string).
 * @example pickString(query, "nic", ["eth0"], "eth0", errors)
 */
export function pickString(query: URLSearchParams, name: string, allowed: readonly string[], fallback: string, errors: string[]): string {
  const text = query.get(name) ?? "";
  if (text === "") return fallback;
  if (allowed.includes(text)) return text;
  errors.push(`Incorrect ${name}: ${text}`);
  return fallback;
}

function processnameOf(query: URLSearchParams, known: KnownValues, ident: string, errors: string[]): string {
  const text = query.get("processname") ?? "";
  if (text === "") return "";
  const short = shortNamespec(text);
  if (known.running === null) return short;
  if (short === "supervisord" || known.running(ident === "" ? known.localId : ident).has(short)) return short;
  errors.push(`Incorrect processname: ${text}`);
  return "";
}

/**
 * @example parsePageParams(new URLSearchParams("action=sup_sync&auto=true"), known) // { action: "sup_sync", auto: true, ... }
 */
export function parsePageParams(query: URLSearchParams, known: KnownValues): PageParams {
  const errors: string[] = [];
  const get = (name: string) => query.get(name) ?? "";
  const strategyText = get("strategy");
  const strategy = pickString(query, "strategy", STARTING_STRATEGIES, "", errors);
  let auto = false;
  const autoText = get("auto");
  if (autoText !== "") {
    const value = parseStrtobool(autoText);
    if (value === null) errors.push(`auto is not a boolean-like: ${autoText}`);
    else auto = value;
  }
  const ident = pickString(query, "ident", [...known.identifiers], "", errors);
  const appname = pickString(query, "appname", [...known.applications.keys()], "", errors);
  const processname = processnameOf(query, known, ident, errors);
  const namespec = get("namespec");
  if (namespec !== "" && !isKnownNamespec(known.applications, namespec)) errors.push(`Incorrect namespec: ${namespec}`);
  const period = parsePeriod(get("period"), known.periods, errors);
  const gravityText = get("gravity");
  // Supvisors prints whatever gravity it is given as the box's class: ours only knows three.
  const gravity: Gravity = (GRAVITIES as readonly string[]).includes(gravityText) ? (gravityText as Gravity) : "";
  return {
    action: get("action"),
    namespec,
    ident,
    auto,
    message: get("message"),
    gravity,
    strategy: strategyText !== "" && strategy !== "" ? (strategy as StartingStrategy) : null,
    appname,
    processname,
    period,
    errors,
  };
}

/**
 * Whether a page request carries out its `action`: a GET does (UI-07); a HEAD, which Hono answers
 * with the GET route, only reads (link checkers, `curl -I`), as HEAD must never change anything.
 * @example runsAction("HEAD", "sup_restart") // false
 */
export function runsAction(method: string, action: string): boolean {
  return action !== "" && method === "GET";
}

/**
 * The message box of a page: the parameter errors (they replace a given message, as Supvisors'
 * redirect with its own complaint does), else the given message, else `fallback`.
 */
export function pageMessage(params: Pick<PageParams, "message" | "gravity" | "errors">, fallback: { gravity: Gravity; message: string } | null = null): { gravity: Gravity; message: string } {
  if (params.errors.length > 0) return { gravity: "erro", message: params.errors.join("; ") };
  if (params.message !== "") return { gravity: params.gravity, message: params.message };
  return fallback ?? { gravity: "", message: "" };
}
