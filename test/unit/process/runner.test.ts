// ProcessRunner with an in-memory spawner and a virtual clock: effects carried out, timers at
// deadlines (one per process), spawn failures, output routing, stdin and notifications.

import { describe, expect, test } from "bun:test";
import type { ProcessConfig } from "../../../src/config/model.ts";
import { ProcessRunner, type RunnerOptions, type TransitionEvent } from "../../../src/process/runner.ts";
import { SpawnError } from "../../../src/process/spawner.ts";
import { ProcessStates as P, SupervisorStates } from "../../../src/process/states.ts";
import { FakeClock, FakeSpawner, processConfig, TextSink } from "./fakes.ts";

function setup(over: Partial<ProcessConfig> = {}, opts: Partial<RunnerOptions> = {}) {
  const clock = new FakeClock();
  const spawner = new FakeSpawner();
  const logs: string[] = [];
  const stdout = new TextSink();
  const stderr = new TextSink();
  const events: TransitionEvent[] = [];
  const runner = new ProcessRunner({
    config: processConfig({ autostart: false, ...over }),
    groupName: "grp",
    spawner,
    clock,
    log: (level, message) => logs.push(`${level} ${message}`),
    stdout,
    stderr,
    daemonEnv: { PATH: "/usr/bin:/bin", HOME: "/root" },
    serverEnvironment: { FROM_SERVER: "1" },
    serverUrl: "unix:///tmp/x.sock",
    ...opts,
  });
  runner.onTransition((e) => events.push(e));
  const states = () => events.map((e) => [e.from, e.to]);
  return { clock, spawner, logs, stdout, stderr, events, runner, states };
}

describe("ProcessRunner", () => {
  test("start spawns the resolved command with the built environment; RUNNING by timer", () => {
    const t = setup({ command: "sh -c 'echo hi'", directory: "/tmp", umask: 0o27, environment: { A: "b" } });
    t.runner.start();
    const req = t.spawner.last.req;
    expect(req.filename).toBe("/usr/bin/sh");
    expect(req.argv).toEqual(["sh", "-c", "echo hi"]);
    expect(req.cwd).toBe("/tmp");
    expect(req.umask).toBe(0o27);
    expect(req.user).toBeNull();
    expect(req.env).toEqual({
      PATH: "/usr/bin:/bin",
      HOME: "/root",
      SUPERVISOR_ENABLED: "1",
      SUPERVISOR_SERVER_URL: "unix:///tmp/x.sock",
      SUPERVISOR_PROCESS_NAME: "x",
      SUPERVISOR_GROUP_NAME: "grp",
      FROM_SERVER: "1",
      A: "b",
    });
    expect(t.runner.state).toBe(P.STARTING);
    expect(t.runner.info.pid).toBe(t.spawner.last.pid);
    expect(t.logs).toEqual([`info spawned: 'x' with pid ${t.spawner.last.pid}`]);
    expect(t.clock.pendingTimers).toBe(1);
    t.clock.advance(1000);
    expect(t.runner.state).toBe(P.STARTING);
    t.clock.advance(1);
    expect(t.runner.state).toBe(P.RUNNING);
    expect(t.clock.pendingTimers).toBe(0);
  });

  test("an explicit serverurl is passed as is", () => {
    const t = setup({ serverurl: "http://127.0.0.1:9999" });
    t.runner.start();
    expect(t.spawner.last.req.env.SUPERVISOR_SERVER_URL).toBe("http://127.0.0.1:9999");
  });

  test("startsecs=0: RUNNING before start() returns", () => {
    const t = setup({ startsecs: 0 });
    t.runner.start();
    expect(t.runner.state).toBe(P.RUNNING);
    expect(t.states()).toEqual([[P.STOPPED, P.STARTING], [P.STARTING, P.RUNNING]]);
  });

  test("autostart at the first tick", () => {
    const t = setup({ autostart: true });
    expect(t.spawner.children.length).toBe(0);
    t.runner.tick();
    expect(t.spawner.children.length).toBe(1);
  });

  test("command not found: BACKOFF retries by timer, then FATAL, never calling the spawner", () => {
    const t = setup({ command: "no-such-command-xyz", startretries: 2 });
    t.runner.start();
    expect(t.runner.state).toBe(P.BACKOFF);
    expect(t.runner.info.spawnerr).toBe("can't find command 'no-such-command-xyz'");
    expect(t.logs[0]).toBe("info spawnerr: can't find command 'no-such-command-xyz'");
    t.clock.advance(1001);
    expect(t.runner.info.backoff).toBe(2);
    t.clock.advance(2001);
    expect(t.runner.state).toBe(P.FATAL);
    expect(t.spawner.children.length).toBe(0);
    expect(t.logs.at(-1)).toBe("info gave up: x entered FATAL state, too many start retries too quickly");
    expect(t.clock.pendingTimers).toBe(0);
  });

  // supervisord forks, and the child reports its setup failure on stderr and exits 127: the
  // process "exited too quickly". The runner starts a real short-lived child to the same effect.
  const SETUP_FAILURE = (message: string) => `supervisor: ${message}\nsupervisor: child process was not spawned\n`;

  test("a failure in the child's setup (chdir) runs a child that reports it and exits 127", () => {
    const t = setup({ startretries: 0 });
    t.spawner.failNext = new SpawnError("couldn't chdir to /nope: ENOENT", true);
    t.runner.start();
    const failing = t.spawner.last;
    expect(failing.req.filename).toBe("/bin/sh");
    expect(failing.req.argv.at(-1)).toBe(SETUP_FAILURE("couldn't chdir to /nope: ENOENT"));
    expect(failing.req.cwd).toBeNull();
    expect(t.runner.state).toBe(P.STARTING);
    failing.exit(127);
    expect(t.runner.state).toBe(P.FATAL);
    expect(t.runner.info.spawnerr).toBe("Exited too quickly (process log may have details)");
  });

  test("with redirect_stderr the child's setup failure goes to stdout", () => {
    const t = setup({ redirectStderr: true });
    t.spawner.failNext = new SpawnError("couldn't exec x: EACCES", true);
    t.runner.start();
    expect(t.spawner.last.req.redirectStderr).toBe(true);
    expect(t.spawner.last.req.argv.at(-1)).toBe(SETUP_FAILURE("couldn't exec x: EACCES"));
  });

  test("user= is resolved and passed to the spawner; an unknown user fails in the child", () => {
    const ok = setup({ user: "nobody" }, { resolveUser: () => ({ uid: 65534, gid: 65534, name: "nobody" }) });
    ok.runner.start();
    expect(ok.spawner.last.req.user).toEqual({ uid: 65534, gid: 65534, name: "nobody" });

    const bad = setup({ user: "ghost" }, { resolveUser: () => "Can't find username 'ghost'" });
    bad.runner.start();
    expect(bad.spawner.children.length).toBe(1);
    expect(bad.spawner.last.req.user).toBeNull();
    expect(bad.spawner.last.req.argv.at(-1)).toBe(SETUP_FAILURE("couldn't setuid to ghost: Can't find username 'ghost'"));
  });

  test("exit from RUNNING with autorestart restarts at once", () => {
    const t = setup({ autorestart: "true" });
    t.runner.start();
    t.clock.advance(1001);
    const first = t.spawner.last;
    first.exit(0);
    expect(t.spawner.children.length).toBe(2);
    expect(t.runner.state).toBe(P.STARTING);
    expect(t.states().slice(-2)).toEqual([[P.RUNNING, P.EXITED], [P.EXITED, P.STARTING]]);
    const exited = t.events.find((e) => e.to === P.EXITED);
    expect(exited?.pid).toBe(first.pid);
    expect(exited?.expected).toBe(true);
    expect(exited?.info.exitstatus).toBe(0); // info is taken before the queued restart
  });

  test("stop: stopsignal, SIGKILL after stopwaitsecs by timer, STOPPED on exit; one timer at a time", () => {
    const t = setup({ stopwaitsecs: 3, stopsignal: 2, stopasgroup: true, killasgroup: true });
    t.runner.start();
    t.clock.advance(1001);
    const pid = t.spawner.last.pid;
    t.runner.stop();
    expect(t.spawner.kills).toEqual([{ pid, signal: 2, group: true }]);
    expect(t.clock.pendingTimers).toBe(1);
    t.clock.advance(3000);
    expect(t.spawner.kills.at(-1)).toEqual({ pid, signal: 9, group: true });
    expect(t.clock.pendingTimers).toBe(1);
    t.spawner.last.exit(null, "SIGKILL");
    expect(t.runner.state).toBe(P.STOPPED);
    expect(t.clock.pendingTimers).toBe(0);
    expect(t.logs).toContain("warn stopped: x (terminated by SIGKILL)");
  });

  test("a kill meeting ESRCH is logged and the exit awaited; another error makes the state UNKNOWN", () => {
    const gone = setup();
    gone.runner.start();
    const pid = gone.spawner.last.pid;
    gone.spawner.killError = "ESRCH";
    gone.runner.stop();
    expect(gone.runner.state).toBe(P.STOPPING);
    expect(gone.logs.at(-1)).toBe(`debug unable to signal x (pid ${pid}), it probably just exited on its own: [Errno 3] No such process`);

    const denied = setup();
    denied.runner.start();
    denied.spawner.killError = "EPERM";
    denied.runner.stop();
    expect(denied.runner.state).toBe(P.UNKNOWN);
    expect(denied.logs.at(-1)).toStartWith("critical unknown problem killing x (");
  });

  test("output goes to the sinks; output of a finished child is dropped", () => {
    const t = setup({ autorestart: "false" });
    t.runner.start();
    const child = t.spawner.last;
    child.stdout("out1\n");
    child.stderr("err1\n");
    expect(t.stdout.text).toBe("out1\n");
    expect(t.stderr.text).toBe("err1\n");
    child.exit(0);
    child.stdout("late\n");
    expect(t.stdout.text).toBe("out1\n");
  });

  test("a sink that throws loses that chunk only, with an error line; the next chunks arrive", () => {
    const stdout = new TextSink();
    let failures = 1;
    const flaky = {
      write(chunk: Uint8Array): void {
        if (failures-- > 0) throw new Error("disk full");
        stdout.write(chunk);
      },
    };
    const t = setup({}, { stdout: flaky });
    t.runner.start();
    expect(() => t.spawner.last.stdout("lost\n")).not.toThrow();
    t.spawner.last.stdout("kept\n");
    expect(stdout.text).toBe("kept\n");
    expect(t.logs).toContain("error output of x lost: disk full");
  });

  test("redirect_stderr: stderr reaches the stdout sink", () => {
    const t = setup({ redirectStderr: true });
    t.runner.start();
    t.spawner.last.stderr("oops\n");
    expect(t.stdout.text).toBe("oops\n");
  });

  test("writeStdin: notRunning without a pid or while stopping, closed when the pipe is", () => {
    const t = setup();
    expect(t.runner.writeStdin("a")).toBe("notRunning");
    t.runner.start();
    expect(t.runner.writeStdin("hello\n")).toBe("ok");
    expect(t.spawner.last.stdin).toEqual(["hello\n"]);
    t.spawner.last.closeStdin();
    expect(t.runner.writeStdin("more")).toBe("closed");
    t.runner.stop();
    expect(t.runner.writeStdin("x")).toBe("notRunning");
  });

  test("signal goes to the pid only", () => {
    const t = setup({ stopasgroup: true, killasgroup: true });
    t.runner.start();
    t.runner.signal(1);
    expect(t.spawner.kills).toEqual([{ pid: t.spawner.last.pid, signal: 1, group: false }]);
    expect(t.runner.state).toBe(P.STARTING);
  });

  test("no restart while the daemon is RESTARTING; resumes when RUNNING again", () => {
    const t = setup({ autorestart: "true" });
    t.runner.start();
    t.clock.advance(1001);
    t.runner.setDaemonState(SupervisorStates.RESTARTING);
    t.spawner.last.exit(1);
    t.clock.advance(10_000);
    expect(t.runner.state).toBe(P.EXITED);
    expect(t.spawner.children.length).toBe(1);
    t.runner.setDaemonState(SupervisorStates.RUNNING);
    expect(t.runner.state).toBe(P.STARTING);
  });

  test("giveUp during shutdown: BACKOFF → FATAL without retry", () => {
    const t = setup();
    t.runner.start();
    t.spawner.last.exit(1);
    expect(t.runner.state).toBe(P.BACKOFF);
    t.runner.giveUp();
    expect(t.runner.state).toBe(P.FATAL);
    expect(t.clock.pendingTimers).toBe(0);
  });

  test("listeners may act on the runner re-entrantly; unsubscribing stops notifications", () => {
    const t = setup({ startsecs: 0, autorestart: "false" });
    const off = t.runner.onTransition((e) => {
      if (e.to === P.RUNNING) t.runner.stop();
    });
    t.runner.start();
    expect(t.runner.state).toBe(P.STOPPING);
    t.spawner.last.exit(null, "SIGTERM");
    expect(t.runner.state).toBe(P.STOPPED);
    off();
    t.runner.start();
    expect(t.runner.state).toBe(P.RUNNING);
  });

  test("a waiting stop reports every 2 s", () => {
    const t = setup({ stopwaitsecs: 60 });
    t.runner.start();
    t.runner.stop({ waiting: true });
    t.clock.advance(4100);
    expect(t.logs.filter((l) => l === "info waiting for x to stop").length).toBe(3);
  });

  test("dispose cancels the pending timer", () => {
    const t = setup();
    t.runner.start();
    expect(t.clock.pendingTimers).toBe(1);
    t.runner.dispose();
    expect(t.clock.pendingTimers).toBe(0);
  });
});
