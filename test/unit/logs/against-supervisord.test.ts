// Compares our log formats with a real supervisord 4.2.5 (Debian's /usr/bin/supervisord), started
// once on a unix socket in a temp dir: activity log lines, stdout echo, AUTO child log names and
// which old AUTO logs the start-up cleanup removes. Skipped when supervisord is not installed.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Subprocess } from "bun";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  LevelTags,
  autoChildLogPath,
  cleanupAutoChildLogs,
  formatLogLine,
  type LogLevelNumber,
} from "../../../src/process/logs/index.ts";
import { makeTempDir, waitFor } from "./helpers.ts";

const SUPERVISORD = "/usr/bin/supervisord";
const HAVE_SUPERVISORD = existsSync(SUPERVISORD);
const RECORD = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d),(\d{3}) ([A-Z]{4}) (.*)$/;

/** Old files put in childlogdir before start; true = supervisord is expected to remove it. */
const OLD_FILES: [string, boolean][] = [
  ["p-stdout---myid-abc12345.log", true],
  ["p-stdout---myid-abc12345.log.3", true],
  ["p-stdout---myid-abc12345.logfoo", true],
  ["a b---myid-x.log", true],
  ["a---myid-y.log.txt", true],
  ["p-stdout---other-abc.log", false],
  ["keep.log", false],
  ["---myid-x.log", false],
  ["a---myid-.log", false],
  ["a---myid-x y.log", false],
  ["a---myid-x.LOG", false],
  ["a---myidx-y.log", false],
];

let tmp: ReturnType<typeof makeTempDir>;
let proc: Subprocess<"ignore", "pipe", "pipe"> | null = null;
let logText = "";
let stdoutText = "";
let childNames: string[] = [];
let childDir = "";

describe.skipIf(!HAVE_SUPERVISORD)("against Debian's supervisord 4.2.5", () => {
  beforeAll(async () => {
    tmp = makeTempDir();
    childDir = join(tmp.dir, "child");
    mkdirSync(childDir);
    for (const [name] of OLD_FILES) writeFileSync(join(childDir, name), "old");
    mkdirSync(join(childDir, "d---myid-x.log")); // cannot be removed with os.remove: a warning
    const logfile = join(tmp.dir, "supervisord.log");
    writeFileSync(
      join(tmp.dir, "sv.conf"),
      [
        "[unix_http_server]",
        `file=${join(tmp.dir, "sock")}`,
        "[supervisord]",
        "nodaemon=true",
        `logfile=${logfile}`,
        `pidfile=${join(tmp.dir, "sv.pid")}`,
        `childlogdir=${childDir}`,
        "identifier=myid",
        "loglevel=info",
        "[rpcinterface:supervisor]",
        "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface",
        "[program:p]",
        "command=/bin/sleep 1000",
        "startsecs=0",
        "",
      ].join("\n"),
    );
    proc = Bun.spawn([SUPERVISORD, "-c", join(tmp.dir, "sv.conf")], {
      cwd: tmp.dir,
      stdin: "ignore",
      stdout: "pipe",
      stderr: "pipe",
    });
    const stdoutDone = new Response(proc.stdout).text();
    const read = () => (existsSync(logfile) ? readFileSync(logfile, "utf8") : "");
    await waitFor("supervisord to spawn p", () => read().includes("success: p entered RUNNING state"));
    proc.kill("SIGTERM");
    const exited = await Promise.race([proc.exited, Bun.sleep(10000).then(() => "timeout")]);
    if (exited === "timeout") proc.kill("SIGKILL");
    await proc.exited;
    stdoutText = await stdoutDone;
    logText = read();
    childNames = readdirSync(childDir);
  }, 20000);

  afterAll(() => {
    if (proc && proc.exitCode === null) proc.kill("SIGKILL");
    tmp?.cleanup();
  });

  test("each activity log record is exactly what formatLogLine writes for the same time, level and text", () => {
    const tagToLevel = new Map(Object.entries(LevelTags).map(([n, tag]) => [tag, Number(n) as LogLevelNumber]));
    const records = logText.split("\n").filter((l) => RECORD.test(l));
    expect(records.length).toBeGreaterThanOrEqual(4);
    const seen = new Set<string>();
    for (const line of records) {
      const m = RECORD.exec(line) as RegExpExecArray;
      const [y, mo, d, h, mi, s, ms] = m.slice(1, 8).map(Number);
      const level = tagToLevel.get(m[8]);
      expect(level).toBeDefined();
      seen.add(m[8]);
      const t = new Date(y, mo - 1, d, h, mi, s, ms).getTime();
      expect(formatLogLine(t, level as LogLevelNumber, m[9])).toBe(`${line}\n`);
    }
    expect(seen.has("INFO")).toBe(true);
    expect(seen.has("WARN")).toBe(true);
    expect(logText).toContain(" WARN received SIGTERM indicating exit request\n");
  });

  test("with nodaemon, stdout carries the same text as the file (what echo must receive)", () => {
    expect(stdoutText).toBe(logText);
  });

  test("AUTO child log names follow name-channel---identifier-XXXXXXXX.log, mode 0600, as ours", () => {
    const auto = /^p-(stdout|stderr)---myid-[a-z0-9_]{8}\.log$/;
    const made = childNames.filter((n) => auto.test(n));
    expect(made.length).toBe(2);
    for (const n of made) expect(statSync(join(childDir, n)).mode & 0o777).toBe(0o600);
    const ours = autoChildLogPath(tmp.dir, "p", "stderr", "myid");
    expect(ours.startsWith(`${tmp.dir}/`)).toBe(true);
    expect(auto.test(ours.slice(tmp.dir.length + 1))).toBe(true);
    expect(statSync(ours).mode & 0o777).toBe(0o600);
  });

  test("start-up cleanup removes the same old files, and warns with the same text", () => {
    for (const [name, removed] of OLD_FILES) expect([name, childNames.includes(name)]).toEqual([name, !removed]);
    expect(childNames).toContain("d---myid-x.log");
    const realWarning = `WARN Failed to clean up '${join(childDir, "d---myid-x.log")}'`;
    expect(logText).toContain(realWarning);

    const again = join(tmp.dir, "again");
    mkdirSync(again);
    for (const [name] of OLD_FILES) writeFileSync(join(again, name), "old");
    mkdirSync(join(again, "d---myid-x.log"));
    const warnings: string[] = [];
    cleanupAutoChildLogs(again, "myid", (m) => warnings.push(m));
    const left = readdirSync(again);
    for (const [name, removed] of OLD_FILES) expect([name, left.includes(name)]).toEqual([name, !removed]);
    expect(warnings).toEqual([`Failed to clean up '${join(again, "d---myid-x.log")}'`]);
  });
});
