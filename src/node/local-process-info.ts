// The local process struct the cluster shares with peers (RPC-SV-19), built from one supervised
// process. Monotonic times are seconds on the daemon's monotonic clock, as the core uses them.

import type { ProcessInfo as ClusterProcessInfo } from "../cluster/messages.ts";
import { ProcessStates } from "../process/states.ts";
import type { ProcessEntry } from "../supervisor/process-entry.ts";

export interface MonotonicClock {
  /** Wall time in ms (the supervisor's clock). */
  wallMs(): number;
  /** Monotonic seconds. */
  monotonic(): number;
}

/**
 * `rank`: 0-based position of the process in its program (CFG-PG-04 process_index), whatever
 * numprocs_start is; see programRank.
 */
export function localProcessInfo(entry: ProcessEntry, rank: number, clock: MonotonicClock): ClusterProcessInfo {
  const wallMs = clock.wallMs();
  const info = entry.info(wallMs);
  const mono = clock.monotonic();
  // A wall time converted to the monotonic clock: the same distance in the past.
  const toMono = (seconds: number) => (seconds ? mono - (wallMs / 1000 - seconds) : 0);
  const state = entry.runner.info;
  const cfg = entry.config;
  return {
    group: info.group,
    name: info.name,
    state: info.state,
    statename: info.statename,
    start: info.start,
    stop: info.stop,
    now: info.now,
    pid: info.pid,
    description: info.description,
    spawnerr: info.spawnerr,
    // EXITED with an exit code listed in exitcodes.
    expected: info.state !== ProcessStates.EXITED || cfg.exitcodes.includes(state.exitstatus ?? 0),
    start_monotonic: toMono(info.start),
    stop_monotonic: toMono(info.stop),
    now_monotonic: mono,
    extra_args: "",
    startsecs: cfg.startsecs,
    stopwaitsecs: cfg.stopwaitsecs,
    process_index: rank,
    program_name: cfg.programName,
    disabled: false,
    has_stdout: entry.logPath("stdout") !== null,
    has_stderr: entry.logPath("stderr") !== null,
  };
}

/** The rank of `entry` among the processes of its program in `siblings` (its group's entries). */
export function programRank(entry: ProcessEntry, siblings: readonly ProcessEntry[]): number {
  return siblings.filter((e) => e.config.programName === entry.config.programName && e.config.processNum < entry.config.processNum).length;
}
