// system.* over a registry: listing, help, signatures, multicall semantics (RPC-SYS-01..04).

import { describe, expect, test } from "bun:test";
import { Faults, RpcFault } from "../../../src/api/faults.ts";
import { RpcRegistry } from "../../../src/api/registry.ts";
import { registerSystemMethods } from "../../../src/api/system.ts";

function setup(): { reg: RpcRegistry; order: string[] } {
  const reg = new RpcRegistry();
  const order: string[] = [];
  registerSystemMethods(reg);
  reg.register({
    name: "supervisor.getState",
    params: [],
    returns: "struct",
    help: "Return the state.\n@return struct result",
    call: () => ({ statecode: 1, statename: "RUNNING" }),
  });
  reg.register({
    name: "supervisor.slow",
    params: [{ name: "tag", type: "string" }, { name: "wait", type: "boolean", optional: true, default: true }],
    returns: "boolean",
    help: "slow",
    // Finishes later than fast calls: multicall must still keep the requested order.
    call: async ([tag]) => {
      await new Promise((r) => setTimeout(r, 5));
      order.push(tag as string);
      return true;
    },
  });
  reg.register({ name: "supervisor.fast", params: [{ name: "tag", type: "string" }], returns: "boolean", help: "fast", call: ([tag]) => {
    order.push(tag as string);
    return true;
  } });
  reg.register({ name: "supervisor.fail", params: [], returns: "boolean", help: "", call: () => { throw new RpcFault(Faults.BAD_NAME, "foo"); } });
  reg.register({ name: "supervisor.bug", params: [], returns: "boolean", help: "", call: () => { throw new Error("kaput"); } });
  return { reg, order };
}

describe("system introspection", () => {
  test("listMethods is sorted and includes system.*", async () => {
    const { reg } = setup();
    const names = (await reg.dispatch("system.listMethods", [])) as string[];
    expect(names).toEqual([...names].sort());
    expect(names).toContain("system.multicall");
    expect(names).toContain("supervisor.getState");
  });

  test("methodHelp returns the help text; unknown → SIGNATURE_UNSUPPORTED", async () => {
    const { reg } = setup();
    expect(await reg.dispatch("system.methodHelp", ["supervisor.getState"])).toBe("Return the state.\n@return struct result");
    await expect(reg.dispatch("system.methodHelp", ["x.y"])).rejects.toMatchObject({ code: Faults.SIGNATURE_UNSUPPORTED });
  });

  test("methodSignature is [return, params...]", async () => {
    const { reg } = setup();
    expect(await reg.dispatch("system.methodSignature", ["supervisor.slow"])).toEqual(["boolean", "string", "boolean"]);
    expect(await reg.dispatch("system.methodSignature", ["system.listMethods"])).toEqual(["array"]);
    await expect(reg.dispatch("system.methodSignature", ["nope.x"])).rejects.toMatchObject({ code: Faults.SIGNATURE_UNSUPPORTED });
  });
});

describe("system.multicall", () => {
  test("bare values, fault structs, in order, awaiting each", async () => {
    const { reg, order } = setup();
    const results = await reg.dispatch("system.multicall", [
      [
        { methodName: "supervisor.slow", params: ["one"] },
        { methodName: "supervisor.fast", params: ["two"] },
        { methodName: "supervisor.getState" },
        { methodName: "supervisor.fail", params: [] },
        { methodName: "nope.nothing", params: [] },
        { methodName: "supervisor.fast", params: [] },
        { methodName: "system.multicall", params: [[]] },
        { params: [] },
        "not a struct",
        { methodName: "supervisor.fast", params: "not an array" },
        { methodName: "supervisor.bug", params: [] },
      ],
    ]);
    expect(order).toEqual(["one", "two"]);
    expect(results).toEqual([
      true,
      true,
      { statecode: 1, statename: "RUNNING" },
      { faultCode: 10, faultString: "BAD_NAME: foo" },
      { faultCode: 1, faultString: "UNKNOWN_METHOD" },
      { faultCode: 2, faultString: "INCORRECT_PARAMETERS: supervisor.fast takes 1 argument(s), got 0" },
      { faultCode: 2, faultString: "INCORRECT_PARAMETERS: Recursive system.multicall forbidden" },
      { faultCode: 2, faultString: "INCORRECT_PARAMETERS: No methodName" },
      { faultCode: 2, faultString: "INCORRECT_PARAMETERS: No methodName" },
      { faultCode: 2, faultString: "INCORRECT_PARAMETERS: params must be an array" },
      { faultCode: 30, faultString: "FAILED: Error:kaput" },
    ]);
  });

  test("the guard applies inside multicall too", async () => {
    const { reg } = setup();
    reg.setGuard((m) => {
      if (m.startsWith("supervisor.")) throw new RpcFault(Faults.SHUTDOWN_STATE);
    });
    expect(await reg.dispatch("system.multicall", [[{ methodName: "supervisor.getState", params: [] }]])).toEqual([
      { faultCode: 6, faultString: "SHUTDOWN_STATE" },
    ]);
  });

  test("calls must be an array", async () => {
    const { reg } = setup();
    await expect(reg.dispatch("system.multicall", [{}])).rejects.toMatchObject({ code: Faults.INCORRECT_PARAMETERS });
  });
});
