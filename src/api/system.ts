// The `system.*` namespace (RPC-SYS): introspection over the registry and multicall.

import { Faults, RpcFault } from "./faults.ts";
import type { RpcMethod, RpcRegistry } from "./registry.ts";
import type { XmlRpcValue } from "./xmlrpc/value.ts";

function known(reg: RpcRegistry, name: string): RpcMethod {
  const m = reg.get(name);
  if (m === undefined) throw new RpcFault(Faults.SIGNATURE_UNSUPPORTED);
  return m;
}

function faultStruct(code: number, faultString: string): XmlRpcValue {
  return { faultCode: code, faultString };
}

/** One multicall entry: its bare result, or a fault struct. Never throws. */
async function runOne(reg: RpcRegistry, call: XmlRpcValue): Promise<XmlRpcValue> {
  try {
    const isStruct = typeof call === "object" && call !== null && !Array.isArray(call) && !(call instanceof Date);
    const entry = isStruct ? (call as { [key: string]: XmlRpcValue }) : {};
    const name = entry.methodName;
    if (typeof name !== "string") throw new RpcFault(Faults.INCORRECT_PARAMETERS, "No methodName");
    if (name === "system.multicall") {
      throw new RpcFault(Faults.INCORRECT_PARAMETERS, "Recursive system.multicall forbidden");
    }
    const params = entry.params ?? [];
    if (!Array.isArray(params)) throw new RpcFault(Faults.INCORRECT_PARAMETERS, "params must be an array");
    return await reg.dispatch(name, params);
  } catch (err) {
    if (err instanceof RpcFault) return faultStruct(err.code, err.faultString);
    // Supervisor reports an unexpected exception inside a multicall as FAILED, not HTTP 500.
    const text = err instanceof Error ? `${err.name}:${err.message}` : String(err);
    return faultStruct(Faults.FAILED, `FAILED: ${text}`);
  }
}

/**
 * Adds system.listMethods, methodHelp, methodSignature and multicall to a registry.
 * @example registerSystemMethods(reg); await reg.dispatch("system.listMethods", [])
 */
export function registerSystemMethods(reg: RpcRegistry): void {
  reg.register({
    name: "system.listMethods",
    params: [],
    returns: "array",
    help: "Return an array listing the available method names.\n\n@return array result  The method names (strings), sorted.",
    call: () => reg.names(),
  });
  reg.register({
    name: "system.methodHelp",
    params: [{ name: "name", type: "string" }],
    returns: "string",
    help:
      "Return the documentation of a method.\n\n@param string name  The method name.\n" +
      "@return string result  Its documentation; fault SIGNATURE_UNSUPPORTED for an unknown name.",
    call: ([name]) => known(reg, name as string).help,
  });
  reg.register({
    name: "system.methodSignature",
    params: [{ name: "name", type: "string" }],
    returns: "array",
    help:
      "Return the signature of a method as [return type, parameter types...].\n\n" +
      "@param string name  The method name.\n@return array result  The types, as XML-RPC type names.",
    call: ([name]) => {
      const m = known(reg, name as string);
      return [m.returns, ...m.params.map((p) => p.type)];
    },
  });
  reg.register({
    name: "system.multicall",
    params: [{ name: "calls", type: "array" }],
    returns: "array",
    help:
      "Run several calls in one request, in order, each finishing before the next starts.\n" +
      "Each call is a struct {methodName: string, params: array}. Each result is the call's value,\n" +
      "or a struct {faultCode: int, faultString: string} when it failed.\n\n" +
      "@param array calls  The call requests.\n@return array result  One result per call.",
    call: async ([calls]) => {
      const results: XmlRpcValue[] = [];
      for (const call of calls as XmlRpcValue[]) results.push(await runOne(reg, call));
      return results;
    },
  });
}
