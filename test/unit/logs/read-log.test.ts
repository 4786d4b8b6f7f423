// readLog / tailProcessLog semantics. The tables were produced by running supervisor 4.2.5's own
// readFile / tailFile (Debian's /usr/bin/python3) on the same 50-byte file.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Faults, RpcFault } from "../../../src/api/faults.ts";
import { readLogRange, readWindow, tailLogFile, tailWindow } from "../../../src/process/logs/index.ts";
import { makeTempDir } from "./helpers.ts";

/** 50 distinct bytes, "0123456789:;<=>?@ABC...a", so every range is recognisable. */
const CONTENT = Array.from({ length: 50 }, (_, i) => String.fromCharCode(48 + i)).join("");

/** [offset, length, [start, length] | fault] on the 50-byte file. */
const READ_ROWS: [number, number, [number, number] | "BAD_ARGUMENTS"][] = [
  [0, 0, [0, 50]],
  [0, 10, [0, 10]],
  [45, 10, [45, 5]],
  [50, 0, [0, 0]],
  [80, 5, [0, 0]],
  [-10, 0, [40, 10]],
  [-50, 0, [0, 50]],
  [-80, 0, [0, 50]],
  [-10, 5, "BAD_ARGUMENTS"],
  [0, -1, "BAD_ARGUMENTS"],
  [10, -5, "BAD_ARGUMENTS"],
  [-1, -1, "BAD_ARGUMENTS"],
  [25, 0, [25, 25]],
  [20, 7, [20, 7]],
];
const READ_EMPTY_ROWS: [number, number, [number, number] | "BAD_ARGUMENTS"][] = [
  [0, 0, [0, 0]],
  [-10, 0, [0, 0]],
  [5, 5, [0, 0]],
  [-5, 1, "BAD_ARGUMENTS"],
];
/** [offset, length, start, count, nextOffset, overflow] on the 50-byte file. */
const TAIL_ROWS: [number, number, number, number, number, boolean][] = [
  [0, 10, 40, 10, 50, true],
  [0, 50, 0, 50, 50, false],
  [0, 200, 0, 50, 50, false],
  [40, 10, 40, 10, 50, false],
  [45, 10, 40, 10, 50, false],
  [49, 10, 40, 10, 50, false],
  [50, 10, 0, 0, 50, false],
  [80, 10, 0, 0, 50, false],
  [25, 0, 0, 0, 50, true],
  [0, 0, 0, 0, 50, true],
  [50, 0, 0, 0, 50, false],
  [0, -5, 0, 0, 50, true],
  [-5, 10, 40, 10, 50, true],
  [-20, 10, 40, 10, 50, true],
  [10, -20, 0, 0, 50, true],
  [200, -5, 0, 0, 50, false],
  [20, 20, 30, 20, 50, true],
  [35, 10, 40, 10, 50, true],
];
const TAIL_EMPTY_ROWS: [number, number, boolean][] = [
  [0, 10, false],
  [5, 10, false],
  [0, 0, false],
  [-3, 2, true],
];

let tmp: ReturnType<typeof makeTempDir>;
let full: string;
let empty: string;
beforeAll(() => {
  tmp = makeTempDir();
  full = join(tmp.dir, "full.log");
  empty = join(tmp.dir, "empty.log");
  writeFileSync(full, CONTENT);
  writeFileSync(empty, "");
});
afterAll(() => tmp.cleanup());

function faultOf(fn: () => unknown): RpcFault {
  try {
    fn();
  } catch (err) {
    if (err instanceof RpcFault) return err;
    throw err;
  }
  throw new Error("no fault raised");
}

describe("readLogRange", () => {
  test.each(READ_ROWS)("50-byte file, offset %d length %d", (offset, length, expected) => {
    if (expected === "BAD_ARGUMENTS") {
      expect(readWindow(offset, length, 50)).toEqual({ fault: "BAD_ARGUMENTS" });
      const f = faultOf(() => readLogRange(full, offset, length));
      expect([f.code, f.faultString]).toEqual([Faults.BAD_ARGUMENTS, "BAD_ARGUMENTS"]);
    } else {
      const [start, count] = expected;
      expect(readLogRange(full, offset, length)).toBe(CONTENT.slice(start, start + count));
      const w = readWindow(offset, length, 50);
      expect("fault" in w ? -1 : w.end - w.start).toBe(count);
    }
  });

  test.each(READ_EMPTY_ROWS)("empty file, offset %d length %d", (offset, length, expected) => {
    if (expected === "BAD_ARGUMENTS") expect(faultOf(() => readLogRange(empty, offset, length)).code).toBe(Faults.BAD_ARGUMENTS);
    else expect(readLogRange(empty, offset, length)).toBe("");
  });

  test("missing file → NO_FILE naming the path", () => {
    const path = join(tmp.dir, "absent.log");
    const f = faultOf(() => readLogRange(path, 0, 0));
    expect([f.code, f.faultString]).toEqual([Faults.NO_FILE, `NO_FILE: ${path}`]);
  });

  test("a directory → FAILED, even with arguments that are also bad (open is checked first)", () => {
    const dir = join(tmp.dir, "adir");
    mkdirSync(dir);
    for (const [o, l] of [[0, 0], [-5, 3]]) {
      const f = faultOf(() => readLogRange(dir, o, l));
      expect([f.code, f.faultString]).toEqual([Faults.FAILED, "FAILED"]);
    }
  });

  test("a FIFO → FAILED at once, never blocking", () => {
    const fifo = join(tmp.dir, "fifo");
    expect(Bun.spawnSync(["mkfifo", fifo]).exitCode).toBe(0);
    expect(faultOf(() => readLogRange(fifo, -100, 0)).code).toBe(Faults.FAILED);
  });

  test("invalid UTF-8 and a multibyte character cut by the range become U+FFFD (supervisord answers HTTP 500)", () => {
    const path = join(tmp.dir, "utf.log");
    writeFileSync(path, Buffer.concat([Buffer.from("é-"), Buffer.from([0xff, 0xfe]), Buffer.from("-ok")]));
    expect(readLogRange(path, 0, 0)).toBe("é-\uFFFD\uFFFD-ok");
    expect(readLogRange(path, 1, 0)).toBe("\uFFFD-\uFFFD\uFFFD-ok");
  });

  test("a byte-order mark is kept, as Python's utf-8 codec does", () => {
    const path = join(tmp.dir, "bom.log");
    writeFileSync(path, "\uFEFFx");
    expect(readLogRange(path, 0, 0)).toBe("\uFEFFx");
  });
});

describe("tailLogFile", () => {
  test.each(TAIL_ROWS)("50-byte file, offset %d length %d", (offset, length, start, count, next, overflow) => {
    expect(tailLogFile(full, offset, length)).toEqual([CONTENT.slice(start, start + count), next, overflow]);
    const w = tailWindow(offset, length, 50);
    expect([w.length === 0 ? 0 : w.start, w.length, w.nextOffset, w.overflow]).toEqual([start, count, next, overflow]);
  });

  test.each(TAIL_EMPTY_ROWS)("empty file, offset %d length %d", (offset, length, overflow) => {
    expect(tailLogFile(empty, offset, length)).toEqual(["", 0, overflow]);
  });

  test("missing file → ['', 0, false] whatever the offset", () => {
    expect(tailLogFile(join(tmp.dir, "absent.log"), 123, 10)).toEqual(["", 0, false]);
  });

  test("unreadable (a directory) → ['', offset, false]", () => {
    const dir = join(tmp.dir, "tdir");
    mkdirSync(dir);
    expect(tailLogFile(dir, 5, 10)).toEqual(["", 5, false]);
  });

  test("invalid UTF-8 is replaced, not an error", () => {
    const path = join(tmp.dir, "tail-utf.log");
    writeFileSync(path, Buffer.from([0x61, 0xff, 0x0a]));
    expect(tailLogFile(path, 0, 100)).toEqual(["a\uFFFD\n", 3, false]);
  });
});
