// The XML-RPC method table: names → handlers with declared parameters, so arity and type errors
// become INCORRECT_PARAMETERS faults before a handler runs, and `system.*` can describe every
// method. Dispatch order: name lookup (UNKNOWN_METHOD), argument check (INCORRECT_PARAMETERS),
// guard (e.g. SHUTDOWN_STATE), handler. This mirrors Supervisor, where Python's own arity check
// (TypeError) happens before the method body can test the daemon state.
//
// Errors a handler throws that are not RpcFault are rethrown untouched: the HTTP layer answers
// them with 500, as Supervisor does for unexpected exceptions (RPC-GEN-03).

import { Double, type XmlRpcValue } from "./xmlrpc/value.ts";
import { Faults, RpcFault } from "./faults.ts";

export type ParamType = "string" | "int" | "boolean" | "double" | "array" | "struct" | "any";

export interface RpcParam {
  name: string;
  type: ParamType;
  optional?: boolean;
  default?: XmlRpcValue;
}

export interface RpcMethod {
  /** Full name, e.g. "supervisor.startProcess". */
  name: string;
  params: RpcParam[];
  /** XML-RPC type name for methodSignature: "boolean", "array", "struct", "string", "int". */
  returns: string;
  /** Text served by system.methodHelp. */
  help: string;
  /** Receives arguments already checked, with defaults filled in. */
  call(args: XmlRpcValue[]): XmlRpcValue | Promise<XmlRpcValue>;
}

/** Called before every dispatched handler; throws an RpcFault to refuse the call. */
export type RpcGuard = (method: string) => void;

/** A method name is `namespace.method`: two non-empty parts, neither starting with `_`. */
const METHOD_NAME = /^[A-Za-z][A-Za-z0-9_]*\.[A-Za-z][A-Za-z0-9_]*$/;

function isStruct(v: XmlRpcValue): v is { [key: string]: XmlRpcValue } {
  return (
    typeof v === "object" &&
    v !== null &&
    !Array.isArray(v) &&
    !(v instanceof Date) &&
    !(v instanceof Uint8Array) &&
    !(v instanceof Double)
  );
}

/**
 * Checks one argument against its declared type; returns the value to pass on (booleans may
 * arrive as 0/1 because Python clients write `wait=1`; doubles arrive as numbers or Double).
 * Returns undefined when the argument does not fit.
 */
export function coerceParam(type: ParamType, v: XmlRpcValue): XmlRpcValue | undefined {
  switch (type) {
    case "any":
      return v;
    case "string":
      return typeof v === "string" ? v : undefined;
    case "int":
      return (typeof v === "number" && Number.isInteger(v)) || typeof v === "bigint" ? v : undefined;
    case "boolean":
      if (typeof v === "boolean") return v;
      return v === 0 || v === 1 ? v === 1 : undefined;
    case "double":
      if (v instanceof Double) return v.value;
      if (typeof v === "bigint") return Number(v);
      return typeof v === "number" ? v : undefined;
    case "array":
      return Array.isArray(v) ? v : undefined;
    case "struct":
      return isStruct(v) ? v : undefined;
  }
}

function describeType(v: XmlRpcValue): string {
  if (v === null) return "nil";
  if (Array.isArray(v)) return "array";
  if (v instanceof Date) return "dateTime";
  if (v instanceof Uint8Array) return "base64";
  if (v instanceof Double) return "double";
  if (typeof v === "object") return "struct";
  if (typeof v === "number") return Number.isInteger(v) ? "int" : "double";
  if (typeof v === "bigint") return "int";
  return typeof v;
}

/** Arity and types; returns the argument list to pass to the handler. */
function checkArgs(m: RpcMethod, given: XmlRpcValue[]): XmlRpcValue[] {
  const required = m.params.filter((p) => !p.optional).length;
  if (given.length < required || given.length > m.params.length) {
    const expected = required === m.params.length ? `${required}` : `${required} to ${m.params.length}`;
    throw new RpcFault(Faults.INCORRECT_PARAMETERS, `${m.name} takes ${expected} argument(s), got ${given.length}`);
  }
  const args: XmlRpcValue[] = [];
  m.params.forEach((p, i) => {
    if (i >= given.length) {
      if (p.default !== undefined) args.push(p.default);
      return;
    }
    const value = coerceParam(p.type, given[i]!);
    if (value === undefined) {
      throw new RpcFault(
        Faults.INCORRECT_PARAMETERS,
        `${m.name} argument ${i + 1} (${p.name}) must be ${p.type}, got ${describeType(given[i]!)}`,
      );
    }
    args.push(value);
  });
  return args;
}

/**
 * @example
 *   const reg = new RpcRegistry();
 *   reg.register({ name: "supervisor.getAPIVersion", params: [], returns: "string", help: "…", call: () => "3.0" });
 *   reg.alias("supervisor.getVersion", "supervisor.getAPIVersion");
 *   await reg.dispatch("supervisor.getVersion", []); // "3.0"
 */
export class RpcRegistry {
  #methods = new Map<string, RpcMethod>();
  /** Names listMethods shows but nothing answers (see listOnly). */
  #listedOnly = new Set<string>();
  #guard: RpcGuard | null = null;

  register(m: RpcMethod): void {
    if (!METHOD_NAME.test(m.name)) throw new Error(`invalid XML-RPC method name "${m.name}"`);
    if (this.#methods.has(m.name)) throw new Error(`XML-RPC method "${m.name}" registered twice`);
    const firstOptional = m.params.findIndex((p) => p.optional);
    if (firstOptional >= 0 && m.params.slice(firstOptional).some((p) => !p.optional)) {
      throw new Error(`XML-RPC method "${m.name}": required parameter after an optional one`);
    }
    this.#methods.set(m.name, m);
  }

  /** Another name for a registered method (its help and signature are the target's). */
  alias(alias: string, target: string): void {
    const m = this.#methods.get(target);
    if (m === undefined) throw new Error(`cannot alias "${alias}" to unknown method "${target}"`);
    this.register({ ...m, name: alias, call: (args) => m.call(args) });
  }

  /** The function called before each handler (replaces any previous one). */
  setGuard(fn: RpcGuard | null): void {
    this.#guard = fn;
  }

  /** The method registered under this exact name. */
  get(name: string): RpcMethod | undefined {
    return this.#methods.get(name);
  }

  /**
   * A name that system.listMethods shows although calling it is UNKNOWN_METHOD: Supvisors' static
   * `get_logger_levels` is one (RPC-SV-44); clients comparing method lists expect it there.
   */
  listOnly(name: string): void {
    if (!METHOD_NAME.test(name)) throw new Error(`invalid XML-RPC method name "${name}"`);
    this.#listedOnly.add(name);
  }

  /** Every listed name, sorted. */
  names(): string[] {
    return [...this.#methods.keys(), ...this.#listedOnly].sort();
  }

  /**
   * Runs a call. Throws RpcFault for protocol-level refusals and for faults the handler
   * raises; anything else a handler throws propagates as-is (HTTP 500).
   */
  async dispatch(method: string, params: XmlRpcValue[]): Promise<XmlRpcValue> {
    const m = this.#methods.get(method);
    if (m === undefined) throw new RpcFault(Faults.UNKNOWN_METHOD);
    const args = checkArgs(m, params);
    this.#guard?.(method);
    const result = await m.call(args);
    if (result === undefined) throw new Error(`XML-RPC method ${method} returned no value`);
    return result;
  }
}
