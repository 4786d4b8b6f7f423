// What a ctl command reports, apart from how it is shown: the per-target outcome of an action,
// and the failure that ends a command. Commands hand these to the renderer together with the
// lines supervisorctl prints for them; the text renderer prints the lines, the JSON renderer
// (--json) the records.

import { RpcFault } from "../../../api/faults.ts";
import type { XmlRpcValue } from "../../../api/xmlrpc/value.ts";
import { PyStyleError } from "../py-errors.ts";
import { ConnectionError, HttpStatusError } from "../transport-errors.ts";

/**
 * Why a command failed as a whole:
 * - connection: the server cannot be reached (code: errno name such as "ECONNREFUSED")
 * - auth: HTTP 401, missing or wrong credentials (code 401)
 * - http: any other non-200 HTTP answer (code: the status)
 * - version: the server speaks another API version (code null)
 * - fault: an XML-RPC fault (code: fault number, text: faultString)
 * - usage: bad arguments or an unknown command (code null)
 * - config: the ctl's configuration file cannot be used (code null)
 * - state: the server cannot do it in its present state (code null)
 * - exception: an unexpected answer (code: the Python class supervisorctl would name)
 */
export type FailureKind = "connection" | "auth" | "http" | "version" | "fault" | "usage" | "config" | "state" | "exception";

/** A command-level failure; `message` is what text mode prints for it (without help lines). */
export interface Failure {
  kind: FailureKind;
  code: number | string | null;
  /** The server's own words for a fault or transport error, else the ctl's message. */
  text: string;
  message: string;
  /** The command's help lines, for usage errors that print them. */
  help?: readonly string[];
}

/**
 * Why one target of an action failed: a fault code (null when the ctl itself decided) and the
 * server's fault string, or the ctl's words when no fault was involved.
 */
export interface TargetError {
  code: number | null;
  text: string;
}

/**
 * The outcome of an action on one target. `ok` says the request was accepted without fault;
 * `result` is what the server answered, where the text output shows it; `fields` add context
 * (the identifier of all_start, the step of restart / update).
 */
export interface Outcome {
  name: string;
  ok: boolean;
  result?: XmlRpcValue;
  error?: TargetError;
  fields?: { [key: string]: XmlRpcValue };
}

/** The target error a fault gives. */
export function faultError(fault: RpcFault): TargetError {
  return { code: fault.code, text: fault.faultString };
}

/**
 * The JSON object of an outcome: name, the context fields, ok, then result or error.
 * @example outcomeStruct({ name: "web", ok: true }) // { name: "web", ok: true }
 */
export function outcomeStruct(o: Outcome): { [key: string]: XmlRpcValue } {
  const s: { [key: string]: XmlRpcValue } = { name: o.name, ...(o.fields ?? {}), ok: o.ok };
  if (o.result !== undefined) s.result = o.result;
  if (o.error !== undefined) s.error = { code: o.error.code, text: o.error.text };
  return s;
}

/** The JSON object of a failure. */
export function failureStruct(f: Failure): { [key: string]: XmlRpcValue } {
  const s: { [key: string]: XmlRpcValue } = { kind: f.kind, code: f.code, text: f.text, message: f.message };
  if (f.help !== undefined && f.help.length > 0) s.help = [...f.help];
  return s;
}

/**
 * The failure an exception stands for; `message` is the line text mode prints for it.
 * @example failureOf(new RpcFault(6), "ERROR: shutting down").kind // "fault"
 */
export function failureOf(err: unknown, message: string): Failure {
  if (err instanceof RpcFault) return { kind: "fault", code: err.code, text: err.faultString, message };
  if (err instanceof HttpStatusError) {
    return { kind: err.status === 401 ? "auth" : "http", code: err.status, text: err.reason, message };
  }
  if (err instanceof ConnectionError) return { kind: "connection", code: err.code === "" ? null : err.code, text: err.message, message };
  if (err instanceof PyStyleError) return { kind: "exception", code: err.pyClass, text: err.message, message };
  const text = err instanceof Error ? err.message : String(err);
  return { kind: "exception", code: "Exception", text, message };
}
