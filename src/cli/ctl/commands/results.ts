// Reading the API's answers and wording them as supervisorctl does: namespecs, the per-process
// lines of start / stop / signal / clear (status structs or faults) and the outcomes they stand
// for, and struct field access that fails like Python's dict lookup when the server leaves a
// field out.

import { Faults, RpcFault } from "../../../api/faults.ts";
import type { XmlRpcValue } from "../../../api/xmlrpc/value.ts";
import { PyStyleError, pyRepr, pyStr } from "../py-errors.ts";
import type { Outcome } from "../render/index.ts";

export type Struct = { [key: string]: XmlRpcValue };

/** A result struct as the commands use it: group and name, fault code, description. */
export interface StatusResult {
  group: string;
  /** null where supervisorctl had no process name (it then prints "None"). */
  name: string | null;
  status: number;
  description: string;
}

export function asStruct(value: XmlRpcValue): Struct {
  if (value === null || typeof value !== "object" || Array.isArray(value) || value instanceof Date || value instanceof Uint8Array) {
    throw new PyStyleError("TypeError", `expected a struct from the server, got ${pyStr(value)}`);
  }
  return value as Struct;
}

export function asArray(value: XmlRpcValue): XmlRpcValue[] {
  if (!Array.isArray(value)) throw new PyStyleError("TypeError", `expected an array from the server, got ${pyStr(value)}`);
  return value;
}

/** A field that must be present (Python: KeyError otherwise). */
export function field(s: Struct, key: string): XmlRpcValue {
  if (!(key in s)) throw new PyStyleError("KeyError", pyRepr(key));
  return s[key]!;
}

/** Python's truthiness of a value. */
export function truthy(value: XmlRpcValue): boolean {
  if (value === null || value === false || value === 0 || value === "" || value === 0n) return false;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/**
 * A process's short name: alone when it is its group's name.
 * @example namespec("grp", "a") // "grp:a"
 * @example namespec("web", "web") // "web"
 */
export function namespec(group: string, name: string | null): string {
  return group === name ? name : `${group}:${name ?? "None"}`;
}

/**
 * supervisorctl's split of a namespec: `g:*` and `g:` mean the whole group (process null).
 * @example splitNamespec("g:*") // ["g", null]
 */
export function splitNamespec(spec: string): [string, string | null] {
  const colon = spec.indexOf(":");
  if (colon < 0) return [spec, spec];
  const process = spec.slice(colon + 1);
  return [spec.slice(0, colon), process === "" || process === "*" ? null : process];
}

export function toStatusResult(value: XmlRpcValue): StatusResult {
  const s = asStruct(value);
  return {
    group: pyStr(field(s, "group")),
    name: pyStr(field(s, "name")),
    status: Number(field(s, "status")),
    description: pyStr(s.description ?? ""),
  };
}

/** The result supervisorctl builds from a fault on a single-process call. */
export function faultResult(fault: RpcFault, group: string, name: string | null): StatusResult {
  return { group, name, status: fault.code, description: fault.faultString };
}

/**
 * The outcome a result stands for: success, or the fault code and the server's description.
 * @example statusOutcome({ group: "g", name: "a", status: 60, description: "ALREADY_STARTED: g:a" })
 *   // { name: "g:a", ok: false, error: { code: 60, text: "ALREADY_STARTED: g:a" } }
 */
export function statusOutcome(r: StatusResult, fields?: Outcome["fields"]): Outcome {
  const name = namespec(r.group, r.name);
  const outcome: Outcome =
    r.status === Faults.SUCCESS ? { name, ok: true } : { name, ok: false, error: { code: r.status, text: r.description } };
  if (fields !== undefined) outcome.fields = fields;
  return outcome;
}

/** The outcome of a target the ctl found no trace of (a name the server does not know). */
export function unknownTarget(name: string, text: string, fields?: Outcome["fields"]): Outcome {
  const outcome: Outcome = { name, ok: false, error: { code: Faults.BAD_NAME, text } };
  if (fields !== undefined) outcome.fields = fields;
  return outcome;
}

function unknownCode(code: number, name: string): never {
  throw new PyStyleError("ValueError", `Unknown result code ${code} for ${name}`);
}

/**
 * Start results (start, and the start half of restart). DISABLED is the code Supvisors adds: its
 * ctl plugin rewords it, without parentheses, for Supervisor's start rendering (CTL-GEN-08).
 * The flotilla ctl always carries that plugin, as supvisorsctl does (CTL-GEN-03).
 * @example startResultLine({ group: "g", name: "a", status: 103, description: "DISABLED: g:a" })
 *   // "g:a: ERROR disabled"
 */
export function startResultLine(r: StatusResult): string {
  const name = namespec(r.group, r.name);
  switch (r.status) {
    case Faults.DISABLED:
      return `${name}: ERROR disabled`;
    case Faults.BAD_NAME:
      return `${name}: ERROR (no such process)`;
    case Faults.NO_FILE:
      return `${name}: ERROR (no such file)`;
    case Faults.NOT_EXECUTABLE:
      return `${name}: ERROR (file is not executable)`;
    case Faults.ALREADY_STARTED:
      return `${name}: ERROR (already started)`;
    case Faults.SPAWN_ERROR:
      return `${name}: ERROR (spawn error)`;
    case Faults.ABNORMAL_TERMINATION:
      return `${name}: ERROR (abnormal termination)`;
    case Faults.SUCCESS:
      return `${name}: started`;
    default:
      return unknownCode(r.status, name);
  }
}

/** Signal results; stop uses the same wording with "stopped" for success. */
export function signalResultLine(r: StatusResult, success = "signalled"): string {
  const name = namespec(r.group, r.name);
  switch (r.status) {
    case Faults.BAD_NAME:
      return `${name}: ERROR (no such process)`;
    case Faults.BAD_SIGNAL:
      return `${name}: ERROR (bad signal name)`;
    case Faults.NOT_RUNNING:
      return `${name}: ERROR (not running)`;
    case Faults.SUCCESS:
      return `${name}: ${success}`;
    case Faults.FAILED:
      return r.description;
    default:
      return unknownCode(r.status, name);
  }
}

export function clearResultLine(r: StatusResult): string {
  const name = namespec(r.group, r.name);
  switch (r.status) {
    case Faults.BAD_NAME:
      return `${name}: ERROR (no such process)`;
    case Faults.FAILED:
      return `${name}: ERROR (failed)`;
    case Faults.SUCCESS:
      return `${name}: cleared`;
    default:
      return unknownCode(r.status, name);
  }
}
