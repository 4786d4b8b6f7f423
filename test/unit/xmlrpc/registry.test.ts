// The method registry: lookup, argument checking, defaults, guard, error propagation.

import { describe, expect, test } from "bun:test";
import { Faults, RpcFault } from "../../../src/api/faults.ts";
import { coerceParam, RpcRegistry, type RpcMethod } from "../../../src/api/registry.ts";
import { Double, type XmlRpcValue } from "../../../src/api/xmlrpc/value.ts";

function echo(name: string, params: RpcMethod["params"]): RpcMethod {
  return { name, params, returns: "array", help: `echo ${name}`, call: (args) => args };
}

async function faultOf(p: Promise<unknown>): Promise<RpcFault> {
  try {
    await p;
  } catch (e) {
    if (e instanceof RpcFault) return e;
    throw e;
  }
  throw new Error("expected a fault");
}

describe("RpcRegistry", () => {
  const reg = new RpcRegistry();
  reg.register(
    echo("supervisor.startProcess", [
      { name: "name", type: "string" },
      { name: "wait", type: "boolean", optional: true, default: true },
    ]),
  );
  reg.register(echo("test.types", [
    { name: "i", type: "int" },
    { name: "d", type: "double" },
    { name: "a", type: "array" },
    { name: "s", type: "struct" },
    { name: "x", type: "any" },
  ]));
  reg.alias("test.alias", "supervisor.startProcess");

  test("defaults are filled in", async () => {
    expect(await reg.dispatch("supervisor.startProcess", ["web"])).toEqual(["web", true]);
    expect(await reg.dispatch("supervisor.startProcess", ["web", false])).toEqual(["web", false]);
  });

  test("0/1 accepted for booleans, as Python clients send wait=1", async () => {
    expect(await reg.dispatch("supervisor.startProcess", ["web", 0])).toEqual(["web", false]);
    expect(await reg.dispatch("supervisor.startProcess", ["web", 1])).toEqual(["web", true]);
    expect((await faultOf(reg.dispatch("supervisor.startProcess", ["web", 2]))).code).toBe(Faults.INCORRECT_PARAMETERS);
  });

  test("arity errors are INCORRECT_PARAMETERS", async () => {
    const few = await faultOf(reg.dispatch("supervisor.startProcess", []));
    expect(few.code).toBe(Faults.INCORRECT_PARAMETERS);
    expect(few.faultString).toBe("INCORRECT_PARAMETERS: supervisor.startProcess takes 1 to 2 argument(s), got 0");
    const many = await faultOf(reg.dispatch("supervisor.startProcess", ["a", true, 3]));
    expect(many.code).toBe(Faults.INCORRECT_PARAMETERS);
  });

  test("type errors are INCORRECT_PARAMETERS naming the parameter", async () => {
    const f = await faultOf(reg.dispatch("supervisor.startProcess", [5]));
    expect(f.faultString).toBe("INCORRECT_PARAMETERS: supervisor.startProcess argument 1 (name) must be string, got int");
  });

  test("int, double, array, struct, any", async () => {
    const s = { k: 1 };
    expect(await reg.dispatch("test.types", [1, new Double(2), [1], s, null])).toEqual([1, 2, [1], s, null]);
    expect(await reg.dispatch("test.types", [5n, 1.5, [], {}, "x"])).toEqual([5n, 1.5, [], {}, "x"]);
    for (const bad of [
      [1.5, 1, [], {}, 0],
      [1, "x", [], {}, 0],
      [1, 1, {}, {}, 0],
      [1, 1, [], [], 0],
      [1, 1, [], new Date(0), 0],
    ] as XmlRpcValue[][]) {
      expect((await faultOf(reg.dispatch("test.types", bad))).code).toBe(Faults.INCORRECT_PARAMETERS);
    }
  });

  test("unknown and underscore names are UNKNOWN_METHOD", async () => {
    for (const name of ["nope.nothing", "supervisor._private", "_x.y", "supervisor", "supervisor.startProcess.x", "constructor"]) {
      const f = await faultOf(reg.dispatch(name, []));
      expect(f.code).toBe(Faults.UNKNOWN_METHOD);
      expect(f.faultString).toBe("UNKNOWN_METHOD");
    }
  });

  test("register refuses bad names, duplicates and required-after-optional", () => {
    expect(() => reg.register(echo("sup._x", []))).toThrow("invalid");
    expect(() => reg.register(echo("nodots", []))).toThrow("invalid");
    expect(() => reg.register(echo("supervisor.startProcess", []))).toThrow("twice");
    expect(() =>
      reg.register(echo("t.bad", [{ name: "a", type: "int", optional: true }, { name: "b", type: "int" }])),
    ).toThrow("required parameter after an optional");
    expect(() => reg.alias("t.al", "t.missing")).toThrow("unknown method");
  });

  test("alias calls the target and is listed", async () => {
    expect(await reg.dispatch("test.alias", ["x"])).toEqual(["x", true]);
    expect(reg.names()).toEqual(["supervisor.startProcess", "test.alias", "test.types"]);
    expect(reg.get("test.alias")?.help).toBe("echo supervisor.startProcess");
  });
});

describe("guard and errors", () => {
  test("the guard runs after argument checks and can refuse with a fault", async () => {
    const reg = new RpcRegistry();
    const seen: string[] = [];
    reg.register(echo("supervisor.getState", []));
    reg.setGuard((m) => {
      seen.push(m);
      if (m.startsWith("supervisor.")) throw new RpcFault(Faults.SHUTDOWN_STATE);
    });
    expect((await faultOf(reg.dispatch("supervisor.getState", [1]))).code).toBe(Faults.INCORRECT_PARAMETERS);
    expect(seen).toEqual([]);
    expect((await faultOf(reg.dispatch("supervisor.getState", []))).code).toBe(Faults.SHUTDOWN_STATE);
    reg.setGuard(null);
    expect(await reg.dispatch("supervisor.getState", [])).toEqual([]);
  });

  test("faults from the handler pass through; other errors are rethrown as-is", async () => {
    const reg = new RpcRegistry();
    const boom = new TypeError("bug");
    reg.register({ name: "t.fault", params: [], returns: "int", help: "", call: () => { throw new RpcFault(Faults.BAD_NAME, "x"); } });
    reg.register({ name: "t.bug", params: [], returns: "int", help: "", call: async () => { throw boom; } });
    reg.register({ name: "t.nothing", params: [], returns: "int", help: "", call: () => undefined as unknown as XmlRpcValue });
    expect((await faultOf(reg.dispatch("t.fault", []))).faultString).toBe("BAD_NAME: x");
    await expect(reg.dispatch("t.bug", [])).rejects.toBe(boom);
    await expect(reg.dispatch("t.nothing", [])).rejects.toThrow("returned no value");
  });
});

describe("coerceParam", () => {
  test.each([
    ["string", "x", "x"],
    ["string", 1, undefined],
    ["int", 3, 3],
    ["int", 3.5, undefined],
    ["int", true, undefined],
    ["boolean", true, true],
    ["boolean", 1, true],
    ["boolean", "1", undefined],
    ["double", 2, 2],
    ["double", "2", undefined],
    ["struct", null, undefined],
    ["struct", new Uint8Array(1), undefined],
    ["any", null, null],
  ] as [Parameters<typeof coerceParam>[0], XmlRpcValue, XmlRpcValue | undefined][])("%s accepts %p → %p", (type, v, want) => {
    expect(coerceParam(type, v)).toEqual(want);
  });
});
