// Shared fixtures for the config tests: a temp directory with files, a passwd/group pair, and
// loadConfig with a fixed environment and host name so results do not depend on the machine.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { loadConfig } from "../../../src/config/load.ts";
import { ConfigError, type SupervisordConfig } from "../../../src/config/model.ts";

export const TEST_ENV: Record<string, string> = { HOME: "/home/alice", FOO: "bar", TMPDIR: "/tmp" };

export const PASSWD = [
  "root:x:0:0:root:/root:/bin/bash",
  "alice:x:1000:1001:Alice:/home/alice:/bin/sh",
  "# a comment",
  "broken-line",
  "bob:x:1002:1002::/srv/bob:/usr/sbin/nologin",
].join("\n");

export const GROUP = ["root:x:0:", "alice:x:1001:", "staff:x:50:alice,bob"].join("\n");

export class TempDir {
  readonly path: string;
  constructor() {
    this.path = mkdtempSync(join(tmpdir(), "flotilla-config-"));
    this.write("passwd", PASSWD);
    this.write("group", GROUP);
  }
  /** Writes `text` at `rel` (directories created) and returns the absolute path. */
  write(rel: string, text: string): string {
    const p = join(this.path, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
    return p;
  }
  mkdir(rel: string): string {
    const p = join(this.path, rel);
    mkdirSync(p, { recursive: true });
    return p;
  }
  remove(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}

/** Loads `text` written as `name` in `dir` with the fixed test environment. */
export function load(dir: TempDir, text: string, name = "supervisord.conf", env = TEST_ENV): SupervisordConfig {
  const file = dir.write(name, text);
  return loadConfig(file, {
    env,
    hostNodeName: "node1",
    cwd: dir.path,
    passwdFile: join(dir.path, "passwd"),
    groupFile: join(dir.path, "group"),
  });
}

/** The ConfigError message `load` throws; fails the test if it does not throw one. */
export function loadError(dir: TempDir, text: string, name = "supervisord.conf"): string {
  try {
    load(dir, text, name);
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  throw new Error("expected a ConfigError, but the config loaded");
}

/** `[supervisord]` with log and pid files inside `dir`, so nothing is written elsewhere. */
export function header(dir: TempDir): string {
  return `[supervisord]\nlogfile=${dir.path}/sd.log\npidfile=${dir.path}/sd.pid\n`;
}
