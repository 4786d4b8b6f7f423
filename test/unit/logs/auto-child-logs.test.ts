// AUTO child log names and the start-up cleanup (the same name table is checked against a real
// supervisord in against-supervisord.test.ts).

import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  autoChildLogPath,
  autoChildLogPrefix,
  cleanupAutoChildLogs,
  isAutoChildLogName,
} from "../../../src/process/logs/index.ts";
import { makeTempDir } from "./helpers.ts";

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => tmp.cleanup());

describe("autoChildLogPath", () => {
  test("prefix is name-channel---identifier-", () => {
    expect(autoChildLogPrefix("web_01", "stderr", "supervisor")).toBe("web_01-stderr---supervisor-");
  });

  test("creates an empty 0600 file with 8 random characters, a new one each call", () => {
    const a = autoChildLogPath(tmp.dir, "web", "stdout", "supervisor");
    const b = autoChildLogPath(tmp.dir, "web", "stdout", "supervisor");
    expect(a).not.toBe(b);
    for (const p of [a, b]) {
      expect(p).toMatch(new RegExp(`^${tmp.dir}/web-stdout---supervisor-[a-z0-9_]{8}\\.log$`));
      expect(statSync(p).size).toBe(0);
      expect(statSync(p).mode & 0o777).toBe(0o600);
    }
  });

  test("returns an absolute, normalised path for a relative childlogdir", () => {
    const p = autoChildLogPath(`${tmp.dir}/./`, "w", "stdout", "id");
    expect(p.startsWith(`${tmp.dir}/w-stdout---id-`)).toBe(true);
  });

  test("never reuses an existing name: draws again on collision", () => {
    const names = ["taken000", "taken000", "fresh111"];
    writeFileSync(join(tmp.dir, "w-stdout---id-taken000.log"), "keep me");
    const p = autoChildLogPath(tmp.dir, "w", "stdout", "id", { randomName: () => names.shift() as string });
    expect(p).toBe(join(tmp.dir, "w-stdout---id-fresh111.log"));
    expect(names).toEqual([]);
  });

  test("a missing childlogdir gives an error naming it", () => {
    const dir = join(tmp.dir, "nope");
    expect(() => autoChildLogPath(dir, "web", "stdout", "supervisor")).toThrow(`childlogdir ${dir}`);
  });
});

describe("isAutoChildLogName", () => {
  test.each([
    ["web-stdout---supervisor-abcd1234.log", "supervisor", true],
    ["web-stdout---supervisor-abcd1234.log.10", "supervisor", true],
    ["web-stdout---other-abcd1234.log", "supervisor", false],
    ["---supervisor-x.log", "supervisor", false],
    ["w---supervisor-.log", "supervisor", false],
    ["w---a.b-x.log", "a.b", true],
    ["w---aXb-x.log", "a.b", false],
    ["w---a+b-x.log", "a+b", true],
  ])("%p with identifier %p → %p", (name, id, expected) => {
    expect(isAutoChildLogName(name, id)).toBe(expected);
  });
});

describe("cleanupAutoChildLogs", () => {
  test("removes this identifier's AUTO logs and backups, returns them, keeps the rest", () => {
    const files = ["a-stdout---sv-1.log", "a-stdout---sv-1.log.2", "b-stderr---other-1.log", "notes.txt"];
    for (const f of files) writeFileSync(join(tmp.dir, f), "x");
    const removed = cleanupAutoChildLogs(tmp.dir, "sv");
    expect(removed).toEqual([join(tmp.dir, "a-stdout---sv-1.log"), join(tmp.dir, "a-stdout---sv-1.log.2")]);
    expect(readdirSync(tmp.dir).sort()).toEqual(["b-stderr---other-1.log", "notes.txt"]);
  });

  test("a missing directory: one warning, nothing thrown", () => {
    const warnings: string[] = [];
    expect(cleanupAutoChildLogs(join(tmp.dir, "gone"), "sv", (m) => warnings.push(m))).toEqual([]);
    expect(warnings).toEqual(["Could not clear childlog dir"]);
  });

  test("an entry that cannot be removed is warned about with its repr and left", () => {
    const dir = join(tmp.dir, "it's---sv-x.log");
    mkdirSync(dir);
    const warnings: string[] = [];
    cleanupAutoChildLogs(`${tmp.dir}/`, "sv", (m) => warnings.push(m));
    expect(warnings).toEqual([`Failed to clean up "${tmp.dir}/it's---sv-x.log"`]);
    expect(existsSync(dir)).toBe(true);
  });
});
