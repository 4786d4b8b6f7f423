// Round trips and exact wire forms of the XML-RPC codec, and its refusals of bad input.

import { describe, expect, test } from "bun:test";
import { RpcFault } from "../../../src/api/faults.ts";
import {
  decodeCall,
  decodeResponse,
  Double,
  encodeCall,
  encodeFault,
  encodeResponse,
  XmlRpcParseError,
  type XmlRpcValue,
} from "../../../src/api/xmlrpc/codec.ts";

function roundTrip(v: XmlRpcValue): XmlRpcValue {
  return decodeResponse(encodeResponse(v));
}

function call(inner: string): string {
  return `<?xml version="1.0"?><methodCall><methodName>m.x</methodName><params><param><value>${inner}</value></param></params></methodCall>`;
}

function param(inner: string): XmlRpcValue {
  return decodeCall(call(inner)).params[0]!;
}

describe("round trip of every kind", () => {
  const cases: [string, XmlRpcValue][] = [
    ["int", 42],
    ["negative int", -7],
    ["int32 max", 2147483647],
    ["i8 beyond int32", 2 ** 40],
    ["i8 bigint", 2n ** 62n],
    ["negative i8 bigint", -(2n ** 63n)],
    ["double", 3.25],
    ["tiny double", 1e-300],
    ["true", true],
    ["false", false],
    ["string", "hello"],
    ["empty string", ""],
    ["markup string", "a<b>&c</b> ]]> &amp;"],
    ["whitespace string", "  lead\n\ttab\r\ntrail  "],
    ["unicode", "héllo ✓ 𝄞"],
    ["date", new Date(Date.UTC(2026, 10, 24, 21, 45, 23))],
    ["base64", new Uint8Array([0, 1, 2, 255, 128])],
    ["empty base64", new Uint8Array([])],
    ["nil", null],
    ["array", [1, "two", [3, [4]], { five: 5 }]],
    ["empty array", []],
    ["struct", { a: 1, "b c": "d", nested: { e: [true] } }],
    ["empty struct", {}],
    ["struct with __proto__ key", JSON.parse('{"__proto__": 1, "x": 2}') as XmlRpcValue],
  ];
  for (const [name, value] of cases) {
    test(name, () => {
      expect(roundTrip(value)).toEqual(value);
    });
  }

  test("__proto__ member stays an own key and does not change the prototype", () => {
    const out = param("<struct><member><name>__proto__</name><value><int>1</int></value></member></struct>") as object;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(["__proto__"]);
  });

  test("Double of a whole number comes back as a number and is written 2.0", () => {
    expect(encodeResponse(new Double(2))).toContain("<double>2.0</double>");
    expect(roundTrip(new Double(2))).toBe(2);
  });

  test("non-finite doubles use Python's spelling", () => {
    expect(encodeResponse(Infinity)).toContain("<double>inf</double>");
    expect(encodeResponse(-Infinity)).toContain("<double>-inf</double>");
    expect(encodeResponse(NaN)).toContain("<double>nan</double>");
    expect(roundTrip(-Infinity)).toBe(-Infinity);
    expect(Number.isNaN(roundTrip(NaN))).toBe(true);
  });
});

describe("wire forms", () => {
  test("integers outside int32 are <i8>, inside are <int>", () => {
    expect(encodeResponse(2147483647)).toContain("<int>2147483647</int>");
    expect(encodeResponse(2147483648)).toContain("<i8>2147483648</i8>");
    expect(encodeResponse(-2147483649)).toContain("<i8>-2147483649</i8>");
    expect(encodeResponse(5n)).toContain("<int>5</int>");
  });

  test("bigint beyond 64 bits cannot be encoded", () => {
    expect(() => encodeResponse(2n ** 64n)).toThrow(RangeError);
  });

  test("dateTime in Python's compact UTC form", () => {
    const body = encodeResponse(new Date(Date.UTC(2026, 10, 24, 21, 45, 23)));
    expect(body).toContain("<dateTime.iso8601>20261124T21:45:23</dateTime.iso8601>");
  });

  test("escapes & < > and CR; replaces characters XML cannot carry", () => {
    const body = encodeResponse("a&b<c>d\re\u0001f\uFFFEg");
    expect(body).toContain("<string>a&amp;b&lt;c&gt;d&#13;e\uFFFDf\uFFFDg</string>");
  });

  test("fault body", () => {
    const body = encodeFault(10, "BAD_NAME: foo");
    expect(body).toContain("<fault>");
    expect(body).toContain("<name>faultCode</name><value><int>10</int></value>");
    expect(body).toContain("<name>faultString</name><value><string>BAD_NAME: foo</string></value>");
  });

  test("call body decodes back to the same call", () => {
    const body = encodeCall("supervisor.startProcess", ["web", true]);
    expect(decodeCall(body)).toEqual({ method: "supervisor.startProcess", params: ["web", true] });
  });

  test("undefined inside a struct is refused with its location", () => {
    const bad = { a: { b: undefined } } as unknown as XmlRpcValue;
    expect(() => encodeResponse(bad)).toThrow("result.a.b");
  });
});

describe("decoding variants", () => {
  test("untyped value is a string, whitespace kept", () => {
    expect(param("  plain text ")).toBe("  plain text ");
  });
  test("whitespace around a typed element is ignored", () => {
    expect(param("\n  <int>5</int>\n ")).toBe(5);
  });
  test("i4, i8 and int all read; i8 beyond 2^53 is a bigint", () => {
    expect(param("<i4>-3</i4>")).toBe(-3);
    expect(param("<i8>9007199254740993</i8>")).toBe(9007199254740993n);
    expect(param("<int>9007199254740991</int>")).toBe(9007199254740991);
  });
  test("nil and ex:nil", () => {
    expect(param("<nil/>")).toBeNull();
    expect(param("<ex:nil/>")).toBeNull();
  });
  test("empty string element", () => {
    expect(param("<string/>")).toBe("");
    expect(param("<string></string>")).toBe("");
  });
  test("entity and character references, CDATA", () => {
    expect(param("<string>&lt;&amp;&gt;&quot;&apos;&#65;&#x42;&#13;</string>")).toBe("<&>\"'AB\r");
    expect(param("<string><![CDATA[<raw & text>]]></string>")).toBe("<raw & text>");
  });
  test("CRLF in the document reads as LF, as XML says", () => {
    expect(param("<string>a\r\nb\rc</string>")).toBe("a\nb\nc");
  });
  test("dateTime variants", () => {
    const want = new Date(Date.UTC(2026, 10, 24, 21, 45, 23));
    expect(param("<dateTime.iso8601>20261124T21:45:23</dateTime.iso8601>")).toEqual(want);
    expect(param("<dateTime.iso8601>2026-11-24T21:45:23Z</dateTime.iso8601>")).toEqual(want);
    expect(param("<dateTime.iso8601>2026-11-24T22:45:23+01:00</dateTime.iso8601>")).toEqual(want);
  });
  test("base64 with line breaks", () => {
    expect(param("<base64>AAEC\n/4A=\n</base64>")).toEqual(new Uint8Array([0, 1, 2, 255, 128]));
  });
  test("call without <params> has no params; methodName is trimmed", () => {
    expect(decodeCall("<methodCall><methodName> system.listMethods </methodName></methodCall>")).toEqual({
      method: "system.listMethods",
      params: [],
    });
  });
  test("fault response throws RpcFault keeping code and string", () => {
    let caught: unknown;
    try {
      decodeResponse(encodeFault(10, "BAD_NAME: foo"));
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(RpcFault);
    expect((caught as RpcFault).code).toBe(10);
    expect((caught as RpcFault).faultString).toBe("BAD_NAME: foo");
  });
  test("fault with a string not in NAME: form is kept verbatim", () => {
    try {
      decodeResponse(encodeFault(1, "<class 'Exception'>:boom"));
      throw new Error("no fault");
    } catch (e) {
      expect((e as RpcFault).faultString).toBe("<class 'Exception'>:boom");
      expect((e as RpcFault).message).toBe("<class 'Exception'>:boom");
    }
  });
});

describe("refusals", () => {
  const bad: [string, string, string][] = [
    ["not XML", "hello", "malformed"],
    ["unclosed tag", "<methodCall><methodName>a.b</methodName>", "malformed"],
    ["wrong root", "<methodResponse><params/></methodResponse>", "expected <methodCall>"],
    ["missing methodName", "<methodCall><params/></methodCall>", "no method name"],
    ["empty methodName", "<methodCall><methodName>  </methodName></methodCall>", "no method name"],
    ["DOCTYPE", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><methodCall><methodName>&a;</methodName></methodCall>', "DOCTYPE"],
    ["unknown entity", "<methodCall><methodName>&foo;</methodName></methodCall>", "undefined entity"],
    ["bad char ref", call("<string>&#1114112;</string>"), "invalid character reference"],
    ["unknown value tag", call("<float>1</float>"), "unknown value type <float>"],
    ["bad int", call("<int>12a</int>"), "bad <int>"],
    ["int beyond 64 bits", call("<i8>99999999999999999999</i8>"), "exceeds 64 bits"],
    ["bad double", call("<double>1.2.3</double>"), "bad <double>"],
    ["bad boolean", call("<boolean>yes</boolean>"), "bad <boolean>"],
    ["bad base64", call("<base64>abc</base64>"), "bad <base64>"],
    ["bad date", call("<dateTime.iso8601>20261332T25:00:00</dateTime.iso8601>"), "bad <dateTime"],
    ["31 February", call("<dateTime.iso8601>20260231T00:00:00</dateTime.iso8601>"), "bad <dateTime"],
    ["two elements in a value", call("<int>1</int><int>2</int>"), "more than one"],
    ["text beside an element", call("x<int>1</int>"), "unexpected text"],
    ["member without value", call("<struct><member><name>a</name></member></struct>"), "<member> needs"],
    ["array without data", call("<array><value>1</value></array>"), "one <data>"],
  ];
  for (const [name, xml, message] of bad) {
    test(name, () => {
      expect(() => decodeCall(xml)).toThrow(XmlRpcParseError);
      expect(() => decodeCall(xml)).toThrow(message);
    });
  }

  test("billion laughs is refused before any expansion", () => {
    const defs = Array.from({ length: 10 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join("");
    const xml = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY l0 "lol">${defs}]><methodResponse><params><param><value><string>&l10;</string></value></param></params></methodResponse>`;
    expect(() => decodeResponse(xml)).toThrow(XmlRpcParseError);
  });

  test("nesting past the depth limit is a parse error, not a stack overflow", () => {
    const depth = 2000;
    const xml = call(`${"<array><data><value>".repeat(depth)}1${"</value></data></array>".repeat(depth)}`);
    expect(() => decodeCall(xml)).toThrow(XmlRpcParseError);
  });

  test("response with two params or garbage fault", () => {
    const two = "<methodResponse><params><param><value>1</value></param><param><value>2</value></param></params></methodResponse>";
    expect(() => decodeResponse(two)).toThrow("exactly one value");
    const fault = "<methodResponse><fault><value><string>x</string></value></fault></methodResponse>";
    expect(() => decodeResponse(fault)).toThrow(XmlRpcParseError);
  });
});
