// RotatingLogFile against real temp files: exact rollover sizes, no byte lost or duplicated,
// reopen after an outside rename, clear, and survival of deleted files and directories.

import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { closeSync, constants, existsSync, mkdirSync, openSync, readSync, readdirSync, renameSync, rmSync, statSync, truncateSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { LogFileError, RotatingLogFile } from "../../../src/process/logs/index.ts";
import { concatBytes, makeTempDir, randomBytes, readOrNull, seededRandom, text } from "./helpers.ts";

let tmp: ReturnType<typeof makeTempDir>;
let path: string;
const opened: RotatingLogFile[] = [];

function make(maxbytes: number, backups: number, onError?: (e: LogFileError) => void): RotatingLogFile {
  const f = new RotatingLogFile(path, maxbytes, backups, { onError });
  opened.push(f);
  return f;
}

beforeEach(() => {
  tmp = makeTempDir();
  path = join(tmp.dir, "child.log");
});
afterEach(() => {
  for (const f of opened.splice(0)) f.close();
  tmp.cleanup();
});

describe("rollover at exact sizes", () => {
  test("backups 1: one byte short stays, reaching maxbytes rolls over to .1", () => {
    const f = make(10, 1);
    f.write("123456789");
    expect(text(path)).toBe("123456789");
    expect(existsSync(`${path}.1`)).toBe(false);
    f.write("0");
    expect(text(`${path}.1`)).toBe("1234567890");
    expect(text(path)).toBe("");
    f.write("abcdefghij");
    expect(text(`${path}.1`)).toBe("abcdefghij");
    expect(text(path)).toBe("");
    expect(existsSync(`${path}.2`)).toBe(false);
  });

  test("a chunk crossing maxbytes is written whole, never split (file may exceed maxbytes)", () => {
    const f = make(10, 1);
    f.write("1234567");
    f.write("ABCDEFGHIJKLMNO");
    expect(text(`${path}.1`)).toBe("1234567ABCDEFGHIJKLMNO");
    expect(text(path)).toBe("");
    f.write("xy");
    expect(text(path)).toBe("xy");
  });

  test("backups 0: the file is truncated in place, no backup made", () => {
    const f = make(10, 0);
    f.write("1234567890");
    expect(text(path)).toBe("");
    expect(readdirSync(tmp.dir)).toEqual(["child.log"]);
    f.write("abc");
    expect(text(path)).toBe("abc");
  });

  test("backups 3: shifted down to .3, older ones dropped, higher numbers untouched", () => {
    writeFileSync(`${path}.5`, "stale");
    const f = make(10, 3);
    for (const c of "ABCDE") f.write(c.repeat(10));
    expect(text(`${path}.1`)).toBe("EEEEEEEEEE");
    expect(text(`${path}.2`)).toBe("DDDDDDDDDD");
    expect(text(`${path}.3`)).toBe("CCCCCCCCCC");
    expect(existsSync(`${path}.4`)).toBe(false);
    expect(text(`${path}.5`)).toBe("stale");
    expect(text(path)).toBe("");
  });

  test("maxbytes 0 never rotates", () => {
    const f = make(0, 3);
    for (let i = 0; i < 100; i++) f.write("0123456789");
    expect(statSync(path).size).toBe(1000);
    expect(existsSync(`${path}.1`)).toBe(false);
  });

  test("an existing file's size counts toward the first rollover", () => {
    writeFileSync(path, "12345678");
    const f = make(10, 1);
    expect(f.size).toBe(8);
    f.write("9x");
    expect(text(`${path}.1`)).toBe("123456789x");
  });

  test("a file emptied from outside (copytruncate) is not rolled over early", () => {
    const f = make(10, 1);
    f.write("12345678");
    truncateSync(path, 0);
    f.write("ab");
    expect(existsSync(`${path}.1`)).toBe(false);
    expect(text(path)).toBe("ab");
  });
});

describe("no byte lost or duplicated across rollovers", () => {
  test.each([1, 7, 42])("seed %d: random chunks, backups kept → backups + live file == all written", (seed) => {
    const rand = seededRandom(seed);
    const maxbytes = 1000;
    const f = make(maxbytes, 500);
    const written: Uint8Array[] = [];
    for (let i = 0; i < 600; i++) {
      const chunk = randomBytes(rand, Math.floor(rand() * 300));
      written.push(chunk);
      f.write(chunk);
    }
    const files: Uint8Array[] = [];
    for (let n = 500; n >= 1; n--) {
      const b = readOrNull(`${path}.${n}`);
      if (b !== null) files.push(b);
    }
    expect(files.length).toBeGreaterThan(50);
    expect(files.length).toBeLessThan(500);
    for (const b of files) expect(b.length).toBeGreaterThanOrEqual(maxbytes);
    files.push(readOrNull(path) as Uint8Array);
    expect(concatBytes(files)).toEqual(concatBytes(written));
    // Each file boundary is a chunk boundary: a rollover never splits a chunk.
    const boundaries = new Set<number>();
    let at = 0;
    for (const c of written) boundaries.add((at += c.length));
    let end = 0;
    for (const b of files.slice(0, -1)) expect(boundaries.has((end += b.length))).toBe(true);
  });

  test("with backups 3 the kept files are exactly the newest written bytes", () => {
    const rand = seededRandom(99);
    const f = make(500, 3);
    const written: Uint8Array[] = [];
    for (let i = 0; i < 300; i++) {
      const chunk = randomBytes(rand, 1 + Math.floor(rand() * 120));
      written.push(chunk);
      f.write(chunk);
    }
    const kept = concatBytes([3, 2, 1].map((n) => readOrNull(`${path}.${n}`) as Uint8Array).concat([readOrNull(path) as Uint8Array]));
    const all = concatBytes(written);
    expect(kept.length).toBeGreaterThan(1500);
    expect(all.subarray(all.length - kept.length)).toEqual(kept);
    expect(existsSync(`${path}.4`)).toBe(false);
  });
});

describe("reopen, clear, close", () => {
  test("reopen after an outside rename writes to a new file at the path", () => {
    const f = make(0, 0);
    f.write("before\n");
    renameSync(path, `${path}.rotated`);
    f.write("still old\n");
    f.reopen();
    f.write("after\n");
    expect(text(`${path}.rotated`)).toBe("before\nstill old\n");
    expect(text(path)).toBe("after\n");
  });

  test("clear removes the live file, keeps the backups, and goes on writing", () => {
    const f = make(10, 2);
    f.write("1234567890");
    f.write("abc");
    f.clear();
    expect(text(path)).toBe("");
    expect(text(`${path}.1`)).toBe("1234567890");
    f.write("new");
    expect(text(path)).toBe("new");
    expect(f.size).toBe(3);
  });

  test("clear throws a LogFileError when the directory is gone", () => {
    const f = make(10, 2);
    rmSync(tmp.dir, { recursive: true });
    expect(() => f.clear()).toThrow(LogFileError);
  });

  test("writes after close are dropped and reported once", () => {
    const errors: LogFileError[] = [];
    const f = make(0, 0, (e) => errors.push(e));
    f.write("a");
    f.close();
    f.write("b");
    f.write("c");
    expect(text(path)).toBe("a");
    expect(errors.length).toBe(1);
    expect(errors[0].operation).toBe("write");
    f.reopen();
    f.write("d");
    expect(text(path)).toBe("ad");
  });
});

describe("surviving a hostile file system", () => {
  test("missing directory: constructor does not throw, openError is set, onError called once, writing resumes", () => {
    const errors: LogFileError[] = [];
    const dir = join(tmp.dir, "later");
    path = join(dir, "x.log");
    const f = make(100, 1, (e) => errors.push(e));
    expect(f.openError?.code).toBe("ENOENT");
    expect(f.openError?.message).toContain(path);
    f.write("lost 1");
    f.write("lost 2");
    expect(errors.length).toBe(1);
    mkdirSync(dir);
    f.write("kept");
    expect(f.openError).toBeNull();
    expect(text(path)).toBe("kept");
  });

  test("live file deleted: writes go on, the next rollover starts a fresh file", () => {
    const errors: LogFileError[] = [];
    const f = make(10, 1, (e) => errors.push(e));
    f.write("12345");
    unlinkSync(path);
    f.write("67890");
    expect(existsSync(path)).toBe(true);
    expect(text(path)).toBe("");
    expect(existsSync(`${path}.1`)).toBe(false);
    f.write("abc");
    expect(text(path)).toBe("abc");
    expect(errors).toEqual([]);
  });

  test("directory deleted under an open file: errors reported, never thrown", () => {
    const errors: LogFileError[] = [];
    const f = make(10, 1, (e) => errors.push(e));
    rmSync(tmp.dir, { recursive: true });
    expect(() => {
      for (let i = 0; i < 10; i++) f.write("0123456789");
    }).not.toThrow();
    expect(errors.length).toBeGreaterThanOrEqual(1);
    expect(errors.length).toBeLessThanOrEqual(2);
    expect(errors.some((e) => e.operation === "open")).toBe(true);
  });

  test("a throwing onError does not escape write", () => {
    const dir = join(tmp.dir, "nope");
    path = join(dir, "x.log");
    const f = make(10, 1, () => {
      throw new Error("callback bug");
    });
    expect(() => f.write("x")).not.toThrow();
  });

  test("a pipe (as /dev/stdout may be) is written to but never rotated nor removed", () => {
    path = join(tmp.dir, "fifo");
    expect(Bun.spawnSync(["mkfifo", path]).exitCode).toBe(0);
    // A reader must exist first, or opening the FIFO for writing would block.
    const reader = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const f = make(4, 1);
      f.write("0123456789");
      f.clear();
      f.write("ab");
      expect(statSync(path).isFIFO()).toBe(true);
      expect(existsSync(`${path}.1`)).toBe(false);
      const buf = Buffer.alloc(64);
      expect(buf.subarray(0, readSync(reader, buf)).toString()).toBe("0123456789ab");
    } finally {
      closeSync(reader);
    }
  });
});
