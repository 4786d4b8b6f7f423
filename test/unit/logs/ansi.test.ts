// strip_ansi: the expected outputs were produced by supervisor 4.2.5's own stripEscapes; the
// streaming stripper must give the same result however the input is cut into chunks.

import { describe, expect, test } from "bun:test";
import { AnsiStripper, stripAnsi } from "../../../src/process/logs/index.ts";
import { concatBytes, seededRandom } from "./helpers.ts";

const CASES: [string, string][] = [
  ["plain", "plain"],
  ["\x1b[31mred\x1b[0m", "red"],
  ["a\x1b[1;31mb\x1b[0mc", "abc"],
  ["\x1b[2J\x1b[H", ""],
  ["x\x1b[?25ly", "xy"],
  ["x\x1b[12", "x"],
  ["x\x1b", "x\x1b"],
  ["\x1bx", "\x1bx"],
  ["\x1b\x1b[mA", "\x1bA"],
  ["a\x1b[\nzzm b", "a b"],
  ["a\x1b[[m]", "a]"],
  ["\x1b[38;5;82mhi\x1b[K!", "hi!"],
  ["\x1b]0;title\x07rest", "\x1b]0;title\x07rest"],
  ["\x1b[6n?R", ""],
  ["héllo \x1b[1mwörld\x1b[0m ✓", "héllo wörld ✓"],
];

const enc = new TextEncoder();
const dec = new TextDecoder();

function streamed(pieces: Uint8Array[]): string {
  const s = new AnsiStripper();
  return dec.decode(concatBytes([...pieces.map((p) => s.push(p)), s.flush()]));
}

describe("stripAnsi (one chunk, as supervisord's stripEscapes)", () => {
  test.each(CASES)("%p → %p", (input, expected) => {
    expect(stripAnsi(input)).toBe(expected);
    expect(dec.decode(stripAnsi(enc.encode(input)))).toBe(expected);
  });

  test("returns bytes for bytes, unchanged when there is nothing to strip", () => {
    const bytes = enc.encode("no escapes");
    expect(stripAnsi(bytes)).toEqual(bytes);
  });

  test("supervisord strips each read alone: a sequence cut in two leaks (why AnsiStripper exists)", () => {
    expect(stripAnsi("a\x1b[3") + stripAnsi("1mred")).toBe("a1mred");
  });
});

describe("AnsiStripper (stream)", () => {
  test("a sequence cut in two is removed", () => {
    const s = new AnsiStripper();
    expect(dec.decode(s.push("a\x1b[3"))).toBe("a");
    expect(dec.decode(s.push("1mred"))).toBe("red");
  });

  test("a cut right after ESC is held back, then resolved by the next chunk", () => {
    const s = new AnsiStripper();
    expect(dec.decode(s.push("a\x1b"))).toBe("a");
    expect(dec.decode(s.push("[0mb"))).toBe("b");
    expect(dec.decode(s.push("c\x1b"))).toBe("c");
    expect(dec.decode(s.push("x"))).toBe("\x1bx");
  });

  test("flush returns a held-back ESC at end of stream and resets", () => {
    const s = new AnsiStripper();
    s.push("z\x1b");
    expect(Array.from(s.flush())).toEqual([0x1b]);
    expect(s.flush().length).toBe(0);
    expect(dec.decode(s.push("ok"))).toBe("ok");
  });

  test.each(CASES)("every single cut of %p gives the one-chunk result", (input, expected) => {
    const bytes = enc.encode(input);
    for (let cut = 0; cut <= bytes.length; cut++) {
      expect(streamed([bytes.subarray(0, cut), bytes.subarray(cut)])).toBe(expected);
    }
  });

  test("random cuts of a long coloured stream (seeded) give the one-chunk result", () => {
    const rand = seededRandom(2024);
    const whole = CASES.filter(([i]) => !i.endsWith("\x1b[12")).map(([i]) => i).join("\n").repeat(20);
    const expected = stripAnsi(whole);
    const bytes = enc.encode(whole);
    for (let round = 0; round < 50; round++) {
      const pieces: Uint8Array[] = [];
      let at = 0;
      while (at < bytes.length) {
        const n = Math.floor(rand() * 9);
        pieces.push(bytes.subarray(at, at + n));
        at += n;
      }
      expect(streamed(pieces)).toBe(expected);
    }
  });
});
