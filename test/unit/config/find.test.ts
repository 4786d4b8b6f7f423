// Default config search order (CFG-GEN-01).
import { afterAll, expect, test } from "bun:test";
import { join } from "node:path";
import { defaultConfigCandidates, findDefaultConfig } from "../../../src/config/find.ts";
import { TempDir } from "./helpers.ts";

const dir = new TempDir();
afterAll(() => dir.remove());

test("candidates in supervisord's order", () => {
  expect(defaultConfigCandidates({ cwd: "/w", execDir: "/opt/app/bin" })).toEqual([
    "/opt/app/etc/supervisord.conf",
    "/opt/app/supervisord.conf",
    "/w/supervisord.conf",
    "/w/etc/supervisord.conf",
    "/etc/supervisord.conf",
    "/etc/supervisor/supervisord.conf",
  ]);
});

test("the first existing one wins", () => {
  const cwd = dir.mkdir("work");
  const execDir = dir.mkdir("app/bin");
  dir.write("work/etc/supervisord.conf", "");
  expect(findDefaultConfig({ cwd, execDir })).toBe(join(cwd, "etc/supervisord.conf"));
  dir.write("work/supervisord.conf", "");
  expect(findDefaultConfig({ cwd, execDir })).toBe(join(cwd, "supervisord.conf"));
  dir.write("app/supervisord.conf", "");
  expect(findDefaultConfig({ cwd, execDir })).toBe(join(dir.path, "app/supervisord.conf"));
  dir.write("app/etc/supervisord.conf", "");
  expect(findDefaultConfig({ cwd, execDir })).toBe(join(dir.path, "app/etc/supervisord.conf"));
});
