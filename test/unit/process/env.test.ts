// Small pieces of the process layer: child environment, PATH choice, users, signal names and
// exit-status decoding.

import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildChildEnv, commandSearchPath, type ChildEnvInput } from "../../../src/process/environment.ts";
import { decodeExit } from "../../../src/process/exit-status.ts";
import { normaliseSignal, signalNumber, signame } from "../../../src/process/signals.ts";
import { lookupUser } from "../../../src/process/users.ts";

const base: ChildEnvInput = {
  daemonEnv: { PATH: "/daemon", HOME: "/root", GONE: undefined },
  serverEnvironment: { S: "server", SHARED: "server" },
  programEnvironment: { P: "prog", SHARED: "prog" },
  processName: "web_0",
  groupName: "web",
  serverUrl: "http://127.0.0.1:9001",
};

describe("child environment (CFG-PG-24)", () => {
  test("daemon env, SUPERVISOR_*, server environment, program environment", () => {
    expect(buildChildEnv(base)).toEqual({
      PATH: "/daemon",
      HOME: "/root",
      SUPERVISOR_ENABLED: "1",
      SUPERVISOR_SERVER_URL: "http://127.0.0.1:9001",
      SUPERVISOR_PROCESS_NAME: "web_0",
      SUPERVISOR_GROUP_NAME: "web",
      S: "server",
      P: "prog",
      SHARED: "prog",
    });
  });

  test("configured values override SUPERVISOR_* (supervisord applies them last)", () => {
    const env = buildChildEnv({ ...base, programEnvironment: { SUPERVISOR_PROCESS_NAME: "mine" } });
    expect(env.SUPERVISOR_PROCESS_NAME).toBe("mine");
  });

  test("no server URL: SUPERVISOR_SERVER_URL unset", () => {
    expect("SUPERVISOR_SERVER_URL" in buildChildEnv({ ...base, serverUrl: null })).toBe(false);
  });

  test("command PATH: program, then server environment, then daemon", () => {
    expect(commandSearchPath({ ...base, programEnvironment: { PATH: "/p" }, serverEnvironment: { PATH: "/s" } })).toBe("/p");
    expect(commandSearchPath({ ...base, serverEnvironment: { PATH: "/s" } })).toBe("/s");
    expect(commandSearchPath(base)).toBe("/daemon");
    expect(commandSearchPath({ ...base, daemonEnv: {} })).toBeUndefined();
  });
});

describe("lookupUser", () => {
  const dir = mkdtempSync(join(tmpdir(), "flotilla-users-"));
  const passwd = join(dir, "passwd");
  writeFileSync(passwd, "root:x:0:0:root:/root:/bin/bash\n# comment\nbad line\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("by name and by uid", () => {
    expect(lookupUser("nobody", passwd)).toEqual({ uid: 65534, gid: 65534, name: "nobody" });
    expect(lookupUser("0", passwd)).toEqual({ uid: 0, gid: 0, name: "root" });
  });

  test("unknown users give supervisord's texts", () => {
    expect(lookupUser("ghost", passwd)).toBe("Can't find username 'ghost'");
    expect(lookupUser("4242", passwd)).toBe("Can't find uid 4242");
  });
});

describe("signals and exit statuses", () => {
  test("names as Python's signal module gives them on Linux", () => {
    expect(signame(15)).toBe("SIGTERM");
    expect(signame(6)).toBe("SIGABRT");
    expect(signame(29)).toBe("SIGPOLL");
    expect(signame(40)).toBe("signal 40");
    expect(normaliseSignal("SIGIOT")).toBe("SIGABRT");
    expect(normaliseSignal(9)).toBe("SIGKILL");
  });

  test("signalNumber accepts TERM, SIGTERM, any case, and digits", () => {
    expect(signalNumber("TERM")).toBe(15);
    expect(signalNumber("sigusr2")).toBe(12);
    expect(signalNumber("9")).toBe(9);
    expect(signalNumber("NOPE")).toBeNull();
    expect(signalNumber("99")).toBeNull();
  });

  test("decode_wait_status equivalents", () => {
    expect(decodeExit(0, null)).toEqual({ status: 0, message: "exit status 0" });
    expect(decodeExit(127, null)).toEqual({ status: 127, message: "exit status 127" });
    expect(decodeExit(null, "SIGTERM")).toEqual({ status: -1, message: "terminated by SIGTERM" });
    expect(decodeExit(null, null).status).toBe(-1);
  });
});
