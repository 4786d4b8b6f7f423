// ProcessRunner on the real OS (OsSpawner + systemClock): the state sequences and main-log lines
// a supervisord user sees, with short startsecs/stopwaitsecs so each test takes about a second.

import { afterEach, describe, expect, test } from "bun:test";
import type { ProcessConfig } from "../../src/config/model.ts";
import { systemClock } from "../../src/process/clock.ts";
import { ProcessRunner } from "../../src/process/runner.ts";
import { OsSpawner } from "../../src/process/spawner.ts";
import { ProcessStates as P } from "../../src/process/states.ts";
import { processConfig, TextSink } from "../unit/process/fakes.ts";
import { isDead, waitFor } from "./wait.ts";

const runners: ProcessRunner[] = [];
afterEach(() => {
  for (const r of runners.splice(0)) {
    r.dispose();
    if (r.info.pid) process.kill(-r.info.pid, 9);
  }
});

function make(over: Partial<ProcessConfig>) {
  const logs: string[] = [];
  const stdout = new TextSink();
  const stderr = new TextSink();
  const states: number[] = [];
  const runner = new ProcessRunner({
    config: processConfig({ name: "t", autostart: false, ...over }),
    groupName: "t",
    spawner: new OsSpawner(),
    clock: systemClock,
    log: (level, message) => logs.push(`${level} ${message}`),
    stdout,
    stderr,
    daemonEnv: { PATH: "/usr/bin:/bin" },
    serverUrl: "http://127.0.0.1:9001",
  });
  runner.onTransition((e) => states.push(e.to));
  runners.push(runner);
  return { runner, logs, stdout, stderr, states };
}

describe("ProcessRunner with real processes", () => {
  test("start, output with SUPERVISOR_* variables, RUNNING after startsecs, stop by SIGTERM", async () => {
    const t = make({ command: `sh -c 'echo "$SUPERVISOR_PROCESS_NAME $SUPERVISOR_SERVER_URL"; exec sleep 30'`, startsecs: 0 });
    t.runner.start();
    expect(t.runner.state).toBe(P.RUNNING);
    await waitFor("output", () => t.stdout.text === "t http://127.0.0.1:9001\n");
    t.runner.stop({ waiting: true });
    await waitFor("STOPPED", () => t.runner.state === P.STOPPED);
    expect(t.states).toEqual([P.STARTING, P.RUNNING, P.STOPPING, P.STOPPED]);
    const pid = t.logs[0].match(/pid (\d+)/)?.[1];
    expect(t.logs.filter((l) => !l.startsWith("debug"))).toEqual([
      `info spawned: 't' with pid ${pid}`,
      "info success: t entered RUNNING state, process has stayed up for > than 0 seconds (startsecs)",
      "info waiting for t to stop",
      "warn stopped: t (terminated by SIGTERM)",
    ]);
    expect(t.runner.info.exitstatus).toBe(-1);
  });

  test("a process that exits at once goes BACKOFF, retries after 1 s, then FATAL", async () => {
    const t = make({ command: "sh -c 'echo failing >&2; exit 1'", startsecs: 1, startretries: 1 });
    t.runner.start();
    await waitFor("FATAL", () => t.runner.state === P.FATAL, 5000);
    expect(t.states).toEqual([P.STARTING, P.BACKOFF, P.STARTING, P.BACKOFF, P.FATAL]);
    expect(t.stderr.text).toBe("failing\nfailing\n");
    expect(t.runner.info.spawnerr).toBe("Exited too quickly (process log may have details)");
    expect(t.logs.filter((l) => l.startsWith("warn exited")).length).toBe(2);
  });

  test("a process ignoring SIGTERM is SIGKILLed after stopwaitsecs, with its group when killasgroup", async () => {
    const t = make({
      command: `sh -c 'trap "" TERM; sleep 30 & echo $!; wait'`,
      startsecs: 0,
      stopwaitsecs: 1,
      killasgroup: true,
    });
    t.runner.start();
    const grandchild = Number(await waitFor("grandchild pid", () => t.stdout.text.trim()));
    const stopAt = Date.now();
    t.runner.stop();
    await waitFor("STOPPED", () => t.runner.state === P.STOPPED, 5000);
    expect(Date.now() - stopAt).toBeGreaterThanOrEqual(1000);
    expect(t.logs).toContain(`warn killing 't' (${t.logs[0].match(/pid (\d+)/)?.[1]}) with SIGKILL`);
    expect(t.logs.at(-1)).toBe("warn stopped: t (terminated by SIGKILL)");
    await waitFor("grandchild killed", () => isDead(grandchild));
  });

  test("a missing directory: the child's message in the stderr log, then FATAL as supervisord", async () => {
    const t = make({ command: "true", directory: "/nonexistent-flotilla", startretries: 0 });
    t.runner.start();
    await waitFor("FATAL", () => t.runner.state === P.FATAL);
    expect(t.runner.info.spawnerr).toBe("Exited too quickly (process log may have details)");
    expect(t.stderr.text).toBe("supervisor: couldn't chdir to /nonexistent-flotilla: ENOENT\nsupervisor: child process was not spawned\n");
  });

  test("autorestart=true restarts a process that exits cleanly", async () => {
    const t = make({ command: "sh -c 'echo run'", startsecs: 0, autorestart: "true" });
    t.runner.start();
    await waitFor("three runs", () => t.stdout.text === "run\nrun\nrun\n" || t.stdout.text.length > 12);
    t.runner.stop();
    await waitFor("stopped", () => t.runner.state === P.STOPPED);
    expect(t.stdout.text.startsWith("run\nrun\nrun\n")).toBe(true);
  });
});
