// The real supervisorctl against flotilla and against Debian's supervisord on the same
// configuration: every command must print the same thing and exit with the same status.

import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import {
  cleanup,
  freePort, freePorts,
  missingClient,
  normalise,
  runAsync,
  sortedLines,
  startDaemon,
  stopDaemon,
  tempDir,
  waitFor,
  writeConfig,
  SUPERVISORCTL,
  SUPERVISORD,
  type DaemonHandle,
} from "./harness.ts";

// Each supervisorctl run is a Python start (~0.4 s of CPU): on a loaded machine one takes several
// seconds, and a test makes dozens. Bounded all the same, well beyond bun's 60 s.
setDefaultTimeout(240_000);
/** Deadline of the waits below: each of their checks is itself a supervisorctl run. */
const SETTLE_MS = 60_000;

const skipReason = missingClient(SUPERVISORD, SUPERVISORCTL);
if (skipReason) console.warn(`skipped supervisorctl compatibility tests: ${skipReason}`);

const PROGRAMS = (dir: string) => `
[program:sleeper]
command=sleep 100000
startsecs=0

[program:crash]
command=sh -c "echo boom; exit 3"
startretries=1
autorestart=false
; Far above how long it lives even on a loaded machine: supervisord notices exits on its own
; loop turns, and with startsecs=1 a slow turn made it EXITED instead of FATAL now and then.
startsecs=5

[program:web]
command=sleep 100000
numprocs=2
process_name=%(program_name)s_%(process_num)02d
startsecs=0
stdout_logfile=${dir}/web-%(process_num)d.log

[group:grp]
programs=web
priority=5

[program:manual]
command=sleep 100000
autostart=false
startsecs=0

[program:missing]
command=/nonexistent/program --flag
autostart=false

[program:notexec]
command=${dir}/supervisord.conf
autostart=false

[program:baddir]
command=sleep 100000
directory=/nonexistent-dir
autostart=false
startretries=0
startsecs=5

[program:echoer]
command=sh -c "echo out; echo err >&2; exec sleep 100000"
startsecs=0
`;

describe.skipIf(skipReason !== null)("supervisorctl output: flotilla vs supervisord", () => {
  let fl: DaemonHandle;
  let sd: DaemonHandle;

  beforeAll(async () => {
    const dirs = [tempDir("compat-fl"), tempDir("compat-sd")];
    const ports = await freePorts(2);
    const confs = dirs.map((dir, i) => writeConfig({ dir, port: ports[i], body: PROGRAMS(dir) }));
    [fl, sd] = await Promise.all([
      startDaemon("flotilla", confs[0], dirs[0], ports[0]),
      startDaemon("supervisord", confs[1], dirs[1], ports[1]),
    ]);
    for (const d of [fl, sd]) {
      await waitFor(`${d.kind} to settle`, async () => {
        const out = (await ctl(d, "status")).stdout;
        return /crash\s+FATAL/.test(out) && (out.match(/RUNNING/g) ?? []).length === 4;
      }, SETTLE_MS);
    }
  });

  afterAll(cleanup);

  /**
   * supervisorctl against one daemon, without blocking this process: its event loop keeps reading
   * the daemons' output meanwhile.
   */
  const ctl = (d: DaemonHandle, ...args: string[]) => runAsync(SUPERVISORCTL, ["-c", d.conf, ...args], 60_000);

  /** Runs the same supervisorctl command on both (at once) and compares (optionally order-free). */
  async function same(args: string[], opts: { sort?: boolean } = {}): Promise<string> {
    const [a, b] = await Promise.all([ctl(fl, ...args), ctl(sd, ...args)]);
    const shape = (s: string) => (opts.sort ? sortedLines(normalise(s)) : normalise(s));
    expect({ args, out: shape(a.stdout), code: a.code }).toEqual({ args, out: shape(b.stdout), code: b.code });
    return a.stdout;
  }

  /**
   * Waits until no process of either daemon is STARTING, BACKOFF or STOPPING. Retries run on each
   * daemon's own clock (crash's after 1 s, missing's after 1 + 2 + 3 s), so a `status` taken while
   * one is pending may catch one daemon before a transition and the other after it.
   */
  async function settled(): Promise<void> {
    for (const d of [fl, sd]) {
      await waitFor(`${d.kind} to have no process in a transient state`, async () => !/\s(STARTING|BACKOFF|STOPPING)\s/.test((await ctl(d, "status")).stdout), SETTLE_MS);
    }
  }

  test("status, all and by name, with unknown names", async () => {
    await same(["status"]);
    await same(["status", "sleeper", "grp:*", "nosuch"]);
    await same(["status", "nosuch:*"]);
  });

  test("start, stop and restart by name, group and all", async () => {
    await same(["stop", "sleeper"]);
    await same(["stop", "sleeper"]);
    await same(["start", "sleeper"]);
    await same(["start", "sleeper"]);
    await same(["restart", "sleeper"]);
    // Results of a group come in the order the processes finish: compare them as sets.
    await same(["stop", "grp:*"], { sort: true });
    await same(["start", "grp:*"], { sort: true });
    await same(["start", "nosuch"]);
    await same(["start", "nosuch:*"]);
    await same(["stop", "manual"]);
    await same(["start", "manual"]);
    await same(["stop", "all"], { sort: true });
    await same(["start", "all"], { sort: true });
    // start all also started crash, missing, notexec and baddir again: they retry, then go FATAL.
    await settled();
    await same(["status"]);
  });

  test("spawn errors: missing command, not executable, bad directory", async () => {
    await same(["start", "missing"]);
    await same(["start", "notexec"]);
    await same(["start", "baddir"]);
    // missing and notexec retry for 1 + 2 + 3 s before FATAL, baddir gives up at once: compare
    // them once every retry is over, not at whichever step each daemon's clock has reached.
    await settled();
    await same(["status", "missing", "notexec", "baddir"]);
  });

  test("signal and pid", async () => {
    await same(["signal", "USR1", "manual"]);
    await same(["signal", "FOO", "sleeper"]);
    await same(["signal", "HUP", "nosuch"]);
    await same(["pid", "sleeper"]);
    await same(["pid", "nosuch"]);
    await same(["pid", "all"]);
    // The daemon's own pid: one number either way.
    expect((await ctl(fl, "pid")).stdout.trim()).toBe(String(fl.child.pid));
  });

  test("avail and version", async () => {
    await same(["avail"]);
    await same(["version"]);
  });

  test("tail of stdout and stderr, clear", async () => {
    for (const d of [fl, sd]) await waitFor(`${d.kind} echoer output`, async () => (await ctl(d, "tail", "echoer", "stderr")).stdout.includes("err"), SETTLE_MS);
    await same(["tail", "echoer"]);
    await same(["tail", "echoer", "stderr"]);
    await same(["tail", "-2", "echoer"]);
    await same(["tail", "nosuch"]);
    await same(["tail", "crash"]);
    await same(["clear", "echoer"]);
    await same(["tail", "echoer"]);
    await same(["clear", "all"], { sort: true });
    await same(["clear", "nosuch"]);
  });

  test("maintail returns the activity log", async () => {
    const out = await ctl(fl, "maintail");
    expect(out.code).toBe(0);
    expect(out.stdout).toContain("spawned: 'sleeper'");
    // supervisorctl prints the last 50 bytes and a newline of its own.
    const last = await ctl(fl, "maintail", "-50");
    expect(last.stdout.length).toBe(51);
  });

  test("reread, update, add and remove follow the edited file", async () => {
    await same(["reread"]);
    for (const d of [fl, sd]) {
      let conf = readFileSync(d.conf, "utf8");
      conf = conf.replace("[program:crash]\ncommand=sh -c \"echo boom; exit 3\"", "[program:crash]\ncommand=sh -c \"echo bang; exit 4\"");
      conf = conf.replace(/\[program:manual\][^[]*/, "");
      writeFileSync(d.conf, conf);
      appendFileSync(d.conf, "\n[program:added]\ncommand=sleep 100000\nstartsecs=0\n");
    }
    await same(["reread"]);
    await same(["avail"]);
    await same(["update"], { sort: true });
    for (const d of [fl, sd]) await waitFor(`${d.kind} crash FATAL again`, async () => /crash\s+FATAL/.test((await ctl(d, "status")).stdout), SETTLE_MS);
    // added was started by the update too: RUNNING on both before the tables are compared.
    await settled();
    await same(["status"]);
    await same(["remove", "grp"]);
    await same(["stop", "grp:*"], { sort: true });
    await same(["remove", "grp"]);
    await same(["add", "grp"]);
    await same(["add", "grp"]);
    await same(["add", "nosuch"]);
    await same(["reread"]);
  });

  test("shutdown ends both daemons with status 0", async () => {
    await same(["shutdown"]);
    const codes = await Promise.all([stopDaemon(fl), stopDaemon(sd)]);
    expect(codes).toEqual([0, 0]);
  });
});
