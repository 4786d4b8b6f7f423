// RPC-GEN-07 enum parameters (strategies) and the Python renderings used in their fault texts,
// checked against what Python 3 prints for the same values.
import { describe, expect, test } from "bun:test";
import { Faults, RpcFault } from "../../../../src/api/faults.ts";
import { ConciliationStrategies, StartingStrategies, enumParam } from "../../../../src/api/supvisors/index.ts";
import { pyFloat, pyRepr, pyStr, pyType } from "../../../../src/api/supvisors/python-text.ts";
import { Double, type XmlRpcValue } from "../../../../src/api/xmlrpc/value.ts";

function detailOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof RpcFault && err.code === Faults.INCORRECT_PARAMETERS) return err.detail;
    throw err;
  }
  throw new Error("expected INCORRECT_PARAMETERS");
}

describe("enumParam", () => {
  test("exact upper-case names and integer values", () => {
    expect(enumParam(StartingStrategies, "LESS_LOADED")).toBe("LESS_LOADED");
    expect(enumParam(StartingStrategies, 5)).toBe("MOST_LOADED_NODE");
    expect(enumParam(ConciliationStrategies, 0)).toBe("SENICIDE");
    expect(enumParam(ConciliationStrategies, 5n)).toBe("RUNNING_FAILURE");
  });

  test("wrong case, out of range and other types name the allowed list", () => {
    expect(detailOf(() => enumParam(StartingStrategies, "config"))).toBe(
      "invalid <enum 'StartingStrategies'> value=config - string expected in ['CONFIG', 'LESS_LOADED', 'MOST_LOADED', 'LOCAL', 'LESS_LOADED_NODE', 'MOST_LOADED_NODE']",
    );
    expect(detailOf(() => enumParam(ConciliationStrategies, 6))).toBe("invalid <enum 'ConciliationStrategies'> value=6 - integer expected in [0, 1, 2, 3, 4, 5]");
    expect(detailOf(() => enumParam(ConciliationStrategies, -1))).toBe("invalid <enum 'ConciliationStrategies'> value=-1 - integer expected in [0, 1, 2, 3, 4, 5]");
    expect(detailOf(() => enumParam(StartingStrategies, false))).toBe("invalid <enum 'StartingStrategies'> value=False type=<class 'bool'> - type string or integer expected");
  });
});

describe("Python renderings", () => {
  test("floats as Python's repr", () => {
    const cases: [number, string][] = [[20, "20.0"], [2.5, "2.5"], [1e16, "1e+16"], [1.5e17, "1.5e+17"], [1e-5, "1e-05"], [-1e-7, "-1e-07"], [123456.789, "123456.789"], [0, "0.0"], [Infinity, "inf"], [NaN, "nan"]];
    for (const [x, text] of cases) expect(pyFloat(x)).toBe(text);
  });

  test("str, repr and type of XML-RPC values", () => {
    const cases: [XmlRpcValue, string, string, string][] = [
      ["it's", "it's", "'it\\'s'", "str"],
      [3, "3", "3", "int"],
      [new Double(4), "4.0", "4.0", "float"],
      [null, "None", "None", "NoneType"],
      [[1, "a", null, new Double(2)], "[1, 'a', None, 2.0]", "[1, 'a', None, 2.0]", "list"],
      [new Date(Date.UTC(2020, 0, 2, 3, 4)), "2020-01-02 03:04:00", "datetime.datetime(2020, 1, 2, 3, 4)", "datetime.datetime"],
      [new TextEncoder().encode("x"), "'x'", "'x'", "str"],
    ];
    for (const [v, str, repr, type] of cases) {
      expect([pyStr(v), pyRepr(v), pyType(v)]).toEqual([str, repr, `<class '${type}'>`]);
    }
  });
});
