// The codec against Python's xmlrpc.client, both ways: we read what Python writes exactly as
// Python reads it, and Python reads what we write as the values we meant.

import { describe, expect, test } from "bun:test";
import { RpcFault } from "../../../src/api/faults.ts";
import { decodeCall, decodeResponse, encodeCall, encodeFault, encodeResponse } from "../../../src/api/xmlrpc/codec.ts";
import { fromTagged, numbersAsValues, python, pythonUnavailable, toTagged, type Tagged } from "./tagged.ts";

const skipReason = pythonUnavailable();
if (skipReason !== null) console.warn(`skipping live-Python codec tests: ${skipReason}`);
const live = skipReason === null ? describe : describe.skip;

/** Values Python's dumps can write (it refuses ints beyond 32 bits). */
const fromPython: Tagged[] = [
  { int: "0" },
  { int: "-2147483648" },
  { int: "2147483647" },
  { float: "2.0" },
  { float: "-0.5" },
  { float: "1e-300" },
  { float: "inf" },
  { bool: true },
  { bool: false },
  { str: "" },
  { str: "plain" },
  { str: "a<b>&c]]>\"'" },
  { str: "  spaces\tand\nnewlines  " },
  { str: "line\r\nwith CRLF" },
  { str: "héllo ✓ 𝄞 日本" },
  { b64: "" },
  { b64: "00ff10800102" },
  { b64: "ab".repeat(200) },
  { date: "20261124T21:45:23" },
  { nil: true },
  { arr: [] },
  { arr: [{ int: "1" }, { str: "x" }, { arr: [{ nil: true }] }] },
  { struct: [] },
  { struct: [["name", { str: "web" }], ["pid", { int: "123" }], ["nested", { struct: [["ok", { bool: true }]] }]] },
];

/** Values we write; Python must read them back exactly. */
const toPython: Tagged[] = [
  ...fromPython.filter((t) => !("str" in t && t.str.includes("\r"))),
  { int: "2147483648" },
  { int: "-9223372036854775808" },
  { int: "9223372036854775807" },
  { float: "2.5" },
  { float: "-inf" },
  { str: "keeps\ra lone CR" },
  { str: "CRLF\r\nkept" },
];

live("Python writes, we read", () => {
  test("every value kind reads as Python itself reads it", () => {
    const dumped = python<{ xml: string; python_reads: Tagged }[]>({ op: "dump-responses", values: fromPython });
    expect(dumped.length).toBe(fromPython.length);
    for (const { xml, python_reads } of dumped) {
      expect(numbersAsValues(toTagged(decodeResponse(xml)))).toEqual(numbersAsValues(python_reads));
    }
  });

  test("a method call", () => {
    const params: Tagged[] = [{ str: "group:*" }, { bool: true }, { int: "5" }];
    const { xml } = python<{ xml: string }>({ op: "dump-call", method: "supervisor.startProcessGroup", params });
    const call = decodeCall(xml);
    expect(call.method).toBe("supervisor.startProcessGroup");
    expect(call.params.map(toTagged)).toEqual(params);
  });

  test("a fault", () => {
    const { xml } = python<{ xml: string }>({ op: "dump-fault", code: 70, string: "NOT_RUNNING: web" });
    expect(() => decodeResponse(xml)).toThrow(RpcFault);
    try {
      decodeResponse(xml);
    } catch (e) {
      expect([(e as RpcFault).code, (e as RpcFault).faultString]).toEqual([70, "NOT_RUNNING: web"]);
    }
  });
});

live("we write, Python reads", () => {
  test("every value kind, ints beyond 32 bits and doubles as floats included", () => {
    const bodies = toPython.map((t) => encodeResponse(fromTagged(t)));
    const read = python<{ params: Tagged[] }[]>({ op: "load", bodies });
    read.forEach((r, i) => expect(r.params).toEqual([toPython[i]!]));
  });

  test("characters XML cannot carry arrive as U+FFFD instead of breaking the parse", () => {
    const read = python<{ params: Tagged[] }[]>({ op: "load", bodies: [encodeResponse("a\u0001b\u001fc\u0000")] });
    expect(read[0]!.params).toEqual([{ str: "a\uFFFDb\uFFFDc\uFFFD" }]);
  });

  test("a whole number written as a JS number stays an int for Python", () => {
    const read = python<{ params: Tagged[] }[]>({ op: "load", bodies: [encodeResponse(2)] });
    expect(read[0]!.params).toEqual([{ int: "2" }]);
  });

  test("a call and a fault", () => {
    const read = python<({ method: string; params: Tagged[] } | { fault: [number, string] })[]>({
      op: "load",
      bodies: [encodeCall("supervisor.tailProcessStdoutLog", ["web", 0, 1600]), encodeFault(10, "BAD_NAME: web")],
    });
    expect(read[0]).toEqual({
      method: "supervisor.tailProcessStdoutLog",
      params: [{ str: "web" }, { int: "0" }, { int: "1600" }],
    });
    expect(read[1]).toEqual({ fault: [10, "BAD_NAME: web"] });
  });
});
