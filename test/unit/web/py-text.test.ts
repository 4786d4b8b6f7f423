// Python's forms the original pages read and write (src/web/py-text.ts), each against what Python
// itself does: float() / int() / strtobool() of a URL parameter, str(float) in error messages,
// time.ctime() in the footer, str(timedelta) for uptimes, get_small_value for figures.

import { expect, test } from "bun:test";
import { ctime, parsePyFloat, parsePyInt, parseStrtobool, pyDuration, pyFloatText, smallValue } from "../../../src/web/py-text.ts";

const floats: [string, number | null][] = [
  ["10", 10],
  ["10.0", 10],
  [" 60.5 ", 60.5],
  ["1_0", 10],
  [".5", 0.5],
  ["1e1", 10],
  ["+3", 3],
  ["inf", Infinity],
  ["-Infinity", -Infinity],
  ["ten", null],
  ["1__0", null],
  ["10s", null],
  ["", null],
];
for (const [text, value] of floats) {
  test(`float(${JSON.stringify(text)}) is ${value}`, () => {
    expect(parsePyFloat(text)).toBe(value as number);
  });
}

test("float('nan') is NaN", () => {
  expect(Number.isNaN(parsePyFloat("NaN"))).toBe(true);
});

const ints: [string, number | null][] = [
  ["2", 2],
  [" +2 ", 2],
  ["-1", -1],
  ["1_0", 10],
  ["2.0", null],
  ["two", null],
  ["0x2", null],
];
for (const [text, value] of ints) {
  test(`int(${JSON.stringify(text)}) is ${value}`, () => {
    expect(parsePyInt(text)).toBe(value as number);
  });
}

test("strtobool: y / yes / t / true / on / 1 and their opposites, any case; anything else is an error", () => {
  for (const word of ["y", "YES", "t", "True", "on", "1"]) expect(parseStrtobool(word)).toBe(true);
  for (const word of ["n", "No", "f", "FALSE", "off", "0"]) expect(parseStrtobool(word)).toBe(false);
  for (const word of ["maybe", "2", "", "yes!"]) expect(parseStrtobool(word)).toBeNull();
});

test("str(float) as Python prints it in `Incorrect period: 7.0`", () => {
  expect(pyFloatText(7)).toBe("7.0");
  expect(pyFloatText(7.5)).toBe("7.5");
  expect(pyFloatText(1e16)).toBe("1e+16");
  expect(pyFloatText(0.00001)).toBe("1e-05");
  expect(pyFloatText(Infinity)).toBe("inf");
  expect(pyFloatText(Number.NaN)).toBe("nan");
});

test("time.ctime: day padded with a blank, local time", () => {
  const d = new Date(2024, 0, 2, 3, 4, 5);
  expect(ctime(d.getTime() / 1000)).toBe("Tue Jan  2 03:04:05 2024");
  expect(ctime(new Date(2023, 11, 25, 23, 59, 59).getTime() / 1000)).toBe("Mon Dec 25 23:59:59 2023");
});

test("str(timedelta): H:MM:SS, then `N day(s), ` (Supvisors' simple_duration, conciliation uptimes)", () => {
  expect(pyDuration(0)).toBe("0:00:00");
  expect(pyDuration(59.9)).toBe("0:00:59");
  expect(pyDuration(3661)).toBe("1:01:01");
  expect(pyDuration(86399)).toBe("23:59:59");
  expect(pyDuration(86400 + 3661)).toBe("1 day, 1:01:01");
  expect(pyDuration(3 * 86400)).toBe("3 days, 0:00:00");
  expect(pyDuration(-5)).toBe("0:00:00");
});

test("get_small_value: two decimals, +0.00 for a tiny positive value", () => {
  expect(smallValue(12.345)).toBe("12.35");
  expect(smallValue(0)).toBe("0.00");
  expect(smallValue(0.004)).toBe("+0.00");
  expect(smallValue(0.005)).toBe("0.01");
  expect(smallValue(-0.001)).toBe("-0.00");
});
