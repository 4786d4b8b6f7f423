// A complete ProcessInfo (a process report as instances publish it) for tests: a configured,
// enabled process with a stdout log, in `state`, with what a test needs changed.

import type { ProcessInfo } from "../../src/cluster/messages.ts";
import { ProcessStates, type ProcessStateName } from "../../src/process/states.ts";

/**
 * The pid is 1234 when RUNNING, else 0; the wall "now" is 1000 and the monotonic one 100.
 * @example processInfo("web", "front", "RUNNING", { has_stderr: true })
 */
export function processInfo(group: string, name: string, state: ProcessStateName, extra: Partial<ProcessInfo> = {}): ProcessInfo {
  return {
    group,
    name,
    state: ProcessStates[state],
    statename: state,
    start: 0,
    stop: 0,
    now: 1000,
    pid: state === "RUNNING" ? 1234 : 0,
    description: "",
    spawnerr: "",
    expected: true,
    start_monotonic: 0,
    stop_monotonic: 0,
    now_monotonic: 100,
    extra_args: "",
    startsecs: 1,
    stopwaitsecs: 10,
    process_index: 0,
    program_name: name,
    disabled: false,
    has_stdout: true,
    has_stderr: false,
    ...extra,
  };
}
