// Conversions, %-formatting, the environment list parser and the signal table. Expected values
// were checked with Python 3.11 / Supervisor 4.2.5 on this machine.
import { describe, expect, test } from "bun:test";
import {
  checkProcessOrGroupName,
  ConversionError,
  parseAutoRestart,
  parseBoolean,
  parseByteSize,
  parseExitCodes,
  parseInetAddress,
  parseInteger,
  parseListOfStrings,
  parseLogLevel,
  parseOctal,
} from "../../../src/config/datatypes.ts";
import { parseEnvironment, shlexTokens } from "../../../src/config/envpairs.ts";
import { FormatError, pyFormat } from "../../../src/config/pyformat.ts";
import { LINUX_SIGNALS, signalDescription, signalName, signalNumber } from "../../../src/config/signals.ts";

describe("parseInteger", () => {
  test.each([["10", 10], [" 7 ", 7], ["-3", -3], ["+4", 4], ["1_000", 1000], ["010", 10]])("%p", (v, n) => {
    expect(parseInteger(v)).toBe(n);
  });
  test.each(["abc", "", "1.5", "0x10", "1__0", "_1", "1e3"])("%p is rejected", (v) => {
    expect(() => parseInteger(v)).toThrow(ConversionError);
    expect(() => parseInteger(v)).toThrow("is not a valid integer");
  });
});

describe("parseBoolean", () => {
  test.each(["yes", "TRUE", "On", "1"])("%p → true", (v) => expect(parseBoolean(v)).toBe(true));
  test.each(["no", "False", "OFF", "0"])("%p → false", (v) => expect(parseBoolean(v)).toBe(false));
  test.each(["y", "2", "", "truee"])("%p is rejected", (v) => expect(() => parseBoolean(v)).toThrow("not a valid boolean"));
});

describe("parseOctal", () => {
  test.each([["022", 18], ["22", 18], ["0o22", 18], ["777", 511], ["0", 0], [" 002 ", 2]])("%p", (v, n) => {
    expect(parseOctal(v)).toBe(n);
  });
  test.each(["8", "0x1", "abc", ""])("%p is rejected", (v) => expect(() => parseOctal(v)).toThrow("not a valid octal"));
});

describe("parseByteSize", () => {
  test.each([
    ["50MB", 50 * 1024 * 1024],
    ["1kb", 1024],
    ["2Gb", 2 * 1024 ** 3],
    ["0", 0],
    ["123", 123],
    ["50 MB", 50 * 1024 * 1024],
  ])("%p", (v, n) => expect(parseByteSize(v)).toBe(n));
  test.each(["MB", "1.5MB", "10TB", "abc"])("%p is rejected", (v) => expect(() => parseByteSize(v)).toThrow("not a valid byte size"));
});

describe("lists, autorestart, levels, addresses, names", () => {
  test("exit codes", () => {
    expect(parseExitCodes("0, 2,255")).toEqual([0, 2, 255]);
    expect(parseExitCodes("")).toEqual([]);
    expect(() => parseExitCodes("256")).toThrow("out of range");
    expect(() => parseExitCodes("0,")).toThrow("not a valid list of exit codes");
  });
  test("list of strings", () => {
    expect(parseListOfStrings(" a , b,c ")).toEqual(["a", "b", "c"]);
    expect(parseListOfStrings("")).toEqual([]);
  });
  test.each([["true", "true"], ["yes", "true"], ["false", "false"], ["0", "false"], ["Unexpected", "unexpected"]] as const)(
    "autorestart %p",
    (v, r) => expect(parseAutoRestart(v)).toBe(r),
  );
  test("autorestart rejects others", () => expect(() => parseAutoRestart("always")).toThrow("unexpected or true"));
  test("log levels", () => {
    expect(parseLogLevel("WARN")).toBe("warn");
    expect(parseLogLevel("blather")).toBe("blather");
    expect(() => parseLogLevel("warning")).toThrow("is not a log level");
  });
  test.each([
    ["9001", "", 9001],
    [":9001", "", 9001],
    ["*:9001", "", 9001],
    ["127.0.0.1:9001", "127.0.0.1", 9001],
    ["LocalHost:80", "localhost", 80],
  ])("inet %p", (v, host, port) => expect(parseInetAddress(v)).toEqual({ host, port }));
  test.each([["127.0.0.1:", "no port"], ["0", "out of range"], ["70000", "out of range"], ["abc", "not a valid port"]])(
    "inet %p rejected",
    (v, msg) => expect(() => parseInetAddress(v)).toThrow(msg),
  );
  test("names", () => {
    expect(checkProcessOrGroupName(" web ")).toBe("web");
    for (const bad of ["a b", "a:b", "a/b"]) expect(() => checkProcessOrGroupName(bad)).toThrow("is not allowed");
  });
});

describe("pyFormat", () => {
  const names = { a: "ab", n: 42, f: 1234.5, g: 0.0001, h: 1e16, z: 0, q: "it's" };
  test.each([
    ["%(a)5s|%(a)-5s|%(n)05d|%(n)+d|%(n)x|%(n)#o|%(n).3d", "   ab|ab   |00042|+42|2a|0o52|042"],
    ["%(f)e|%(f)g|%(f).2f|%(n)c", "1.234500e+03|1234.5|1234.50|*"],
    ["%(q)r %(g)g %(h)g %(z)g", `"it's" 0.0001 1e+16 0`],
    ["100%% %(a)s", "100% ab"],
    ["%(n)02d-%(n)s", "42-42"],
    ["no names", "no names"],
    ["%(a(b)c)s", "nested"],
  ])("%p", (tpl, out) => {
    expect(pyFormat(tpl, { ...names, "a(b)c": "nested" })).toBe(out);
  });
  test("zero padding of process_num", () => {
    expect(pyFormat("%(program_name)s_%(process_num)02d", { program_name: "web", process_num: 3 })).toBe("web_03");
  });
  test.each([
    ["%(missing)s", "missing", "missing"],
    ["x %", "bad", "incomplete format"],
    ["%(a", "bad", "incomplete format key"],
    ["%(a)z", "bad", "unsupported format character 'z'"],
    ["%s", "bad", "has no (name)"],
    ["%(a)d", "bad", "a number is required"],
    ["%(a)*s", "bad", "needs a tuple"],
  ])("%p fails (%s)", (tpl, kind, detail) => {
    let err: unknown;
    try {
      pyFormat(tpl, names);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FormatError);
    expect((err as FormatError).kind).toBe(kind as "missing" | "bad");
    expect((err as FormatError).detail).toContain(detail);
  });
});

describe("parseEnvironment (shlex, non-POSIX)", () => {
  test.each([
    ['A="x,y",B=2', { A: "x,y", B: "2" }],
    ["A=a b", { A: "a" }],
    ["A=x#y,B=2", { A: "x" }],
    [`A='q',B="r s"`, { A: "q", B: "r s" }],
    ['"K"=1', { '"K"': "1" }],
    ["P=/usr/bin:/bin", { P: "/usr/bin:/bin" }],
    ['A=""', { A: "" }],
    ["", {}],
    ["A=1,A=2", { A: "2" }],
    ["__proto__=x", { ["__proto__"]: "x" }],
  ])("%p", (text, expected) => {
    const env = parseEnvironment(text);
    expect(env).toEqual(expected as Record<string, string>);
    expect(Object.getPrototypeOf(env)).toBe(Object.prototype);
  });
  test.each(["A=1 B=2", "A=café,B=1", "A", "A=", 'A="open'])("%p is rejected", (text) => {
    expect(() => parseEnvironment(text)).toThrow(ConversionError);
  });
  test("tokens", () => {
    expect(shlexTokens('A="x y",$B=c')).toEqual(["A", "=", '"x y"', ",", "$", "B", "=", "c"]);
  });
});

describe("signals", () => {
  test.each([["TERM", 15], ["SIGTERM", 15], ["term", 15], ["15", 15], [" kill ", 9], ["SIGCLD", 17], ["IOT", 6], ["RTMAX", 64], ["0", 0], ["usr2", 12]])(
    "signalNumber(%p)",
    (v, n) => expect(signalNumber(v)).toBe(n),
  );
  test.each(["FOO", "SIG", "32", "65", "-1", ""])("signalNumber(%p) throws", (v) => {
    expect(() => signalNumber(v)).toThrow(/not a valid signal/);
  });
  test("names", () => {
    expect(signalName(15)).toBe("TERM");
    expect(signalName(6)).toBe("ABRT");
    expect(signalName(17)).toBe("CHLD");
    expect(() => signalName(40)).toThrow(RangeError);
    expect(signalDescription(9)).toBe("SIGKILL");
    expect(signalDescription(40)).toBe("signal 40");
  });
  test("table round-trips", () => {
    for (const [name, num] of Object.entries(LINUX_SIGNALS)) {
      expect(signalNumber(name)).toBe(num);
      expect(signalName(num)).toBe(name);
    }
    expect(Object.keys(LINUX_SIGNALS)).toHaveLength(33);
  });
});
