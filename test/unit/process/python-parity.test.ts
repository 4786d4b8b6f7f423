// shlexSplit and pyRepr against outputs recorded from Python 3.11 (`shlex.split`, `repr`):
// python-cases.json holds [input, result] pairs produced by the real functions.

import { describe, expect, test } from "bun:test";
import cases from "./python-cases.json";
import { ShlexError, shlexSplit } from "../../../src/process/shlex.ts";
import { pyRepr } from "../../../src/process/pyrepr.ts";

describe("shlexSplit matches Python shlex.split", () => {
  for (const [input, result] of cases.shlex as [string, { words?: string[]; error?: string }][]) {
    test(JSON.stringify(input), () => {
      if (result.words) {
        expect(shlexSplit(input)).toEqual(result.words);
      } else {
        expect(() => shlexSplit(input)).toThrow(new ShlexError(result.error ?? ""));
      }
    });
  }
});

describe("pyRepr matches Python repr", () => {
  for (const [input, expected] of cases.repr as [string, string][]) {
    test(JSON.stringify(input), () => {
      expect(pyRepr(input)).toBe(expected);
    });
  }
});
