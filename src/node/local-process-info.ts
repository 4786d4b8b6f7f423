// The local process struct the cluster shares with peers (RPC-SV-19), built from one supervised
// process. Monotonic times are seconds on the daemon's monotonic clock, as the core uses them.
// `extra_args` and `disabled` are the process's own (ST-DYN-06, ST-DYN-01).

import type { ProcessInfo as ClusterProcessInfo } from "../cluster/messages.ts";
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
  // A wall time (ms, unrounded) converted to the monotonic clock: the same distance in the past.
  const toMono = (ms: number) => (ms ? mono - (wallMs - ms) / 1000 : 0);
  const { laststart, laststop } = entry.runner.info;
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
    // Supvisors: `not spawnerr` — an unexpected exit, a spawn failure or a BACKOFF all set one.
    expected: info.spawnerr === "",
    start_monotonic: toMono(laststart),
    stop_monotonic: toMono(laststop),
    now_monotonic: mono,
    extra_args: entry.extraArgs,
    startsecs: cfg.startsecs,
    stopwaitsecs: cfg.stopwaitsecs,
    process_index: rank,
    program_name: cfg.programName,
    disabled: entry.disabled,
    has_stdout: entry.logPath("stdout") !== null,
    has_stderr: entry.logPath("stderr") !== null,
  };
}

/** The rank of `entry` among the processes of its program in `siblings` (its group's entries). */
export function programRank(entry: ProcessEntry, siblings: readonly ProcessEntry[]): number {
  let rank = 0;
  for (const e of siblings) if (e.config.programName === entry.config.programName && e.config.processNum < entry.config.processNum) rank++;
  return rank;
}

/**
 * programRank of every entry of a group at once: sorting once instead of scanning the group per
 * entry (a group of 810 processes was 656 100 comparisons at every whole-list publication).
 */
export function programRanks(siblings: readonly ProcessEntry[]): Map<ProcessEntry, number> {
  const ranks = new Map<ProcessEntry, number>();
  const byProgram = new Map<string, ProcessEntry[]>();
  for (const e of siblings) {
    const list = byProgram.get(e.config.programName);
    if (list === undefined) byProgram.set(e.config.programName, [e]);
    else list.push(e);
  }
  for (const list of byProgram.values()) {
    list.sort((a, b) => a.config.processNum - b.config.processNum);
    // Equal process numbers share a rank, as the strict comparison of programRank gives.
    list.forEach((e, i) => ranks.set(e, i > 0 && list[i - 1]!.config.processNum === e.config.processNum ? ranks.get(list[i - 1]!)! : i));
  }
  return ranks;
}
