// resolveCommand: splitting, PATH search and supervisord's refusal messages (get_execv_args /
// check_execv_args), on real files in a temporary directory.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CommandError, DEFAULT_PATH, resolveCommand } from "../../../src/process/command.ts";

let dir = "";
let bin1 = "";
let bin2 = "";

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "flotilla-cmd-"));
  bin1 = join(dir, "bin1");
  bin2 = join(dir, "bin2");
  mkdirSync(bin1);
  mkdirSync(bin2);
  writeFileSync(join(bin1, "tool"), "#!/bin/sh\n");
  chmodSync(join(bin1, "tool"), 0o755);
  writeFileSync(join(bin2, "tool"), "#!/bin/sh\n");
  chmodSync(join(bin2, "tool"), 0o755);
  writeFileSync(join(bin1, "plain"), "data");
  chmodSync(join(bin1, "plain"), 0o644);
  mkdirSync(join(bin1, "adir"));
  writeFileSync(join(bin2, "adir"), "#!/bin/sh\n");
  chmodSync(join(bin2, "adir"), 0o755);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function failure(command: string, path: string | undefined): CommandError {
  try {
    resolveCommand(command, path);
  } catch (err) {
    if (err instanceof CommandError) return err;
    throw err;
  }
  throw new Error(`resolveCommand(${command}) did not fail`);
}

describe("resolveCommand", () => {
  test("a relative program is searched in PATH, first match wins; argv keeps the written name", () => {
    expect(resolveCommand(`tool -x "a b"`, `${bin1}:${bin2}`)).toEqual({ filename: `${bin1}/tool`, argv: ["tool", "-x", "a b"] });
    expect(resolveCommand("tool", `${bin2}:${bin1}`).filename).toBe(`${bin2}/tool`);
  });

  test("a program containing / is used as is", () => {
    expect(resolveCommand(`${bin2}/tool a`, "/nonexistent")).toEqual({ filename: `${bin2}/tool`, argv: [`${bin2}/tool`, "a"] });
  });

  test("an empty PATH means /bin:/usr/bin:/usr/local/bin", () => {
    expect(DEFAULT_PATH).toEqual(["/bin", "/usr/bin", "/usr/local/bin"]);
    expect(resolveCommand("sh -c true", "").filename).toBe("/bin/sh");
    expect(resolveCommand("sh", undefined).filename).toBe("/bin/sh");
  });

  test("NO_FILE: can't find command", () => {
    const err = failure("nosuchcmd arg", bin1);
    expect(err.kind).toBe("NO_FILE");
    expect(err.message).toBe("can't find command 'nosuchcmd'");
    expect(failure(`${dir}/none`, bin1).message).toBe(`can't find command '${dir}/none'`);
  });

  test("NOT_EXECUTABLE: a directory (the first PATH entry that exists wins, as in supervisord)", () => {
    const err = failure("adir", `${bin1}:${bin2}`);
    expect(err.kind).toBe("NOT_EXECUTABLE");
    expect(err.message).toBe(`command at '${bin1}/adir' is a directory`);
  });

  test("NOT_EXECUTABLE: no execute bit", () => {
    const err = failure("plain", bin1);
    expect(err.kind).toBe("NOT_EXECUTABLE");
    expect(err.message).toBe(`command at '${bin1}/plain' is not executable`);
  });

  test("NOT_EXECUTABLE: unparsable or empty command", () => {
    expect(failure(`tool "unclosed`, bin1).message).toBe(`can't parse command 'tool "unclosed': No closing quotation`);
    expect(failure("   ", bin1).message).toBe("command is empty");
    expect(failure("   ", bin1).kind).toBe("NOT_EXECUTABLE");
  });

  test.skipIf(process.getuid?.() === 0)("NOT_EXECUTABLE: no permission (needs a non-root user: root may execute any x bit)", () => {
    const file = join(bin1, "rootonly");
    writeFileSync(file, "#!/bin/sh\n");
    // Only the group may execute it; its owner (the test user) may not.
    chmodSync(file, 0o010);
    const err = failure(file, bin1);
    expect(err.message).toBe(`no permission to run command '${file}'`);
  });
});
