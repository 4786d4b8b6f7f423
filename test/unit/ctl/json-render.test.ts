// The output layer of `flotilla ctl`: XML-RPC values written as JSON (json-text.ts), the document
// the JSON renderer builds from a command's records, and the text renderer printing the lines as
// they come.

import { describe, expect, test } from "bun:test";
import { Double } from "../../../src/api/xmlrpc/value.ts";
import { jsonText } from "../../../src/cli/ctl/render/json-text.ts";
import { JsonRenderer } from "../../../src/cli/ctl/render/json-renderer.ts";
import { failureOf, outcomeStruct, type Failure } from "../../../src/cli/ctl/render/records.ts";
import { TextRenderer } from "../../../src/cli/ctl/render/renderer.ts";
import { Faults, RpcFault } from "../../../src/api/faults.ts";
import { ConnectionError, HttpStatusError } from "../../../src/cli/ctl/transport-errors.ts";
import { PyStyleError } from "../../../src/cli/ctl/py-errors.ts";

describe("XML-RPC values as JSON", () => {
  const cases: Array<[string, Parameters<typeof jsonText>[0], string]> = [
    ["int", 42, "42"],
    ["negative int", -7, "-7"],
    ["i8 beyond 2^53: exact digits", 2n ** 62n, "4611686018427387904"],
    ["Double of a whole number", new Double(5), "5"],
    ["Double", new Double(0.25), "0.25"],
    ["non-integer number", 1.5, "1.5"],
    ["NaN: JSON has none", NaN, "null"],
    ["Infinity", new Double(-Infinity), "null"],
    ["boolean", false, "false"],
    ["nil", null, "null"],
    ["string with quotes, newline and non-ASCII", 'a "b"\nc é', '"a \\"b\\"\\nc é"'],
    ["dateTime: ISO 8601 in UTC", new Date(Date.UTC(2024, 0, 2, 3, 4, 5)), '"2024-01-02T03:04:05.000Z"'],
    ["base64: its base64 text, lossless", new Uint8Array([0, 255, 104, 105]), '"AP9oaQ=="'],
    ["empty array", [], "[]"],
    ["empty struct", {}, "{}"],
    ["nested", { a: [1, { b: new Double(2) }], c: "x" }, '{"a":[1,{"b":2}],"c":"x"}'],
    ["absent members are left out", { a: 1, b: undefined, c: null }, '{"a":1,"c":null}'],
  ];
  for (const [what, value, expected] of cases) {
    test(what, () => expect(jsonText(value, 0)).toBe(expected));
  }

  test("a byte view into a larger buffer gives only its own bytes", () => {
    const whole = new Uint8Array([1, 2, 3, 4, 5]);
    expect(jsonText(whole.subarray(1, 3), 0)).toBe(JSON.stringify(Buffer.from([2, 3]).toString("base64")));
  });

  test("indented by 2 by default, and parsable back", () => {
    const text = jsonText({ name: "web", list: [1, 2], empty: [] });
    expect(text).toBe('{\n  "name": "web",\n  "list": [\n    1,\n    2\n  ],\n  "empty": []\n}');
    expect(JSON.parse(text)).toEqual({ name: "web", list: [1, 2], empty: [] });
  });
});

describe("records", () => {
  test("an outcome: name, context fields, ok, then result or error", () => {
    expect(outcomeStruct({ name: "a", ok: true, result: true, fields: { identifier: "x" } })).toEqual({
      name: "a", identifier: "x", ok: true, result: true,
    });
    expect(Object.keys(outcomeStruct({ name: "a", ok: false, error: { code: 10, text: "BAD_NAME: a" }, fields: { step: "stop" } }))).toEqual([
      "name", "step", "ok", "error",
    ]);
  });

  test("failures from exceptions", () => {
    expect(failureOf(new RpcFault(Faults.SHUTDOWN_STATE), "m")).toEqual({ kind: "fault", code: 6, text: "SHUTDOWN_STATE", message: "m" });
    expect(failureOf(new HttpStatusError(401, "Unauthorized"), "m")).toMatchObject({ kind: "auth", code: 401, text: "Unauthorized" });
    expect(failureOf(new HttpStatusError(500, "Oops"), "m")).toMatchObject({ kind: "http", code: 500 });
    expect(failureOf(new ConnectionError("refused", "ECONNREFUSED", "Connection refused"), "m")).toMatchObject({
      kind: "connection", code: "ECONNREFUSED", text: "Connection refused",
    });
    expect(failureOf(new PyStyleError("KeyError", "'pid'"), "m")).toMatchObject({ kind: "exception", code: "KeyError", text: "'pid'" });
    expect(failureOf(new Error("boom"), "m")).toMatchObject({ kind: "exception", code: "Exception", text: "boom" });
  });
});

function jsonRenderer() {
  const out = { text: "", err: "" };
  const r = new JsonRenderer((s) => (out.text += s), (s) => (out.err += s));
  return { r, out, doc: () => JSON.parse(out.text) };
}

const FAILURE: Failure = { kind: "fault", code: 30, text: "FAILED", message: "ERROR (FAILED)" };

describe("the JSON document", () => {
  test("nothing reported: an empty list", () => {
    const { r, out } = jsonRenderer();
    r.note(["a title"]);
    r.finish();
    expect(out.text).toBe("[]\n");
  });

  test("items in the order reported; notes and raw text are left out", () => {
    const { r, out, doc } = jsonRenderer();
    r.note(["title"]);
    r.item({ a: 1 }, ["line a"]);
    r.raw("\r\x1b[Kprogress");
    r.item({ b: 2 }, ["line b"]);
    r.finish();
    expect(doc()).toEqual([{ a: 1 }, { b: 2 }]);
    expect(out.text.endsWith("}\n]\n")).toBe(true);
  });

  test("a value is the whole answer", () => {
    const { r, doc } = jsonRenderer();
    r.value("4.2.5", ["4.2.5"]);
    r.finish();
    expect(doc()).toBe("4.2.5");
  });

  test("a failure alone", () => {
    const { r, doc } = jsonRenderer();
    r.failure({ ...FAILURE, help: [] }, ["ERROR (FAILED)"]);
    r.finish();
    expect(doc()).toEqual({ error: { kind: "fault", code: 30, text: "FAILED", message: "ERROR (FAILED)" } });
  });

  test("a failure after items keeps them as partial; later records and failures are dropped", () => {
    const { r, doc } = jsonRenderer();
    r.item({ a: 1 }, []);
    r.failure(FAILURE, []);
    r.item({ b: 2 }, []);
    r.failure({ kind: "state", code: null, text: "second", message: "second" }, []);
    r.finish();
    expect(doc()).toEqual({ error: FAILURE, partial: [{ a: 1 }] });
  });

  test("usage failures carry their help lines", () => {
    const { r, doc } = jsonRenderer();
    r.failure({ kind: "usage", code: null, text: "Error: x", message: "Error: x", help: ["h1", "h2"] }, []);
    r.finish();
    expect(doc()).toEqual({ error: { kind: "usage", code: null, text: "Error: x", message: "Error: x", help: ["h1", "h2"] } });
  });

  test("finish starts afresh", () => {
    const { r, out } = jsonRenderer();
    r.failure(FAILURE, []);
    r.finish();
    r.value(1, []);
    r.finish();
    expect(out.text.split("\n").filter(Boolean).at(-1)).toBe("1");
  });

  test("stderr text still goes to stderr", () => {
    const { r, out } = jsonRenderer();
    r.rawError("why\n");
    expect(out.err).toBe("why\n");
  });
});

describe("the text renderer", () => {
  test("prints every record's lines at once, raw text as is", () => {
    let out = "";
    let err = "";
    const r = new TextRenderer((s) => (out += s), (s) => (err += s));
    r.note(["title"]);
    r.item({ a: 1 }, ["a"]);
    expect(out).toBe("title\na\n");
    r.value(1, ["one", "two"]);
    r.failure(FAILURE, ["ERROR (FAILED)", "help"]);
    r.raw("chunk");
    r.rawError("e");
    r.finish();
    expect(out).toBe("title\na\none\ntwo\nERROR (FAILED)\nhelp\nchunk");
    expect(err).toBe("e");
    expect(r.live).toBe(true);
  });
});
