// The binary's output through a pipe arrives whole: Bun keeps at most 64 KiB of what is still
// queued when a process exits, so a command that exits right after writing a long report (here
// `flotilla check` of 800 programs, ~370 KB) would be cut short without the flush in main.ts.

import { afterAll, expect, test } from "bun:test";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { FLOTILLA, requireBinary, run, tempDir } from "./harness.ts";

const dir = tempDir("cli-output");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("a long report through a pipe is complete", () => {
  requireBinary();
  const programs = Array.from({ length: 800 }, (_, i) => `[program:p${i + 1}]\ncommand=sleep 1000\n`).join("");
  const conf = join(dir, "supervisord.conf");
  writeFileSync(conf, `[supervisord]\nlogfile=${dir}/s.log\npidfile=${dir}/s.pid\n${programs}`);
  const result = run(FLOTILLA, ["check", "-c", conf]);
  expect(result.code).toBe(0);
  expect(result.stdout.length).toBeGreaterThan(300_000);
  expect(result.stdout).toContain("    p800  (program p800, priority 999)");
  expect(result.stdout).toEndWith("Warnings: none\n");
});
