// The daemon's own life: clean shutdown leaves no child, a daemon killed with SIGKILL finds and
// stops what its previous life left running, SIGHUP reloads (and refuses an invalid file),
// SIGUSR2 reopens the logs.

import { afterEach, describe, expect, test } from "bun:test";
import { chmodSync, existsSync, rmSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cleanup, freePort, startDaemon, stopDaemon, tempDir, waitFor, writeConfig } from "./harness.ts";
import { XmlRpcTestClient } from "./rpc-client.ts";

afterEach(cleanup);

/** Pids of live processes whose environment contains `marker` (our test children and theirs). */
function pidsWith(marker: string): number[] {
  const out: number[] = [];
  for (const entry of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      const cmd = readFileSync(`/proc/${entry}/environ`, "utf8");
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      if (cmd.includes(marker) && stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z") out.push(Number(entry));
    } catch {
      // Gone while listing.
    }
  }
  return out;
}

async function node(body: string) {
  const dir = tempDir("life");
  const port = await freePort();
  const conf = writeConfig({ dir, port, body });
  const daemon = await startDaemon("flotilla", conf, dir, port);
  return { dir, port, conf, daemon, rpc: new XmlRpcTestClient(daemon.url) };
}

const marker = () => `flotilla-test-${Math.random().toString(36).slice(2, 10)}`;

describe("flotilla serve lifecycle", () => {
  test("SIGTERM stops every child, process groups included, and exits 0", async () => {
    const m = marker();
    const { daemon, rpc } = await node(`
[supervisord]
environment=TEST_MARK="${m}"
[program:a]
command=sh -c "sleep 100000 & exec sleep 100001"
startsecs=0
stopasgroup=true
[program:b]
command=sleep 100002
startsecs=0
[program:c]
command=sleep 100003
numprocs=3
process_name=c%(process_num)d
startsecs=0
`);
    await waitFor("5 running", async () => (await rpc.call("supervisor.getAllProcessInfo") as { statename: string }[]).filter((p) => p.statename === "RUNNING").length === 5);
    // a's shell, its background sleep, b and the three c copies.
    expect(pidsWith(m).length).toBe(6);
    expect(await stopDaemon(daemon)).toBe(0);
    expect(pidsWith(m)).toEqual([]);
    expect(existsSync(join(daemon.dir, "daemon.pid"))).toBe(false);
  });

  test("after SIGKILL of the daemon, the next start stops the old children before spawning: none twice", async () => {
    const m = marker();
    const { dir, port, conf, daemon, rpc } = await node(`
[program:solo]
command=sleep 100000
environment=TEST_MARK="${m}"
startsecs=0
`);
    await waitFor("solo running", async () => ((await rpc.call("supervisor.getProcessInfo", "solo")) as { statename: string }).statename === "RUNNING");
    const [oldPid] = pidsWith(m);
    expect(oldPid).toBeGreaterThan(0);
    daemon.child.kill("SIGKILL");
    await waitFor("daemon gone", () => daemon.child.signalCode === "SIGKILL");
    // The orphan outlives its daemon...
    expect(pidsWith(m)).toEqual([oldPid]);
    const second = await startDaemon("flotilla", conf, dir, port);
    const rpc2 = new XmlRpcTestClient(second.url);
    const info = await waitFor("solo running again", async () => {
      const p = (await rpc2.call("supervisor.getProcessInfo", "solo")) as { statename: string; pid: number };
      return p.statename === "RUNNING" ? p : undefined;
    });
    // ...and is stopped by the next life, which runs exactly one new copy.
    expect(info.pid).not.toBe(oldPid);
    await waitFor("only the new copy", () => JSON.stringify(pidsWith(m)) === JSON.stringify([info.pid]));
    expect(readFileSync(join(dir, "main.log"), "utf8")).toContain(`left running by a previous daemon`);
  });

  test("SIGHUP restarts with the edited file; an invalid file is refused and nothing stops", async () => {
    const { dir, conf, daemon, rpc } = await node(`
[program:first]
command=sleep 100000
startsecs=0
`);
    await waitFor("first running", async () => ((await rpc.call("supervisor.getProcessInfo", "first")) as { statename: string }).statename === "RUNNING");
    const before = (await rpc.call("supervisor.getProcessInfo", "first")) as { pid: number };

    writeFileSync(conf, readFileSync(conf, "utf8") + "\n[program:second]\nstartsecs=abc\ncommand=sleep 100000\n");
    daemon.child.kill("SIGHUP");
    await waitFor("refusal logged", () => readFileSync(join(dir, "main.log"), "utf8").includes("restart refused"));
    expect(readFileSync(join(dir, "main.log"), "utf8")).toMatch(/supervisord\.conf:\d+: \[program:second\] startsecs/);
    expect(((await rpc.call("supervisor.getProcessInfo", "first")) as { pid: number }).pid).toBe(before.pid);

    writeFileSync(conf, readFileSync(conf, "utf8").replace("startsecs=abc", "startsecs=0"));
    daemon.child.kill("SIGHUP");
    const second = await waitFor("second running after reload", async () => {
      const all = (await rpc.call("supervisor.getAllProcessInfo")) as { name: string; statename: string; pid: number }[];
      return all.length === 2 && all.every((p) => p.statename === "RUNNING") ? all : undefined;
    });
    expect(second.find((p) => p.name === "first")!.pid).not.toBe(before.pid);
  });

  test("SIGUSR2 reopens the activity log after an external rotation", async () => {
    const { dir, daemon, rpc } = await node(`
[program:x]
command=sleep 100000
startsecs=0
`);
    const log = join(dir, "main.log");
    await waitFor("x running", async () => ((await rpc.call("supervisor.getProcessInfo", "x")) as { statename: string }).statename === "RUNNING");
    renameSync(log, `${log}.old`);
    daemon.child.kill("SIGUSR2");
    await waitFor("new log file", () => existsSync(log) && readFileSync(log, "utf8").length > 0);
    await rpc.call("supervisor.stopProcess", "x");
    await waitFor("stop logged in the new file", () => readFileSync(log, "utf8").includes("stopped: x"));
  });

  test("an invalid configuration is refused at start with file, line, section and option", async () => {
    const dir = tempDir("bad");
    const port = await freePort();
    const conf = writeConfig({ dir, port, body: "[program:bad]\ncommand=true\nautorestart=sometimes\n" });
    const { run, FLOTILLA } = await import("./harness.ts");
    const out = run(FLOTILLA, ["serve", "-c", conf]);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(new RegExp(`${conf.replace(/[.]/g, "\\.")}:\\d+: \\[program:bad\\] autorestart`));
    const check = run(FLOTILLA, ["check", "-c", conf]);
    expect(check.code).toBe(2);
    expect(check.stderr).toBe(out.stderr.replace("For help, use flotilla serve -h\n", ""));
  });
});

describe("going to the background and running unprivileged", () => {
  test("without nodaemon, serve returns once the daemon is up; a second one is refused, the first untouched", async () => {
    const { FLOTILLA, run } = await import("./harness.ts");
    const dir = tempDir("bg");
    const port = await freePort();
    const conf = writeConfig({ dir, port, body: "[program:bg]\ncommand=sleep 100000\nstartsecs=0\n" });
    writeFileSync(conf, readFileSync(conf, "utf8").replace("nodaemon=true", "nodaemon=false"));
    const first = run(FLOTILLA, ["serve", "-c", conf]);
    expect(first).toMatchObject({ code: 0, stderr: "" });
    const daemonPid = Number(readFileSync(join(dir, "daemon.pid"), "utf8"));
    const rpc = new XmlRpcTestClient(`http://127.0.0.1:${port}`);
    try {
      expect(await rpc.call("supervisor.getPID")).toBe(daemonPid);
      const bg = await waitFor("bg running", async () => {
        const p = (await rpc.call("supervisor.getProcessInfo", "bg")) as { statename: string; pid: number };
        return p.statename === "RUNNING" ? p : undefined;
      });
      const second = run(FLOTILLA, ["serve", "-c", conf]);
      expect(second.code).toBe(1);
      expect(second.stderr).toContain("see ");
      expect(readFileSync(join(dir, "main.log"), "utf8")).toContain(`another flotilla (pid ${daemonPid}) runs with pidfile`);
      expect(((await rpc.call("supervisor.getProcessInfo", "bg")) as { pid: number }).pid).toBe(bg.pid);
    } finally {
      await rpc.call("supervisor.shutdown");
      await waitFor("daemon gone", () => !existsSync(join(dir, "daemon.pid")));
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test.skipIf(process.getuid?.() !== 0)("[supervisord] user=nobody: the daemon and its children run as nobody", async () => {
    const dir = tempDir("user");
    chmodSync(dir, 0o777);
    const port = await freePort();
    const conf = writeConfig({
      dir,
      port,
      extraSupervisord: "user=nobody",
      body: "[program:who]\ncommand=sh -c \"id -un; exec sleep 100000\"\nstartsecs=0\n",
    });
    const daemon = await startDaemon("flotilla", conf, dir, port);
    const status = readFileSync(`/proc/${daemon.child.pid}/status`, "utf8");
    expect(status).toMatch(/^Uid:\s+65534\s+65534/m);
    const rpc = new XmlRpcTestClient(daemon.url);
    await waitFor("who printed its user", async () => (await rpc.call("supervisor.readProcessStdoutLog", "who", 0, 0)) === "nobody\n");
    expect(readFileSync(join(dir, "main.log"), "utf8")).toContain("Set uid to user nobody succeeded");
  });
});
