// The state machine of one supervised process (ST-PR-01..31), as a pure function: given the
// configuration, the current state, one input and the time, it returns the next state and the
// effects to carry out (spawn, kill, log, state-change notifications, next wake-up time). It
// follows Supervisor 4.2.5's `Subprocess` (spawn, finish, kill, stop, give_up, transition) edge by
// edge; no I/O, timers or clock reads happen here, so tests drive it with a virtual clock.
//
// Refusals that the XML-RPC API reports as faults (ALREADY_STARTED, NOT_RUNNING, BAD_SIGNAL...)
// are the API's job: the machine ignores a `start` from a running state, a `stop` from a
// stopped one and a `signal` to a process without pid, leaving the state unchanged.

import { ProcessStates, SupervisorStates, type ProcessState } from "./states.ts";
import type { DaemonView, Effect, LogLevel, MachineConfig, MachineInput, MachineState, StepResult } from "./machine-types.ts";
import { decodeExit } from "./exit-status.ts";
import { hasStayedUp, nextDeadline, shouldAutorestart } from "./machine-rules.ts";
import { SIGKILL, signame } from "./signals.ts";

export { initialState } from "./machine-types.ts";
export type {
  DaemonView,
  Effect,
  LogLevel,
  MachineConfig,
  MachineInput,
  MachineState,
  StepResult,
} from "./machine-types.ts";

/** Text of the spawnerr set when a process dies before startsecs (ST-PR-22). */
export const EXITED_TOO_QUICKLY = "Exited too quickly (process log may have details)";

/** The working copy of one step: the state being changed and the effects collected. */
interface Step {
  cfg: MachineConfig;
  s: MachineState;
  effects: Effect[];
  now: number;
}

/**
 * Applies one input. The returned effects are ordered as supervisord performs them; the last one
 * is a `wake` when a deadline is pending.
 */
export function step(
  cfg: MachineConfig,
  prev: MachineState,
  input: MachineInput,
  now: number,
  daemon: DaemonView,
): StepResult {
  const st: Step = { cfg, s: { ...prev }, effects: [], now };
  switch (input.type) {
    case "start":
      onStart(st);
      break;
    case "stop":
      onStop(st, input.waiting === true);
      break;
    case "spawned":
      onSpawned(st, input.pid);
      break;
    case "spawnFailed":
      onSpawnFailed(st, input.error);
      break;
    case "exited":
      onExited(st, input.code, input.signal);
      break;
    case "tick":
      onTick(st, daemon);
      break;
    case "signal":
      onSignal(st, input.signal);
      break;
    case "giveUp":
      if (st.s.state === ProcessStates.BACKOFF) giveUp(st);
      break;
    case "killFailed":
      log(st, "critical", `unknown problem killing ${cfg.name} (${st.s.pid}):${input.error}`);
      changeState(st, ProcessStates.UNKNOWN);
      st.s.killing = false;
      st.s.delay = 0;
      break;
    case "signalFailed":
      log(st, "critical", `unknown problem sending sig ${cfg.name} (${st.s.pid}):${input.error}`);
      changeState(st, ProcessStates.UNKNOWN);
      break;
  }
  const at = nextDeadline(cfg, st.s, now, daemon.state > SupervisorStates.RESTARTING);
  if (at !== null) st.effects.push({ type: "wake", at });
  return { state: st.s, effects: st.effects };
}

function log(st: Step, level: LogLevel, message: string): void {
  st.effects.push({ type: "log", level, message });
}

/** `change_state`: entering BACKOFF counts a failure and sets the retry delay (ST-PR-22). */
function changeState(st: Step, to: ProcessState, expected = true): void {
  const from = st.s.state;
  if (from === to) return;
  st.s.state = to;
  if (to === ProcessStates.BACKOFF) {
    st.s.backoff += 1;
    st.s.delay = st.now + st.s.backoff * 1000;
  }
  st.effects.push({ type: "transition", from, to, expected, pid: st.s.pid, tries: st.s.backoff });
}

/** States from which `spawn` may start the process (supervisord asserts these). */
const SPAWNABLE: readonly ProcessState[] = [
  ProcessStates.EXITED,
  ProcessStates.FATAL,
  ProcessStates.BACKOFF,
  ProcessStates.STOPPED,
];

function onStart(st: Step): void {
  if (st.s.pid !== 0) {
    log(st, "warn", `process '${st.cfg.name}' already running`);
    return;
  }
  if (SPAWNABLE.includes(st.s.state)) spawn(st);
}

/** `spawn`: the state goes STARTING now; the adapter answers with "spawned" or "spawnFailed". */
function spawn(st: Step): void {
  const s = st.s;
  s.killing = false;
  s.spawnerr = "";
  s.exitstatus = null;
  s.systemStop = false;
  s.administrativeStop = false;
  s.laststart = st.now;
  s.spawnPending = true;
  changeState(st, ProcessStates.STARTING);
  st.effects.push({ type: "spawn" });
}

function onSpawned(st: Step, pid: number): void {
  if (!st.s.spawnPending || st.s.state !== ProcessStates.STARTING) return;
  st.s.spawnPending = false;
  st.s.pid = pid;
  log(st, "info", `spawned: '${st.cfg.name}' with pid ${pid}`);
  st.s.spawnerr = "";
  st.s.delay = st.now + st.cfg.startsecs * 1000;
}

function onSpawnFailed(st: Step, error: string): void {
  if (!st.s.spawnPending || st.s.state !== ProcessStates.STARTING) return;
  st.s.spawnPending = false;
  st.s.spawnerr = error;
  log(st, "info", `spawnerr: ${error}`);
  changeState(st, ProcessStates.BACKOFF);
}

/** `stop`: an administrative stop sends stopsignal (ST-PR-25, ST-PR-26). */
function onStop(st: Step, waiting: boolean): void {
  st.s.administrativeStop = true;
  st.s.laststopreport = 0;
  kill(st, st.cfg.stopsignal);
  if (waiting && st.s.state === ProcessStates.STOPPING) {
    st.s.stopReporting = true;
    stopReport(st);
  }
}

/** `kill`: signal the process (or its group) meaning it to exit. */
function kill(st: Step, sig: number): void {
  const { cfg, s } = st;
  if (s.state === ProcessStates.BACKOFF) {
    // A stop must not wait for the remaining retries: BACKOFF → STOPPED at once (ST-PR-25).
    log(st, "debug", `Attempted to kill ${cfg.name}, which is in BACKOFF state.`);
    changeState(st, ProcessStates.STOPPED);
    return;
  }
  if (s.pid === 0) {
    log(st, "debug", `attempted to kill ${cfg.name} with sig ${signame(sig)} but it wasn't running`);
    return;
  }
  if (!KILLABLE.includes(s.state)) return;
  // The first signal follows stopasgroup; the SIGKILL after stopwaitsecs follows killasgroup.
  const group = s.state === ProcessStates.STOPPING ? cfg.killasgroup : cfg.stopasgroup;
  const asGroup = group ? "process group " : "";
  log(st, "debug", `killing ${cfg.name} (pid ${s.pid}) ${asGroup}with signal ${signame(sig)}`);
  s.killing = true;
  s.delay = st.now + cfg.stopwaitsecs * 1000;
  changeState(st, ProcessStates.STOPPING);
  st.effects.push({ type: "kill", signal: sig, group, pid: s.pid, purpose: "stop" });
}

const KILLABLE: readonly ProcessState[] = [
  ProcessStates.RUNNING,
  ProcessStates.STARTING,
  ProcessStates.STOPPING,
];

/** `stop_report`: throttled "waiting for x to stop" while a client waits. */
function stopReport(st: Step): void {
  if (st.s.state !== ProcessStates.STOPPING) return;
  if (st.now > st.s.laststopreport + 2000) {
    log(st, "info", `waiting for ${st.cfg.name} to stop`);
    st.s.laststopreport = st.now;
  }
}

/** `signal`: a user signal, not meant to stop the process; the group is not signalled. */
function onSignal(st: Step, sig: number): void {
  const { cfg, s } = st;
  if (s.pid === 0) {
    log(st, "debug", `attempted to send ${cfg.name} sig ${signame(sig)} but it wasn't running`);
    return;
  }
  if (!KILLABLE.includes(s.state)) return;
  log(st, "debug", `sending ${cfg.name} (pid ${s.pid}) sig ${signame(sig)}`);
  st.effects.push({ type: "kill", signal: sig, group: false, pid: s.pid, purpose: "signal" });
}

/** `finish`: the child was reaped (ST-PR-22, ST-PR-27, ST-PR-28). */
function onExited(st: Step, code: number | null, signal: string | null): void {
  const { cfg, s, now } = st;
  if (s.pid === 0) return;
  const { status, message } = decodeExit(code, signal);
  s.laststop = now;
  let tooQuickly = false;
  if (now >= s.laststart) {
    tooQuickly = now - s.laststart < cfg.startsecs * 1000;
  } else {
    log(st, "warn", `process '${cfg.name}' (${s.pid}) laststart time is in the future, don't know how long process was running so assuming it did not exit too quickly`);
  }
  const expected = cfg.exitcodes.includes(status);

  if (s.killing) {
    // The end of a stop request: STOPPING → STOPPED.
    s.killing = false;
    s.delay = 0;
    s.exitstatus = status;
    changeState(st, ProcessStates.STOPPED);
    log(st, expected ? "info" : "warn", `stopped: ${cfg.name} (${message})`);
  } else if (tooQuickly) {
    // Did not stay up for startsecs: STARTING → BACKOFF.
    s.exitstatus = null;
    s.spawnerr = EXITED_TOO_QUICKLY;
    changeState(st, ProcessStates.BACKOFF);
    log(st, "warn", `exited: ${cfg.name} (${message}; not expected)`);
  } else {
    s.delay = 0;
    s.backoff = 0;
    s.exitstatus = status;
    // Exit seen before the tick that would have declared it RUNNING: pass through RUNNING first.
    if (s.state === ProcessStates.STARTING) changeState(st, ProcessStates.RUNNING);
    if (expected) {
      changeState(st, ProcessStates.EXITED, true);
      log(st, "info", `exited: ${cfg.name} (${message}; expected)`);
    } else {
      s.spawnerr = `Bad exit code ${status}`;
      changeState(st, ProcessStates.EXITED, false);
      log(st, "warn", `exited: ${cfg.name} (${message}; not expected)`);
    }
  }
  s.pid = 0;
  s.stopReporting = false;
}

/** `transition`: time-driven edges, evaluated whenever a deadline passes. */
function onTick(st: Step, daemon: DaemonView): void {
  const { cfg, s, now } = st;
  const state = s.state;
  // ST-PR-31: nothing is spawned automatically while supervisord restarts or shuts down.
  if (daemon.state > SupervisorStates.RESTARTING) {
    if (state === ProcessStates.EXITED) {
      if (shouldAutorestart(cfg, s)) spawn(st); // ST-PR-29
    } else if (state === ProcessStates.STOPPED && s.laststart === 0) {
      if (cfg.autostart) spawn(st); // ST-PR-20
    } else if (state === ProcessStates.BACKOFF) {
      if (s.backoff <= cfg.startretries && now > s.delay) spawn(st); // ST-PR-23
    }
  }

  if (state === ProcessStates.STARTING && s.pid !== 0 && hasStayedUp(cfg, s, now)) {
    s.delay = 0;
    s.backoff = 0;
    changeState(st, ProcessStates.RUNNING); // ST-PR-21
    log(st, "info", `success: ${cfg.name} entered RUNNING state, process has stayed up for > than ${cfg.startsecs} seconds (startsecs)`);
  }

  if (state === ProcessStates.BACKOFF) {
    if (s.state === ProcessStates.BACKOFF && s.backoff > cfg.startretries) {
      giveUp(st); // ST-PR-24
      log(st, "info", `gave up: ${cfg.name} entered FATAL state, too many start retries too quickly`);
    }
  } else if (state === ProcessStates.STOPPING) {
    if (s.delay - now <= 0) {
      // stopwaitsecs elapsed: SIGKILL, repeated every stopwaitsecs until the process is reaped.
      log(st, "warn", `killing '${cfg.name}' (${s.pid}) with SIGKILL`);
      kill(st, SIGKILL); // ST-PR-27
    }
    if (s.stopReporting) stopReport(st);
  }
}

/** `give_up`: BACKOFF → FATAL, counters cleared. */
function giveUp(st: Step): void {
  st.s.delay = 0;
  st.s.backoff = 0;
  st.s.systemStop = true;
  changeState(st, ProcessStates.FATAL);
}
