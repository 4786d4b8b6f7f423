// The real supervisorctl against flotilla and against Debian's supervisord on the same
// configuration: every command must print the same thing and exit with the same status.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import {
  cleanup,
  ctl,
  freePort, freePorts,
  missingClient,
  normalise,
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
      await waitFor(`${d.kind} to settle`, () => {
        const out = ctl(d, "status").stdout;
        return /crash\s+FATAL/.test(out) && (out.match(/RUNNING/g) ?? []).length === 4;
      });
    }
  });

  afterAll(cleanup);

  /** Runs the same supervisorctl command on both and compares (optionally order-free). */
  function same(args: string[], opts: { sort?: boolean } = {}): string {
    const [a, b] = [ctl(fl, ...args), ctl(sd, ...args)];
    const shape = (s: string) => (opts.sort ? sortedLines(normalise(s)) : normalise(s));
    expect({ args, out: shape(a.stdout), code: a.code }).toEqual({ args, out: shape(b.stdout), code: b.code });
    return a.stdout;
  }

  test("status, all and by name, with unknown names", () => {
    same(["status"]);
    same(["status", "sleeper", "grp:*", "nosuch"]);
    same(["status", "nosuch:*"]);
  });

  test("start, stop and restart by name, group and all", () => {
    same(["stop", "sleeper"]);
    same(["stop", "sleeper"]);
    same(["start", "sleeper"]);
    same(["start", "sleeper"]);
    same(["restart", "sleeper"]);
    // Results of a group come in the order the processes finish: compare them as sets.
    same(["stop", "grp:*"], { sort: true });
    same(["start", "grp:*"], { sort: true });
    same(["start", "nosuch"]);
    same(["start", "nosuch:*"]);
    same(["stop", "manual"]);
    same(["start", "manual"]);
    same(["stop", "all"], { sort: true });
    same(["start", "all"], { sort: true });
    same(["status"]);
  });

  test("spawn errors: missing command, not executable, bad directory", async () => {
    same(["start", "missing"]);
    same(["start", "notexec"]);
    same(["start", "baddir"]);
    for (const d of [fl, sd]) await waitFor(`${d.kind} baddir FATAL`, () => /baddir\s+FATAL/.test(ctl(d, "status", "baddir").stdout));
    same(["status", "missing", "notexec"]);
  });

  test("signal and pid", () => {
    same(["signal", "USR1", "manual"]);
    same(["signal", "FOO", "sleeper"]);
    same(["signal", "HUP", "nosuch"]);
    same(["pid", "sleeper"]);
    same(["pid", "nosuch"]);
    same(["pid", "all"]);
    // The daemon's own pid: one number either way.
    expect(ctl(fl, "pid").stdout.trim()).toBe(String(fl.child.pid));
  });

  test("avail and version", () => {
    same(["avail"]);
    same(["version"]);
  });

  test("tail of stdout and stderr, clear", async () => {
    for (const d of [fl, sd]) await waitFor(`${d.kind} echoer output`, () => ctl(d, "tail", "echoer", "stderr").stdout.includes("err"));
    same(["tail", "echoer"]);
    same(["tail", "echoer", "stderr"]);
    same(["tail", "-2", "echoer"]);
    same(["tail", "nosuch"]);
    same(["tail", "crash"]);
    same(["clear", "echoer"]);
    same(["tail", "echoer"]);
    same(["clear", "all"], { sort: true });
    same(["clear", "nosuch"]);
  });

  test("maintail returns the activity log", () => {
    const out = ctl(fl, "maintail");
    expect(out.code).toBe(0);
    expect(out.stdout).toContain("spawned: 'sleeper'");
    // supervisorctl prints the last 50 bytes and a newline of its own.
    const last = ctl(fl, "maintail", "-50");
    expect(last.stdout.length).toBe(51);
  });

  test("reread, update, add and remove follow the edited file", async () => {
    same(["reread"]);
    for (const d of [fl, sd]) {
      let conf = readFileSync(d.conf, "utf8");
      conf = conf.replace("[program:crash]\ncommand=sh -c \"echo boom; exit 3\"", "[program:crash]\ncommand=sh -c \"echo bang; exit 4\"");
      conf = conf.replace(/\[program:manual\][^[]*/, "");
      writeFileSync(d.conf, conf);
      appendFileSync(d.conf, "\n[program:added]\ncommand=sleep 100000\nstartsecs=0\n");
    }
    same(["reread"]);
    same(["avail"]);
    same(["update"], { sort: true });
    for (const d of [fl, sd]) await waitFor(`${d.kind} crash FATAL again`, () => /crash\s+FATAL/.test(ctl(d, "status").stdout));
    same(["status"]);
    same(["remove", "grp"]);
    same(["stop", "grp:*"], { sort: true });
    same(["remove", "grp"]);
    same(["add", "grp"]);
    same(["add", "grp"]);
    same(["add", "nosuch"]);
    same(["reread"]);
  });

  test("shutdown ends both daemons with status 0", async () => {
    same(["shutdown"]);
    const codes = await Promise.all([stopDaemon(fl), stopDaemon(sd)]);
    expect(codes).toEqual([0, 0]);
  });
});
