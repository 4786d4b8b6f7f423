// OsSpawner with real `sh -c` children: environment, directory, umask, pipes, stdin, sessions,
// group kills, exit codes vs signals, and user switching (root only).

import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OsSpawner, SpawnError, type SpawnRequest, type SpawnedChild } from "../../src/process/spawner.ts";
import { isDead, procGroupAndSession, waitFor } from "./wait.ts";

const tmp = mkdtempSync(join(tmpdir(), "flotilla-spawn-"));
const spawned: number[] = [];
afterAll(() => {
  // Leave nothing behind even when a test failed half-way.
  for (const pid of spawned) {
    try {
      process.kill(-pid, 9);
    } catch {
      // Already gone.
    }
  }
  rmSync(tmp, { recursive: true, force: true });
});

interface Run {
  child: SpawnedChild;
  stdout: () => string;
  stderr: () => string;
  exit: () => { code: number | null; signal: string | null } | null;
}

function run(script: string, over: Partial<SpawnRequest> = {}, spawner = new OsSpawner()): Run {
  let out = "";
  let err = "";
  let exit: { code: number | null; signal: string | null } | null = null;
  const decoder = new TextDecoder();
  const child = spawner.spawn({
    filename: "/bin/sh",
    argv: ["sh", "-c", script],
    env: { PATH: "/usr/bin:/bin" },
    cwd: null,
    umask: null,
    user: null,
    redirectStderr: false,
    onStdout: (c) => (out += decoder.decode(c)),
    onStderr: (c) => (err += decoder.decode(c)),
    onExit: (code, signal) => (exit = { code, signal }),
    ...over,
  });
  spawned.push(child.pid);
  return { child, stdout: () => out, stderr: () => err, exit: () => exit };
}

async function finished(r: Run): Promise<{ code: number | null; signal: string | null }> {
  return waitFor("child exit", r.exit);
}

describe("OsSpawner", () => {
  test("the environment is exactly the one given", async () => {
    const r = run(`echo "FOO=$FOO HOME=\${HOME-unset}"`, { env: { PATH: "/usr/bin:/bin", FOO: "bar baz" } });
    expect(await finished(r)).toEqual({ code: 0, signal: null });
    expect(r.stdout()).toBe("FOO=bar baz HOME=unset\n");
  });

  test("cwd is applied; a missing or non-directory cwd is a SpawnError worded as supervisord's child", async () => {
    const dir = realpathSync(tmp);
    const r = run("pwd", { cwd: dir });
    await finished(r);
    expect(r.stdout()).toBe(`${dir}\n`);

    const missing = join(tmp, "missing");
    expect(() => run("true", { cwd: missing })).toThrow(new SpawnError(`couldn't chdir to ${missing}: ENOENT`, true));
    const file = join(tmp, "file");
    writeFileSync(file, "");
    try {
      run("true", { cwd: file });
      throw new Error("spawned with a file as cwd");
    } catch (err) {
      expect(err).toBeInstanceOf(SpawnError);
      expect((err as SpawnError).message).toBe(`couldn't chdir to ${file}: ENOTDIR`);
      expect((err as SpawnError).inChild).toBe(true);
    }
  });

  test("an unexecutable file is a SpawnError 'couldn't exec'", () => {
    const file = join(tmp, "noexec");
    writeFileSync(file, "data");
    expect(() => run("", { filename: file, argv: ["noexec"] })).toThrow("couldn't exec noexec: EACCES");
  });

  test("umask is applied to the child and the daemon's is restored", async () => {
    const before = process.umask();
    const r = run("umask", { umask: 0o027 });
    expect(process.umask()).toBe(before);
    await finished(r);
    expect(r.stdout()).toBe("0027\n");
  });

  test("stdout and stderr are separate; redirect_stderr merges them into stdout", async () => {
    const sep = run("echo out; echo err >&2");
    await finished(sep);
    expect(sep.stdout()).toBe("out\n");
    expect(sep.stderr()).toBe("err\n");

    const merged = run("echo out; echo err >&2", { redirectStderr: true });
    await finished(merged);
    expect(merged.stdout().split("\n").sort()).toEqual(["", "err", "out"]);
    expect(merged.stderr()).toBe("");
  });

  test("output is delivered before the exit is reported", async () => {
    const r = run("i=0; while [ $i -lt 200 ]; do echo line$i; i=$((i+1)); done");
    await finished(r);
    expect(r.stdout().split("\n").length).toBe(201);
  });

  test("stdin writes reach the child; closing stdin gives it EOF; writes after exit report false", async () => {
    const r = run(`read a; echo "got $a"; cat; echo "eof"`);
    expect(r.child.writeStdin("hello\n")).toBe(true);
    await waitFor("echo of stdin", () => r.stdout().includes("got hello"));
    expect(r.child.writeStdin(new TextEncoder().encode("bytes\n"))).toBe(true);
    await waitFor("cat output", () => r.stdout().includes("bytes"));
    r.child.closeStdin();
    expect(await finished(r)).toEqual({ code: 0, signal: null });
    expect(r.stdout()).toBe("got hello\nbytes\neof\n");
    expect(r.child.writeStdin("late\n")).toBe(false);
  });

  test("the child leads its own session and process group, and argv[0] is as written", async () => {
    const r = run("read x");
    // Until the exec completes /proc shows the forked daemon; wait for the program itself.
    await waitFor("exec of sh", () => readFileSync(`/proc/${r.child.pid}/cmdline`, "utf8").startsWith("sh\0"));
    const { pgrp, session } = procGroupAndSession(r.child.pid);
    expect(pgrp).toBe(r.child.pid);
    expect(session).toBe(r.child.pid);
    r.child.closeStdin();
    await finished(r);
  });

  test("exit code vs signal", async () => {
    expect(await finished(run("exit 3"))).toEqual({ code: 3, signal: null });
    expect(await finished(run("kill -TERM $$"))).toEqual({ code: null, signal: "SIGTERM" });
    expect(await finished(run("kill -ABRT $$"))).toEqual({ code: null, signal: "SIGABRT" });
  });

  test("kill of the pid spares grandchildren; kill of the group reaches them", async () => {
    const spawner = new OsSpawner();
    const lone = run("sleep 60 & echo $!; wait", {}, spawner);
    const loneGrandchild = Number(await waitFor("grandchild pid", () => lone.stdout().trim()));
    spawner.kill(lone.child.pid, 15, false);
    await finished(lone);
    expect(isDead(loneGrandchild)).toBe(false);
    process.kill(loneGrandchild, 9);

    const grouped = run("sleep 60 & echo $!; wait", {}, spawner);
    const grandchild = Number(await waitFor("grandchild pid", () => grouped.stdout().trim()));
    spawner.kill(grouped.child.pid, 15, true);
    expect(await finished(grouped)).toEqual({ code: null, signal: "SIGTERM" });
    await waitFor("grandchild death", () => isDead(grandchild));
  });

  test("the exit is reported even when a grandchild keeps the pipes open", async () => {
    const spawner = new OsSpawner({ drainGraceMs: 50 });
    const r = run("sleep 60 & echo started", {}, spawner);
    expect(await finished(r)).toEqual({ code: 0, signal: null });
    expect(r.stdout()).toBe("started\n");
    process.kill(-r.child.pid, 9);
  });

  test("kill of a vanished process throws ESRCH", async () => {
    const r = run("exit 0");
    await finished(r);
    const spawner = new OsSpawner();
    expect(() => spawner.kill(r.child.pid, 15, false)).toThrow(expect.objectContaining({ code: "ESRCH" }));
  });

  const isRoot = process.getuid?.() === 0;
  test.skipIf(!isRoot)("user switching to nobody (root only): uid, gid and its groups, not root's", async () => {
    const r = run("id -u; id -g; id -G", { user: { uid: 65534, gid: 65534, name: "nobody" } });
    expect(await finished(r)).toEqual({ code: 0, signal: null });
    expect(r.stdout()).toBe("65534\n65534\n65534\n");
  });

  const member = isRoot ? (userWithSupplementaryGroup() ?? createUserWithSupplementaryGroup()) : null;
  test.skipIf(member === null)(
    "user switching keeps the user's supplementary groups (root only, needs a user listed in /etc/group)",
    async () => {
      if (member === null) return;
      const r = run("id -G", { user: { uid: member.uid, gid: member.gid, name: member.name } });
      expect(await finished(r)).toEqual({ code: 0, signal: null });
      const groups = r.stdout().trim().split(" ").map(Number).sort((a, b) => a - b);
      expect(groups).toEqual(member.groups);
    },
  );

  test.skipIf(isRoot)("a non-root daemon cannot switch user, except to itself (needs non-root)", async () => {
    expect(() => run("true", { user: { uid: 0, gid: 0, name: "root" } })).toThrow(
      "couldn't setuid to 0: Can't drop privilege as nonroot user",
    );
    const self = process.getuid?.() ?? -1;
    const r = run("id -u", { user: { uid: self, gid: self, name: "me" } });
    await finished(r);
    expect(r.stdout()).toBe(`${self}\n`);
  });
});

/**
 * A fresh machine may have no user with a supplementary group: as root, make one (idempotent), so
 * the test runs everywhere it can rather than skipping.
 */
function createUserWithSupplementaryGroup(): ReturnType<typeof userWithSupplementaryGroup> {
  const name = "flotillatest";
  spawnSync("groupadd", ["-f", `${name}-extra`]);
  spawnSync("useradd", ["-M", "-N", "-s", "/usr/sbin/nologin", "-G", `${name}-extra`, name]);
  return userWithSupplementaryGroup();
}

/** The first passwd user that /etc/group lists as a member of some group, with its expected groups. */
function userWithSupplementaryGroup(): { uid: number; gid: number; name: string; groups: number[] } | null {
  const groups = readFileSync("/etc/group", "utf8").split("\n").filter(Boolean).map((l) => l.split(":"));
  const users = readFileSync("/etc/passwd", "utf8").split("\n").filter(Boolean).map((l) => l.split(":"));
  for (const [name, , uid, gid] of users) {
    const extra = groups.filter((g) => (g[3] ?? "").split(",").includes(name)).map((g) => Number(g[2]));
    if (extra.length === 0 || Number(uid) === 0) continue;
    const all = [...new Set([Number(gid), ...extra])].sort((a, b) => a - b);
    return { uid: Number(uid), gid: Number(gid), name, groups: all };
  }
  return null;
}
