// What startProcess, stopProcess and signalProcess do to one process, with Supervisor's faults
// (RPC-SUP-13, 16, 19) and the DISABLED one Supvisors adds to starts. Each returns at once or hands
// back a check that the caller waits on.

import { Faults, RpcFault } from "../faults.ts";
import { CommandError } from "../../process/command.ts";
import { signalNumber } from "../../process/signals.ts";
import {
  ProcessStates,
  RUNNING_STATES,
  SIGNALLABLE_STATES,
  STOPPED_STATES,
} from "../../process/states.ts";
import type { ProcessEntry } from "../../supervisor/process-entry.ts";
import type { ActionOutcome } from "./status-struct.ts";

/** `name`: the namespec as the caller wrote it, quoted by the faults. */
export function startAction(entry: ProcessEntry, wait: boolean, name: string = entry.namespec): ActionOutcome {
  // Supvisors checks this before anything else startProcess does (ST-DYN-01).
  if (entry.disabled) throw new RpcFault(Faults.DISABLED, name);
  try {
    // Not worth spawning what is known to fail (supervisord checks the command first).
    entry.checkCommand();
  } catch (err) {
    if (err instanceof CommandError) throw new RpcFault(Faults[err.kind], err.message);
    throw err;
  }
  const runner = entry.runner;
  if (RUNNING_STATES.includes(runner.state)) throw new RpcFault(Faults.ALREADY_STARTED, name);
  if (runner.state === ProcessStates.UNKNOWN) throw new RpcFault(Faults.FAILED, `${name} is in an unknown state`);
  runner.start();
  if (runner.info.spawnerr) throw new RpcFault(Faults.SPAWN_ERROR, name);
  // With startsecs=0 this makes it RUNNING at once.
  runner.tick();
  if (!wait || runner.state === ProcessStates.RUNNING) return { done: true };
  return {
    done: false,
    check: () => {
      if (runner.info.spawnerr) throw new RpcFault(Faults.SPAWN_ERROR, name);
      const state = runner.state;
      if (state === ProcessStates.RUNNING) return true;
      if (state !== ProcessStates.STARTING) throw new RpcFault(Faults.ABNORMAL_TERMINATION, name);
      return false;
    },
  };
}

export function stopAction(entry: ProcessEntry, wait: boolean): ActionOutcome {
  const runner = entry.runner;
  if (!RUNNING_STATES.includes(runner.state)) throw new RpcFault(Faults.NOT_RUNNING, entry.namespec);
  runner.stop({ waiting: wait });
  if (runner.state === ProcessStates.UNKNOWN) throw new RpcFault(Faults.FAILED, runner.info.spawnerr);
  if (!wait || STOPPED_STATES.includes(runner.state)) return { done: true };
  return { done: false, check: () => STOPPED_STATES.includes(runner.state) };
}

/** Signal names (`HUP`, `SIGHUP`) or numbers, as signalProcess accepts them. */
export function parseSignal(signal: unknown): number {
  const sig = typeof signal === "number" ? signal : typeof signal === "string" ? signalNumber(signal) : null;
  if (sig === null || !Number.isInteger(sig) || sig <= 0 || sig > 64) {
    throw new RpcFault(Faults.BAD_SIGNAL, String(signal));
  }
  return sig;
}

export function signalAction(entry: ProcessEntry, signal: number): ActionOutcome {
  const runner = entry.runner;
  if (!SIGNALLABLE_STATES.includes(runner.state)) throw new RpcFault(Faults.NOT_RUNNING, entry.namespec);
  runner.signal(signal);
  if (runner.state === ProcessStates.UNKNOWN) throw new RpcFault(Faults.FAILED, runner.info.spawnerr);
  return { done: true };
}

export const isNotRunning = (e: ProcessEntry): boolean => !RUNNING_STATES.includes(e.runner.state);
export const isRunning = (e: ProcessEntry): boolean => RUNNING_STATES.includes(e.runner.state);
export const isSignallable = (e: ProcessEntry): boolean => SIGNALLABLE_STATES.includes(e.runner.state);
