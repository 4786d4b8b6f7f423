// The process state machine against spec rows ST-PR-01..31 and ST-SD-01, on a virtual clock.
// Log texts are those of Supervisor 4.2.5's main log (checked on a real supervisord run).

import { describe, expect, test } from "bun:test";
import { EXITED_TOO_QUICKLY } from "../../../src/process/machine.ts";
import {
  ProcessStates as P,
  RUNNING_STATES,
  SIGNALLABLE_STATES,
  STOPPED_STATES,
  SupervisorStates,
} from "../../../src/process/states.ts";
import { machineCfg, Sim, T0 } from "./harness.ts";

describe("process states (ST-PR-01..09)", () => {
  test("ST-PR-01 STOPPED is the initial state, never started", () => {
    const sim = new Sim(machineCfg({ autostart: false }));
    expect(sim.s).toMatchObject({ state: P.STOPPED, pid: 0, laststart: 0, laststop: 0, spawnerr: "", exitstatus: null, backoff: 0 });
    sim.feed({ type: "tick" });
    expect(sim.s.state).toBe(P.STOPPED);
    expect(sim.last).toEqual([]);
  });

  test("ST-PR-02 STARTING: spawn requested, laststart set", () => {
    const sim = new Sim();
    sim.feed({ type: "start" });
    expect(sim.s.state).toBe(P.STARTING);
    expect(sim.s.laststart).toBe(T0);
    expect(sim.last.filter((e) => e.type !== "wake")).toEqual([
      { type: "transition", from: P.STOPPED, to: P.STARTING, expected: true, pid: 0, tries: 0 },
      { type: "spawn" },
    ]);
    sim.feed({ type: "spawned", pid: 42 });
    expect(sim.s.pid).toBe(42);
    expect(sim.logs()).toEqual(["info spawned: 'x' with pid 42"]);
    expect(sim.s.delay).toBe(T0 + 1000);
  });

  test("ST-PR-03 RUNNING once up for more than startsecs", () => {
    const sim = new Sim(machineCfg({ startsecs: 2 }));
    sim.startOk();
    expect(sim.wakeAt).toBe(T0 + 2001);
    sim.advance(2000).feed({ type: "tick" });
    expect(sim.s.state).toBe(P.STARTING); // exactly startsecs is not "more than"
    sim.advance(1).feed({ type: "tick" });
    expect(sim.s.state).toBe(P.RUNNING);
    expect(sim.logs()).toEqual([
      "info success: x entered RUNNING state, process has stayed up for > than 2 seconds (startsecs)",
    ]);
    expect(sim.s.backoff).toBe(0);
    expect(sim.s.delay).toBe(0);
  });

  test("ST-PR-04 BACKOFF when it exits before startsecs", () => {
    const sim = new Sim();
    sim.startOk();
    sim.advance(300).feed({ type: "exited", code: 1, signal: null });
    expect(sim.s).toMatchObject({ state: P.BACKOFF, backoff: 1, delay: T0 + 300 + 1000, spawnerr: EXITED_TOO_QUICKLY, exitstatus: null, pid: 0, laststop: T0 + 300 });
    expect(sim.transitions()).toEqual([[P.STARTING, P.BACKOFF, true]]);
    expect(sim.logs()).toEqual(["warn exited: x (exit status 1; not expected)"]);
    expect(EXITED_TOO_QUICKLY).toBe("Exited too quickly (process log may have details)");
  });

  test("ST-PR-05 STOPPING once the stop signal is sent", () => {
    const sim = new Sim();
    const pid = sim.running();
    sim.feed({ type: "stop" });
    expect(sim.s).toMatchObject({ state: P.STOPPING, killing: true, administrativeStop: true, delay: sim.now + 10_000 });
    expect(sim.kills()).toEqual([{ signal: 15, group: false, pid }]);
    expect(sim.logs()).toEqual([`debug killing x (pid ${pid}) with signal SIGTERM`]);
  });

  test("ST-PR-06 EXITED from RUNNING, expected or not per exitcodes", () => {
    const sim = new Sim(machineCfg({ autorestart: "false", exitcodes: [0, 2] }));
    sim.running();
    sim.feed({ type: "exited", code: 2, signal: null });
    expect(sim.s).toMatchObject({ state: P.EXITED, exitstatus: 2, spawnerr: "", pid: 0 });
    expect(sim.transitions()).toEqual([[P.RUNNING, P.EXITED, true]]);
    expect(sim.logs()).toEqual(["info exited: x (exit status 2; expected)"]);
  });

  test("ST-PR-07 FATAL when retries are exhausted", () => {
    const sim = new Sim(machineCfg({ startretries: 0 }));
    sim.startOk();
    sim.feed({ type: "exited", code: 1, signal: null });
    expect(sim.s.state).toBe(P.BACKOFF);
    expect(sim.wakeAt).toBe(sim.now);
    sim.feed({ type: "tick" });
    expect(sim.s).toMatchObject({ state: P.FATAL, backoff: 0, delay: 0, systemStop: true, spawnerr: EXITED_TOO_QUICKLY });
  });

  test("ST-PR-08 UNKNOWN when signalling fails for an unexpected reason", () => {
    const sim = new Sim();
    const pid = sim.running();
    sim.feed({ type: "stop" });
    sim.feed({ type: "killFailed", error: "EPERM" });
    expect(sim.s).toMatchObject({ state: P.UNKNOWN, killing: false, delay: 0, pid });
    expect(sim.logs()).toEqual([`critical unknown problem killing x (${pid}):EPERM`]);
    sim.feed({ type: "signalFailed", error: "EPERM" });
    expect(sim.s.state).toBe(P.UNKNOWN);
  });

  test("ST-PR-09 state groups and their order", () => {
    expect(RUNNING_STATES).toEqual([P.RUNNING, P.BACKOFF, P.STARTING]);
    expect(STOPPED_STATES).toEqual([P.STOPPED, P.EXITED, P.FATAL, P.UNKNOWN]);
    expect(SIGNALLABLE_STATES).toEqual([P.RUNNING, P.STARTING, P.STOPPING]);
  });
});

describe("transitions (ST-PR-20..31)", () => {
  test("ST-PR-20 STOPPED→STARTING by autostart only while never started", () => {
    const sim = new Sim();
    sim.feed({ type: "tick" });
    expect(sim.s.state).toBe(P.STARTING);
    sim.feed({ type: "spawned", pid: 1 });
    sim.feed({ type: "stop" });
    sim.feed({ type: "exited", code: null, signal: "SIGTERM" });
    expect(sim.s.state).toBe(P.STOPPED);
    expect(sim.wakeAt).toBeNull();
    sim.advance(60_000).feed({ type: "tick" });
    expect(sim.s.state).toBe(P.STOPPED);

    const manual = new Sim(machineCfg({ autostart: false }));
    manual.feed({ type: "tick" });
    expect(manual.s.state).toBe(P.STOPPED);
    manual.feed({ type: "start" });
    expect(manual.s.state).toBe(P.STARTING);
  });

  test("ST-PR-21 startsecs=0 is RUNNING at the first tick after the pid is known", () => {
    const sim = new Sim(machineCfg({ startsecs: 0 }));
    sim.feed({ type: "start" });
    expect(sim.wakeAt).toBeNull(); // no pid yet
    sim.feed({ type: "spawned", pid: 9 });
    expect(sim.wakeAt).toBe(sim.now);
    sim.feed({ type: "tick" });
    expect(sim.s.state).toBe(P.RUNNING);
    expect(sim.logs()).toEqual(["info success: x entered RUNNING state, process has stayed up for > than 0 seconds (startsecs)"]);
  });

  test("ST-PR-22 a spawn error is a failed start: BACKOFF with the error as spawnerr", () => {
    const sim = new Sim();
    sim.feed({ type: "start" });
    sim.feed({ type: "spawnFailed", error: "can't find command 'nosuch'" });
    expect(sim.s).toMatchObject({ state: P.BACKOFF, spawnerr: "can't find command 'nosuch'", backoff: 1, pid: 0 });
    expect(sim.logs()).toEqual(["info spawnerr: can't find command 'nosuch'"]);
    expect(sim.wakeAt).toBe(sim.now + 1001);
  });

  test("ST-PR-23 BACKOFF→STARTING strictly after the delay", () => {
    const sim = new Sim();
    sim.startOk();
    sim.feed({ type: "exited", code: 1, signal: null });
    const delay = sim.s.delay;
    sim.now = delay;
    sim.feed({ type: "tick" });
    expect(sim.s.state).toBe(P.BACKOFF);
    sim.now = delay + 1;
    sim.feed({ type: "tick" });
    expect(sim.s.state).toBe(P.STARTING);
    expect(sim.transitions()).toEqual([[P.BACKOFF, P.STARTING, true]]);
    expect(sim.s.backoff).toBe(1); // kept until RUNNING
  });

  test("ST-PR-24 BACKOFF→FATAL when the counter exceeds startretries", () => {
    const sim = new Sim(machineCfg({ startretries: 1 }));
    sim.startOk();
    sim.feed({ type: "exited", code: 1, signal: null });
    sim.runUntil(sim.now + 1001, () => ({ type: "spawned", pid: 7 }));
    sim.feed({ type: "exited", code: 1, signal: null });
    expect(sim.s.backoff).toBe(2);
    sim.feed({ type: "tick" });
    expect(sim.s.state).toBe(P.FATAL);
    expect(sim.logs()).toEqual(["info gave up: x entered FATAL state, too many start retries too quickly"]);
    expect(sim.transitions()).toEqual([[P.BACKOFF, P.FATAL, true]]);
  });

  test("ST-PR-25 stop in BACKOFF → STOPPED at once (counter kept, as supervisord)", () => {
    const sim = new Sim();
    sim.startOk();
    sim.feed({ type: "exited", code: 1, signal: null });
    sim.feed({ type: "stop" });
    expect(sim.s).toMatchObject({ state: P.STOPPED, backoff: 1 });
    expect(sim.kills()).toEqual([]);
    expect(sim.logs()).toEqual(["debug Attempted to kill x, which is in BACKOFF state."]);
    expect(sim.wakeAt).toBeNull();
  });

  test("ST-PR-26 stop in STARTING or RUNNING sends stopsignal, to the group with stopasgroup", () => {
    const sim = new Sim(machineCfg({ stopsignal: 2, stopasgroup: true, killasgroup: true }));
    const pid = sim.startOk();
    sim.feed({ type: "stop" });
    expect(sim.transitions()).toEqual([[P.STARTING, P.STOPPING, true]]);
    expect(sim.kills()).toEqual([{ signal: 2, group: true, pid }]);
    expect(sim.logs()).toEqual([`debug killing x (pid ${pid}) process group with signal SIGINT`]);
  });

  test("ST-PR-27 STOPPING→STOPPED when reaped; SIGKILL after stopwaitsecs (group with killasgroup)", () => {
    const sim = new Sim(machineCfg({ stopwaitsecs: 5, stopasgroup: false, killasgroup: true }));
    const pid = sim.running();
    sim.feed({ type: "stop" });
    expect(sim.kills()).toEqual([{ signal: 15, group: false, pid }]);
    const stopAt = sim.now;
    expect(sim.wakeAt).toBe(stopAt + 5000);
    sim.runUntil(stopAt + 5000);
    expect(sim.logs()).toEqual([`warn killing 'x' (${pid}) with SIGKILL`, `debug killing x (pid ${pid}) process group with signal SIGKILL`]);
    expect(sim.kills()).toEqual([{ signal: 9, group: true, pid }]);
    expect(sim.s.state).toBe(P.STOPPING);
    sim.feed({ type: "exited", code: null, signal: "SIGKILL" });
    expect(sim.s).toMatchObject({ state: P.STOPPED, exitstatus: -1, killing: false, delay: 0, pid: 0 });
    expect(sim.logs()).toEqual(["warn stopped: x (terminated by SIGKILL)"]);
  });

  test("ST-PR-27 a stop answered by an expected exit code logs at info", () => {
    const sim = new Sim();
    sim.running();
    sim.feed({ type: "stop" });
    sim.feed({ type: "exited", code: 0, signal: null });
    expect(sim.s.exitstatus).toBe(0);
    expect(sim.logs()).toEqual(["info stopped: x (exit status 0)"]);
  });

  test("ST-PR-28 RUNNING→EXITED unexpected sets spawnerr 'Bad exit code N'; a signal death is -1", () => {
    const sim = new Sim(machineCfg({ autorestart: "false" }));
    sim.running();
    sim.feed({ type: "exited", code: 3, signal: null });
    expect(sim.s).toMatchObject({ state: P.EXITED, exitstatus: 3, spawnerr: "Bad exit code 3" });
    expect(sim.transitions()).toEqual([[P.RUNNING, P.EXITED, false]]);
    expect(sim.logs()).toEqual(["warn exited: x (exit status 3; not expected)"]);

    sim.running();
    sim.feed({ type: "exited", code: null, signal: "SIGSEGV" });
    expect(sim.s).toMatchObject({ exitstatus: -1, spawnerr: "Bad exit code -1" });
    expect(sim.logs()).toEqual(["warn exited: x (terminated by SIGSEGV; not expected)"]);
  });

  test("ST-PR-28 an exit seen while STARTING but after startsecs passes through RUNNING", () => {
    const sim = new Sim();
    sim.startOk();
    sim.advance(1500).feed({ type: "exited", code: 0, signal: null });
    expect(sim.transitions()).toEqual([
      [P.STARTING, P.RUNNING, true],
      [P.RUNNING, P.EXITED, true],
    ]);
    expect(sim.logs()).toEqual(["info exited: x (exit status 0; expected)"]);
  });

  const autorestartRows = [
    { autorestart: "true", code: 0, restarts: true },
    { autorestart: "true", code: 1, restarts: true },
    { autorestart: "unexpected", code: 0, restarts: false },
    { autorestart: "unexpected", code: 1, restarts: true },
    { autorestart: "false", code: 1, restarts: false },
  ] as const;
  for (const row of autorestartRows) {
    test(`ST-PR-29 autorestart=${row.autorestart}, exit ${row.code} → ${row.restarts ? "restarted" : "stays EXITED"}`, () => {
      const sim = new Sim(machineCfg({ autorestart: row.autorestart }));
      sim.running();
      sim.feed({ type: "exited", code: row.code, signal: null });
      expect(sim.s.state).toBe(P.EXITED);
      expect(sim.wakeAt).toBe(row.restarts ? sim.now : null);
      sim.feed({ type: "tick" });
      expect(sim.s.state).toBe(row.restarts ? P.STARTING : P.EXITED);
    });
  }

  for (const from of ["FATAL", "EXITED", "STOPPED"] as const) {
    test(`ST-PR-30 start from ${from} → STARTING, with spawnerr and exitstatus cleared`, () => {
      const sim = new Sim(machineCfg({ autorestart: "false", startretries: 0, autostart: false }));
      if (from === "FATAL") {
        sim.startOk();
        sim.feed({ type: "exited", code: 1, signal: null });
        sim.feed({ type: "tick" });
      } else if (from === "EXITED") {
        sim.running();
        sim.feed({ type: "exited", code: 4, signal: null });
      }
      expect(sim.s.state).toBe(P[from]);
      sim.advance(10).feed({ type: "start" });
      expect(sim.s).toMatchObject({ state: P.STARTING, spawnerr: "", exitstatus: null, laststart: sim.now });
      expect(sim.transitions()).toEqual([[P[from], P.STARTING, true]]);
    });
  }

  test("ST-PR-30 start is ignored in running states (the API refuses it)", () => {
    const sim = new Sim();
    const pid = sim.running();
    const before = { ...sim.s };
    sim.feed({ type: "start" });
    expect(sim.s).toEqual(before);
    expect(sim.logs()).toEqual(["warn process 'x' already running"]);
    expect(sim.last.some((e) => e.type === "spawn")).toBe(false);
    expect(pid).toBe(sim.s.pid);
  });

  for (const daemonState of [SupervisorStates.RESTARTING, SupervisorStates.SHUTDOWN] as const) {
    test(`ST-PR-31 no automatic spawn while supervisord is ${daemonState === 0 ? "RESTARTING" : "SHUTDOWN"}`, () => {
      const auto = new Sim();
      auto.daemon.state = daemonState;
      auto.feed({ type: "tick" });
      expect(auto.s.state).toBe(P.STOPPED);
      expect(auto.wakeAt).toBeNull();

      const restart = new Sim(machineCfg({ autorestart: "true" }));
      restart.running();
      restart.daemon.state = daemonState;
      restart.feed({ type: "exited", code: 1, signal: null });
      restart.advance(5000).feed({ type: "tick" });
      expect(restart.s.state).toBe(P.EXITED);

      const backoff = new Sim();
      backoff.startOk();
      backoff.feed({ type: "exited", code: 1, signal: null });
      backoff.daemon.state = daemonState;
      backoff.advance(5000).feed({ type: "tick" });
      expect(backoff.s.state).toBe(P.BACKOFF);

      // Edges that do not spawn still happen.
      const starting = new Sim();
      starting.startOk();
      starting.daemon.state = daemonState;
      starting.advance(1001).feed({ type: "tick" });
      expect(starting.s.state).toBe(P.RUNNING);
      starting.feed({ type: "stop" });
      starting.advance(10_000).feed({ type: "tick" });
      expect(starting.kills()).toEqual([{ signal: 9, group: false, pid: starting.s.pid }]);
    });
  }

  test("ST-SD-01 leaving RESTARTING for RUNNING lets autostart happen again", () => {
    const sim = new Sim();
    sim.daemon.state = SupervisorStates.RESTARTING;
    sim.feed({ type: "tick" });
    expect(sim.s.state).toBe(P.STOPPED);
    sim.daemon.state = SupervisorStates.RUNNING;
    sim.feed({ type: "tick" });
    expect(sim.s.state).toBe(P.STARTING);
  });
});

describe("sequences", () => {
  test("startretries=3: four spawns 1, 2 and 3 s apart, then FATAL", () => {
    const sim = new Sim(machineCfg({ startretries: 3 }));
    const states: number[] = [];
    sim.startOk();
    for (let attempt = 0; attempt < 10 && sim.s.state !== P.FATAL; attempt++) {
      sim.advance(100).feed({ type: "exited", code: 1, signal: null });
      states.push(sim.s.backoff);
      // Deliver the wake-ups up to the retry (or the immediate give-up), not beyond.
      sim.runUntil(sim.s.delay + 1, () => ({ type: "spawned", pid: 500 + attempt }));
    }
    expect(sim.s.state).toBe(P.FATAL);
    const spawns = sim.spawnTimes();
    expect(spawns.length).toBe(4);
    const gaps = spawns.slice(1).map((t, i) => t - spawns[i] - 100);
    expect(gaps).toEqual([1001, 2001, 3001]);
    expect(states).toEqual([1, 2, 3, 4]);
    const gaveUp = sim.history.filter((h) => h.effect.type === "log" && h.effect.message.startsWith("gave up"));
    expect(gaveUp.length).toBe(1);
  });

  test("SIGKILL is repeated every stopwaitsecs until the process is reaped", () => {
    const sim = new Sim(machineCfg({ stopwaitsecs: 2 }));
    sim.running();
    sim.feed({ type: "stop" });
    const start = sim.now;
    sim.runUntil(start + 6000);
    const kills = sim.history.filter((h) => h.effect.type === "kill").map((h) => [h.at - start, h.effect.type === "kill" && h.effect.signal]);
    expect(kills).toEqual([[0, 15], [2000, 9], [4000, 9], [6000, 9]]);
  });

  test("a waiting stop logs 'waiting for x to stop' at once and then every 2 s", () => {
    const sim = new Sim(machineCfg({ stopwaitsecs: 100 }));
    sim.running();
    sim.feed({ type: "stop", waiting: true });
    expect(sim.logs()).toContain("info waiting for x to stop");
    const start = sim.now;
    sim.runUntil(start + 4500);
    const reports = sim.history.filter((h) => h.effect.type === "log" && h.effect.message === "waiting for x to stop").map((h) => h.at - start);
    expect(reports).toEqual([0, 2001, 4002]);
    sim.feed({ type: "exited", code: null, signal: "SIGTERM" });
    expect(sim.s.stopReporting).toBe(false);
  });

  test("a stop without a waiting client does not report", () => {
    const sim = new Sim();
    sim.running();
    sim.feed({ type: "stop" });
    sim.runUntil(sim.now + 5000);
    expect(sim.history.some((h) => h.effect.type === "log" && h.effect.message.startsWith("waiting"))).toBe(false);
  });

  test("autorestart=unexpected keeps restarting a crashing RUNNING process, backoff staying 0", () => {
    const sim = new Sim(machineCfg({ autorestart: "unexpected" }));
    sim.running();
    for (let i = 0; i < 3; i++) {
      sim.advance(5000).feed({ type: "exited", code: 1, signal: null });
      expect(sim.s).toMatchObject({ state: P.EXITED, backoff: 0 });
      sim.feed({ type: "tick" });
      expect(sim.s.state).toBe(P.STARTING);
      sim.feed({ type: "spawned", pid: 900 + i });
      sim.runUntil(sim.now + 1001);
      expect(sim.s.state).toBe(P.RUNNING);
    }
    expect(sim.spawnTimes().length).toBe(4);
  });

  test("giveUp turns BACKOFF into FATAL without retrying (shutdown), and nothing else", () => {
    const sim = new Sim();
    sim.startOk();
    sim.feed({ type: "giveUp" });
    expect(sim.s.state).toBe(P.STARTING);
    sim.feed({ type: "exited", code: 1, signal: null });
    sim.feed({ type: "giveUp" });
    expect(sim.s).toMatchObject({ state: P.FATAL, backoff: 0, systemStop: true });
    expect(sim.logs()).toEqual([]);
  });

  test("user signals go to the pid only and are refused without a pid", () => {
    const sim = new Sim(machineCfg({ stopasgroup: true, killasgroup: true }));
    sim.feed({ type: "signal", signal: 1 });
    expect(sim.logs()).toEqual(["debug attempted to send x sig SIGHUP but it wasn't running"]);
    const pid = sim.running();
    sim.feed({ type: "signal", signal: 10 });
    expect(sim.kills()).toEqual([{ signal: 10, group: false, pid }]);
    expect(sim.logs()).toEqual([`debug sending x (pid ${pid}) sig SIGUSR1`]);
    expect(sim.s.state).toBe(P.RUNNING);
  });

  test("stop of a process without pid reports it was not running", () => {
    const sim = new Sim(machineCfg({ autostart: false }));
    sim.feed({ type: "stop" });
    expect(sim.s.state).toBe(P.STOPPED);
    expect(sim.logs()).toEqual(["debug attempted to kill x with sig SIGTERM but it wasn't running"]);
  });

  test("a stale exit or spawn answer is ignored", () => {
    const sim = new Sim(machineCfg({ autostart: false }));
    sim.feed({ type: "exited", code: 0, signal: null });
    sim.feed({ type: "spawned", pid: 5 });
    sim.feed({ type: "spawnFailed", error: "x" });
    expect(sim.s).toMatchObject({ state: P.STOPPED, pid: 0, spawnerr: "" });
  });

  test("laststart in the future: not counted as too quick, with supervisord's warning", () => {
    const sim = new Sim();
    sim.startOk();
    sim.now -= 5000;
    sim.feed({ type: "exited", code: 0, signal: null });
    expect(sim.s.state).toBe(P.EXITED);
    expect(sim.logs()[0]).toBe("warn process 'x' (100) laststart time is in the future, don't know how long process was running so assuming it did not exit too quickly");
  });

  test("transition effects carry pid and tries as at the change (PROCESS_STATE payloads)", () => {
    const sim = new Sim(machineCfg({ autorestart: "false" }));
    sim.feed({ type: "start" });
    sim.feed({ type: "spawned", pid: 77 });
    sim.feed({ type: "exited", code: 1, signal: null });
    const backoff = sim.last.find((e) => e.type === "transition");
    expect(backoff).toMatchObject({ to: P.BACKOFF, pid: 77, tries: 1 });
    sim.runUntil(sim.s.delay + 1, () => ({ type: "spawned", pid: 78 }));
    const starting = sim.history.filter((h) => h.effect.type === "transition").at(-1)?.effect;
    expect(starting).toMatchObject({ from: P.BACKOFF, to: P.STARTING, pid: 0, tries: 1 });
    sim.runUntil(sim.now + 1001);
    sim.feed({ type: "exited", code: 5, signal: null });
    expect(sim.last.find((e) => e.type === "transition")).toMatchObject({ to: P.EXITED, expected: false, pid: 78 });
    expect(sim.s.pid).toBe(0);
  });

  test("the input state is not mutated", () => {
    const sim = new Sim();
    const before = sim.s;
    const copy = { ...before };
    sim.feed({ type: "start" });
    expect(before).toEqual(copy);
  });
});
