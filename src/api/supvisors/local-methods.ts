// supvisors.* methods that act on the local Supervisor only (RPC-SV-18, 19, 26, 32, 33, 34): the
// local process structs, a start with extra arguments, numprocs changes and disable / enable of a
// program. Thin over the LocalSupervisor, which does the work (and persists the disabled flags),
// so every door behaves the same. Waits end on process state changes, never by polling.

import type { FsmState } from "../../cluster/states.ts";
import { localProcessInfo, programRank, type MonotonicClock } from "../../node/local-process-info.ts";
import { ProcessStates, STOPPED_STATES } from "../../process/states.ts";
import type { LocalSupervisor } from "../../supervisor/local-supervisor.ts";
import { parseNamespec } from "../../supervisor/namespec.ts";
import type { ProcessEntry } from "../../supervisor/process-entry.ts";
import { Faults, RpcFault } from "../faults.ts";
import type { RpcMethod, RpcParam } from "../registry.ts";
import { startAction } from "../supervisor/process-actions.ts";
import { settle } from "../supervisor/status-struct.ts";
import { Double, type XmlRpcValue } from "../xmlrpc/value.ts";
import { pyRepr, pyStr } from "./python-text.ts";
import type { Struct } from "./wire.ts";

export interface LocalMethodsDeps {
  sup: LocalSupervisor;
  /** The local Supvisors FSM state, read at each call (BAD_SUPVISORS_STATE checks). */
  fsm(): FsmState;
  /** The clock of the *_monotonic values: the cluster node's; default wall time and performance.now. */
  clock?: MonotonicClock;
}

const systemClock: MonotonicClock = { wallMs: () => Date.now(), monotonic: () => performance.now() / 1000 };

const WAIT: RpcParam = { name: "wait", type: "boolean", optional: true, default: true };
const PROGRAM: RpcParam = { name: "program_name", type: "string" };
const LOCAL_KEYS =
  "name, group, state, statename, start, stop, now, pid, description, spawnerr, expected, start_monotonic, " +
  "stop_monotonic, now_monotonic, extra_args, startsecs, stopwaitsecs, process_index, program_name, disabled, " +
  "has_stdout, has_stderr";

/** BAD_SUPVISORS_STATE worded as Supvisors words it (`_check_state`). */
export function checkFsm(current: FsmState, allowed: readonly FsmState[]): void {
  if (allowed.includes(current)) return;
  throw new RpcFault(Faults.BAD_SUPVISORS_STATE, `invalid Supvisors state=${current} - state expected in ${pyRepr([...allowed])}`);
}

/**
 * Python's `int(numprocs)` as update_numprocs applies it: an integer, a boolean, a float
 * (truncated) or a decimal string; anything else is INCORRECT_PARAMETERS with Supvisors' text.
 */
export function numprocsParam(program: string, value: XmlRpcValue): number {
  const incorrect = () =>
    new RpcFault(Faults.INCORRECT_PARAMETERS, `program=${program} incorrect numprocs=${pyStr(value)} - integer > 0 expected`);
  let n: number;
  if (typeof value === "boolean") n = value ? 1 : 0;
  else if (typeof value === "bigint") n = Number(value);
  else if (typeof value === "number") n = Math.trunc(value);
  else if (value instanceof Double) n = Math.trunc(value.value);
  else if (typeof value === "string" && /^\s*[+-]?\d+(_\d+)*\s*$/.test(value)) n = Number(value.replace(/_/g, ""));
  else throw incorrect();
  if (!Number.isSafeInteger(n) || n <= 0) throw incorrect();
  return n;
}

/** RPC-SV-18 struct of one local process; the *_monotonic values are floats. */
export function localInfoValue(sup: LocalSupervisor, entry: ProcessEntry, clock: MonotonicClock): Struct {
  const siblings = sup.group(entry.group)?.entries ?? [entry];
  const i = localProcessInfo(entry, programRank(entry, siblings), clock);
  return {
    name: i.name,
    group: i.group,
    state: i.state,
    statename: i.statename,
    start: i.start,
    stop: i.stop,
    now: i.now,
    pid: i.pid,
    description: i.description,
    spawnerr: i.spawnerr,
    expected: i.expected,
    start_monotonic: new Double(i.start_monotonic),
    stop_monotonic: new Double(i.stop_monotonic),
    now_monotonic: new Double(i.now_monotonic),
    extra_args: i.extra_args,
    startsecs: i.startsecs,
    stopwaitsecs: i.stopwaitsecs,
    process_index: i.process_index,
    program_name: i.program_name,
    disabled: i.disabled,
    has_stdout: i.has_stdout,
    has_stderr: i.has_stderr,
  };
}

/**
 * RPC-SV-26 without the XML-RPC around it (the control layer starts processes this way): the
 * extra arguments for the next start, then supervisor.startProcess. A command that cannot be
 * found or run leaves the process FATAL, so that the cluster sees the failure, and faults.
 * @example await startWithArgs(sup, "web:web_01", "--port 8081", true)
 */
export function startWithArgs(sup: LocalSupervisor, namespec: string, extraArgs: string, wait: boolean): Promise<boolean> | boolean {
  const { group, process } = parseNamespec(namespec);
  const found = sup.group(group);
  if (!found) throw new RpcFault(Faults.BAD_NAME, `application=${group} unknown to Supvisors`);
  if (process === null) throw new RpcFault(Faults.BAD_NAME, `namespec=${namespec} names a group: start_args starts one process`);
  if (!found.find(process)) throw new RpcFault(Faults.BAD_NAME, `process=${process} unknown in application=${group}`);
  const entry = sup.setExtraArgs(namespec, extraArgs);
  try {
    return settle(sup, startAction(entry, wait, namespec));
  } catch (err) {
    if (err instanceof RpcFault && (err.code === Faults.NO_FILE || err.code === Faults.NOT_EXECUTABLE)) forceFatal(entry);
    throw err;
  }
}

/**
 * Supvisors forces FATAL with the reason as spawnerr. The machine gets there by its own edges: the
 * spawn fails on the same command check (→ BACKOFF with the reason), then gives up (→ FATAL).
 */
function forceFatal(entry: ProcessEntry): void {
  const runner = entry.runner;
  const spawnable: readonly number[] = [ProcessStates.STOPPED, ProcessStates.EXITED, ProcessStates.FATAL, ProcessStates.BACKOFF];
  if (!spawnable.includes(runner.state)) return;
  runner.start();
  runner.giveUp();
}

export function localSupvisorsMethods(deps: LocalMethodsDeps): RpcMethod[] {
  const { sup } = deps;
  const clock = deps.clock ?? systemClock;
  const operation = () => checkFsm(deps.fsm(), ["OPERATION"]);
  const gone = (entry: ProcessEntry) => !sup.group(entry.group)?.entries.includes(entry);
  return [
    {
      name: "supvisors.get_local_process_info",
      params: [{ name: "namespec", type: "string" }],
      returns: "struct",
      help:
        `Describe one process of the local Supervisor: ${LOCAL_KEYS}. BAD_NAME if the namespec names no single process.\n` +
        "@param string namespec the process namespec (name or group:name)\n@return struct the local process info",
      call: ([namespec]) => localInfoValue(sup, sup.process(namespec as string), clock),
    },
    {
      name: "supvisors.get_all_local_process_info",
      params: [],
      returns: "array",
      help: `Describe every process of the local Supervisor, in getAllProcessInfo order: ${LOCAL_KEYS}.\n@return array local process infos`,
      call: () => sup.lexicalEntries().map((entry) => localInfoValue(sup, entry, clock)),
    },
    {
      name: "supvisors.start_args",
      params: [{ name: "namespec", type: "string" }, { name: "extra_args", type: "string" }, WAIT],
      returns: "boolean",
      help:
        "Start one process of the local Supervisor with extra arguments added to its command (they stay for the " +
        "next starts; '' resets them). Faults: BAD_NAME, then those of supervisor.startProcess (DISABLED, " +
        "ALREADY_STARTED, SPAWN_ERROR, ABNORMAL_TERMINATION, FAILED; NO_FILE and NOT_EXECUTABLE leave the process FATAL).\n" +
        "@param string namespec the process namespec\n@param string extra_args arguments added to the command line\n" +
        "@param boolean wait wait until the process is RUNNING\n@return boolean always true unless error",
      call: ([namespec, extraArgs, wait]) => startWithArgs(sup, namespec as string, extraArgs as string, wait as boolean),
    },
    {
      name: "supvisors.update_numprocs",
      params: [PROGRAM, { name: "numprocs", type: "any" }, WAIT, { name: "lazy", type: "boolean", optional: true, default: false }],
      returns: "boolean",
      help:
        "Change the number of processes of a program of the local Supervisor, in every group using it. An increase adds " +
        "the processes (autostart applies) and returns at once; a decrease stops the processes beyond the count and " +
        "removes them (lazy: running ones are left to end, and removed then). Faults: BAD_SUPVISORS_STATE (not " +
        "OPERATION), BAD_NAME, INCORRECT_PARAMETERS (not an integer > 0), NOT_APPLICABLE (process_name without " +
        "%(process_num)), FAILED.\n" +
        "@param string program_name the program\n@param int numprocs the new number of processes (> 0)\n" +
        "@param boolean wait wait until the processes in excess are stopped and removed\n" +
        "@param boolean lazy let the processes in excess end on their own\n@return boolean always true unless error",
      call: ([program, numprocs, wait, lazy]) => {
        operation();
        const name = program as string;
        if (sup.programEntries(name).length === 0) throw new RpcFault(Faults.BAD_NAME, `program=${name} unknown to Supvisors`);
        const change = sup.updateNumprocs(name, numprocsParam(name, numprocs!), { lazy: lazy as boolean });
        const missing = change.added.filter((namespec) => !sup.lexicalEntries().some((e) => e.namespec === namespec));
        if (missing.length > 0) throw new RpcFault(Faults.FAILED, `processes=${pyRepr(missing)}`);
        if (change.retired.length === 0 || lazy || !wait) return true;
        return sup.waitFor(() => (change.retired.every(gone) ? true : undefined));
      },
    },
    {
      name: "supvisors.enable",
      params: [PROGRAM, WAIT],
      returns: "boolean",
      help:
        "Enable a program of the local Supervisor: its processes may start again and autostart applies once more. The " +
        "flag is saved in the disabilities_file. Faults: BAD_SUPVISORS_STATE (not OPERATION), BAD_NAME.\n" +
        "@param string program_name the program\n@param boolean wait wait until its processes are seen enabled\n" +
        "@return boolean always true unless error",
      call: ([program]) => {
        operation();
        // The local processes are enabled before this returns: there is nothing more to wait for.
        sup.enableProgram(program as string);
        return true;
      },
    },
    {
      name: "supvisors.disable",
      params: [PROGRAM, WAIT],
      returns: "boolean",
      help:
        "Disable a program of the local Supervisor: its running processes are stopped and none may start until it is " +
        "enabled (startProcess faults DISABLED). The flag is saved in the disabilities_file. Faults: " +
        "BAD_SUPVISORS_STATE (not OPERATION), BAD_NAME, STILL_RUNNING (wait: a process could not be stopped).\n" +
        "@param string program_name the program\n@param boolean wait wait until its processes are stopped\n" +
        "@return boolean always true unless error",
      call: ([program, wait]) => {
        operation();
        const stopping = sup.disableProgram(program as string);
        if (!wait || stopping.length === 0) return true;
        return sup.waitFor(() => {
          if (!stopping.every((e) => gone(e) || STOPPED_STATES.includes(e.runner.state))) return undefined;
          // A stop that could not be carried out leaves the process UNKNOWN: it may still run.
          const failed = stopping.filter((e) => !gone(e) && e.runner.state === ProcessStates.UNKNOWN);
          if (failed.length > 0) throw new RpcFault(Faults.STILL_RUNNING, `processes=${pyRepr(failed.map((e) => e.namespec))}`);
          return true;
        });
      },
    },
  ];
}
