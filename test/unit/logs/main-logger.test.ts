// The activity log: exact line format, level filtering, echo, rotation, reopen, clearLog, syslog.

import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync, renameSync } from "node:fs";
import { join } from "node:path";
import { Faults, RpcFault } from "../../../src/api/faults.ts";
import { LevelTags, MainLogger, formatLogLine, formatLogTimestamp, type MainLoggerOptions } from "../../../src/process/logs/index.ts";
import { makeTempDir, text } from "./helpers.ts";

/** 2026-11-24 21:45:23.123 local time, whatever the machine's zone. */
const T = new Date(2026, 10, 24, 21, 45, 23, 123).getTime();

let tmp: ReturnType<typeof makeTempDir>;
let path: string;
const loggers: MainLogger[] = [];

function make(options: Partial<MainLoggerOptions> = {}): MainLogger {
  const logger = new MainLogger({ path, maxbytes: 0, backups: 0, level: "info", now: () => T, ...options });
  loggers.push(logger);
  return logger;
}

beforeEach(() => {
  tmp = makeTempDir();
  path = join(tmp.dir, "supervisord.log");
});
afterEach(() => {
  for (const l of loggers.splice(0)) l.close();
  tmp.cleanup();
});

describe("line format", () => {
  test("timestamp: local time, comma, zero-padded milliseconds", () => {
    expect(formatLogTimestamp(T)).toBe("2026-11-24 21:45:23,123");
    expect(formatLogTimestamp(new Date(2026, 0, 2, 3, 4, 5, 6).getTime())).toBe("2026-01-02 03:04:05,006");
  });

  test("milliseconds are truncated, never rounded into the next second", () => {
    expect(formatLogTimestamp(new Date(2026, 0, 2, 3, 4, 5, 999).getTime() + 0.9)).toBe("2026-01-02 03:04:05,999");
  });

  test.each([
    ["critical", "CRIT"],
    ["error", "ERRO"],
    ["warn", "WARN"],
    ["info", "INFO"],
    ["debug", "DEBG"],
    ["trace", "TRAC"],
    ["blather", "BLAT"],
  ] as const)("%s is printed as %s", (level, tag) => {
    expect(formatLogLine(T, level, "m")).toBe(`2026-11-24 21:45:23,123 ${tag} m\n`);
  });

  test("a multi-line message stays one record", () => {
    expect(formatLogLine(T, 10, "'web' stdout output:\nhello\n")).toBe(
      "2026-11-24 21:45:23,123 DEBG 'web' stdout output:\nhello\n\n",
    );
  });
});

describe("MainLogger", () => {
  test("writes formatted records, filtered by level, to the file and to echo", () => {
    const echoed: string[] = [];
    const log = make({ level: "warn", echo: (l) => echoed.push(l) });
    log.info("hidden");
    log.warn("careful");
    log.error("bad");
    log.critical("worse");
    log.debug("hidden too");
    const expected =
      "2026-11-24 21:45:23,123 WARN careful\n2026-11-24 21:45:23,123 ERRO bad\n2026-11-24 21:45:23,123 CRIT worse\n";
    expect(text(path)).toBe(expected);
    expect(echoed.join("")).toBe(expected);
  });

  test("level numbers of CFG-GEN-05 decide, and setLevel changes them at run time", () => {
    const log = make({ level: "blather" });
    log.blather("b");
    log.trace("t");
    log.setLevel(20);
    log.debug("d");
    log.log("info", "i");
    log.setLevel("critical");
    log.error("e");
    expect(log.level).toBe(50);
    expect(log.enabled("critical")).toBe(true);
    expect(log.enabled(40)).toBe(false);
    expect(text(path)?.split("\n").map((l) => l.slice(24))).toEqual(["BLAT b", "TRAC t", "INFO i", ""]);
  });

  test("rotates like a child log", () => {
    const log = make({ maxbytes: 60, backups: 1 });
    log.info("first record, long enough to fill"); // 24 + 5 + 33 + 1 = 63 bytes
    log.info("second");
    expect(text(`${path}.1`)).toBe("2026-11-24 21:45:23,123 INFO first record, long enough to fill\n");
    expect(text(path)).toBe("2026-11-24 21:45:23,123 INFO second\n");
  });

  test("reopen follows an outside rename (SIGUSR2 after logrotate)", () => {
    const log = make();
    log.info("a");
    renameSync(path, `${path}.old`);
    log.reopen();
    log.info("b");
    expect(text(`${path}.old`)).toBe("2026-11-24 21:45:23,123 INFO a\n");
    expect(text(path)).toBe("2026-11-24 21:45:23,123 INFO b\n");
  });

  test("clear (clearLog): new empty file; 'reopening log file' echoed once per output, as supervisord does", () => {
    const echoed: string[] = [];
    const log = make({ echo: (l) => echoed.push(l) });
    log.info("old");
    log.clear();
    expect(text(path)).toBe("");
    expect(echoed.slice(1)).toEqual([
      "2026-11-24 21:45:23,123 INFO reopening log file\n",
      "2026-11-24 21:45:23,123 INFO reopening log file\n",
    ]);
    log.info("new");
    expect(text(path)).toBe("2026-11-24 21:45:23,123 INFO new\n");
  });

  test("clear when the file is gone → NO_FILE without detail", () => {
    const log = make();
    renameSync(path, `${path}.x`);
    let fault: unknown = null;
    try {
      log.clear();
    } catch (err) {
      fault = err;
    }
    expect(fault).toBeInstanceOf(RpcFault);
    expect((fault as RpcFault).faultString).toBe("NO_FILE");
    expect((fault as RpcFault).code).toBe(Faults.NO_FILE);
  });

  test("syslog: one warning on stderr, then the records go to stderr; clear → NO_FILE", () => {
    const err: string[] = [];
    const log = make({ path: "syslog", stderr: (t) => err.push(t) });
    expect(err.length).toBe(1);
    expect(err[0]).toContain("syslog");
    log.info("hello");
    expect(err[1]).toBe("2026-11-24 21:45:23,123 INFO hello\n");
    expect(log.path).toBeNull();
    expect(() => log.clear()).toThrow("NO_FILE");
    expect(existsSync(join(tmp.dir, "syslog"))).toBe(false);
  });

  test("an unopenable path is reported (openError, onError) and never thrown", () => {
    const seen: string[] = [];
    const log = make({ path: join(tmp.dir, "missing", "x.log"), onError: (e) => seen.push(e.code ?? "") });
    expect(log.openError?.code).toBe("ENOENT");
    expect(() => log.info("x")).not.toThrow();
    expect(seen).toEqual(["ENOENT"]);
  });

  test("every level number has a tag", () => {
    expect(Object.keys(LevelTags).map(Number).sort((a, b) => a - b)).toEqual([3, 5, 10, 20, 30, 40, 50]);
  });
});
