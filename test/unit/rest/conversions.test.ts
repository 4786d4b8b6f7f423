// Conversions in and out: query booleans as flask-restx reads them, path integers within the
// XML-RPC range, XML-RPC values as JSON text, and the registry's help texts cut for the docs.

import { describe, expect, test } from "bun:test";
import { buildArgs, convertPathValue, parseBooleanParam, RestInputError } from "../../../src/api/rest/args.ts";
import { parseHelp, summaryOf } from "../../../src/api/rest/help-text.ts";
import { toJsonText } from "../../../src/api/rest/json.ts";
import { EXTRA_ARGS, fixed, WAIT } from "../../../src/api/rest/route-model.ts";
import { Double } from "../../../src/api/xmlrpc/value.ts";

describe("query parameters", () => {
  test("wait: true/false/1/0 in any case; 'on' is true and empty false, as flask-restx's inputs.boolean", () => {
    const cases: [string, boolean][] = [["true", true], ["TRUE", true], ["True", true], ["1", true], ["on", true], ["ON", true], ["false", false], ["FaLsE", false], ["0", false], ["", false]];
    for (const [text, value] of cases) expect({ text, value: parseBooleanParam("wait", text) }).toEqual({ text, value });
  });

  test("wait: anything else is refused, naming the parameter", () => {
    for (const text of ["yes", "no", "off", "2", " true", "truee"]) {
      let error: unknown = null;
      try {
        parseBooleanParam("wait", text);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(RestInputError);
      expect((error as RestInputError).param).toBe("wait");
      expect((error as RestInputError).detail).toBe(`invalid boolean ${JSON.stringify(text)}: use true, false, 1 or 0`);
    }
  });

  test("defaults are passed explicitly: wait true, extra_args empty; the first value wins", () => {
    expect(buildArgs([EXTRA_ARGS, WAIT], new Map(), new URLSearchParams(""))).toEqual(["", true]);
    expect(buildArgs([EXTRA_ARGS, WAIT], new Map(), new URLSearchParams("wait=0&wait=1&extra_args=a+b%26c"))).toEqual(["a b&c", false]);
  });

  test("fixed values and path values keep their order", () => {
    const args = buildArgs(
      [{ from: "path", name: "program_name", converter: { kind: "string" } }, { from: "path", name: "numprocs", converter: { kind: "int", signed: false } }, WAIT, fixed(true)],
      new Map([["program_name", "conv"], ["numprocs", "04"]]),
      new URLSearchParams("wait=false"),
    );
    expect(args).toEqual(["conv", 4, false, true]);
  });
});

describe("path values", () => {
  test("integers within the 32-bit XML-RPC range; beyond it a 400 naming the parameter", () => {
    expect(convertPathValue("offset", { kind: "int", signed: true }, "-2147483648")).toBe(-2147483648);
    expect(convertPathValue("length", { kind: "int", signed: false }, "2147483647")).toBe(2147483647);
    expect(() => convertPathValue("length", { kind: "int", signed: false }, "2147483648")).toThrow("length: 2147483648 is outside the XML-RPC int range");
    expect(() => convertPathValue("offset", { kind: "int", signed: true }, "-2147483649")).toThrow("offset: -2147483649 is outside");
  });

  test("floats and names", () => {
    expect(convertPathValue("period", { kind: "float" }, "10.50")).toBe(10.5);
    expect(() => convertPathValue("period", { kind: "float" }, `${"9".repeat(400)}.0`)).toThrow("period: ");
    expect(convertPathValue("strategy", { kind: "enum", values: ["CONFIG"] }, "CONFIG")).toBe("CONFIG");
  });
});

describe("XML-RPC values as JSON", () => {
  const cases: [label: string, value: unknown, text: string][] = [
    ["true", true, "true"],
    ["false", false, "false"],
    ["nil", null, "null"],
    ["zero", 0, "0"],
    ["negative int", -17, "-17"],
    ["double", 2.5, "2.5"],
    ["Double(2)", new Double(2), "2"],
    ["Double(0.1)", new Double(0.1), "0.1"],
    ["NaN", Number.NaN, "null"],
    ["Double(Infinity)", new Double(Number.POSITIVE_INFINITY), "null"],
    ["small bigint", 42n, "42"],
    ["huge bigint keeps its digits", 123456789012345678901234567890n, "123456789012345678901234567890"],
    ["string with escapes", 'a "quoted" \\ line\n', '"a \\"quoted\\" \\\\ line\\n"'],
    ["unicode and markup", "é 🚀 <tag>", '"é 🚀 <tag>"'],
    ["date", new Date(Date.UTC(2024, 0, 2, 3, 4, 5)), '"2024-01-02T03:04:05.000Z"'],
    ["base64", new Uint8Array([0, 1, 2, 250]), '"AAEC+g=="'],
    ["empty array", [], "[]"],
    ["empty struct", {}, "{}"],
  ];
  for (const [label, value, text] of cases) {
    test(label, () => expect(toJsonText(value as never)).toBe(text));
  }

  test("nested structures round-trip through JSON.parse", () => {
    const value = { statecode: 1, list: [1, new Double(3), { name: "web", when: new Date(0) }], "odd key\"": null };
    expect(JSON.parse(toJsonText(value))).toEqual({ statecode: 1, list: [1, 3, { name: "web", when: "1970-01-01T00:00:00.000Z" }], 'odd key"': null });
  });
});

describe("help texts", () => {
  test("Supervisor style", () => {
    const parts = parseHelp("Start a process.\n@param string name process name (or group:name)\n@param boolean wait wait until it is RUNNING\n@return boolean result always true unless error");
    expect(parts.description).toBe("Start a process.");
    expect([...parts.params]).toEqual([["name", "process name (or group:name)"], ["wait", "wait until it is RUNNING"]]);
    expect(parts.returns).toBe("result always true unless error");
  });

  test("Supvisors style, continuation lines, unknown tags and empty texts", () => {
    const parts = parseHelp(
      "Start a process\n    with a strategy.\n\n:param str strategy: the strategy,\n    by name\n:param namespec: the process\n:return: always True\n:rtype: bool\n@raise RPCError: never shown\n@param int offset",
    );
    expect(parts.description).toBe("Start a process\nwith a strategy.");
    expect([...parts.params]).toEqual([["strategy", "the strategy, by name"], ["namespec", "the process"], ["offset", ""]]);
    expect(parts.returns).toBe("always True");
  });

  test("summaries are the first sentence of the first line", () => {
    expect(summaryOf("Start a process. Then wait.\nMore")).toBe("Start a process.");
    expect(summaryOf("Version 3.0 of the API")).toBe("Version 3.0 of the API");
    expect(summaryOf("")).toBe("");
  });
});
