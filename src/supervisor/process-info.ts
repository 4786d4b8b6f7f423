// The struct getProcessInfo returns (RPC-SUP-23), built from a snapshot of one process.
// Pure: the clock is a parameter, so descriptions are tested without waiting.

import { ProcessStates, processStateName, type ProcessState } from "../process/states.ts";

export interface ProcessSnapshot {
  name: string;
  group: string;
  state: ProcessState;
  /** Milliseconds since the epoch; 0 = never. */
  laststart: number;
  laststop: number;
  pid: number;
  spawnerr: string;
  exitstatus: number | null;
  stdoutLogfile: string;
  stderrLogfile: string;
}

export interface ProcessInfo {
  [key: string]: string | number;
  name: string;
  group: string;
  start: number;
  stop: number;
  now: number;
  state: number;
  statename: string;
  spawnerr: string;
  exitstatus: number;
  logfile: string;
  stdout_logfile: string;
  stderr_logfile: string;
  pid: number;
  description: string;
}

const INT32_MAX = 2 ** 31 - 1;
const INT32_MIN = -(2 ** 31);

/** RPC-GEN-06: times travel as 32-bit ints. */
export function cappedSeconds(ms: number): number {
  return Math.min(INT32_MAX, Math.max(INT32_MIN, Math.floor(ms / 1000)));
}

export function processInfo(snap: ProcessSnapshot, nowMs: number): ProcessInfo {
  const info: ProcessInfo = {
    name: snap.name,
    group: snap.group,
    start: cappedSeconds(snap.laststart),
    stop: cappedSeconds(snap.laststop),
    now: cappedSeconds(nowMs),
    state: snap.state,
    statename: processStateName(snap.state),
    spawnerr: snap.spawnerr,
    exitstatus: snap.exitstatus ?? 0,
    logfile: snap.stdoutLogfile,
    stdout_logfile: snap.stdoutLogfile,
    stderr_logfile: snap.stderrLogfile,
    pid: snap.pid,
    description: "",
  };
  info.description = describe(info);
  return info;
}

/** The human text supervisorctl shows in its third column. */
export function describe(info: Pick<ProcessInfo, "state" | "start" | "stop" | "now" | "pid" | "spawnerr" | "name">): string {
  switch (info.state) {
    case ProcessStates.RUNNING:
      return `pid ${info.pid}, uptime ${formatUptime(Math.max(0, info.now - info.start))}`;
    case ProcessStates.FATAL:
    case ProcessStates.BACKOFF:
      return info.spawnerr || `unknown error (try "tail ${info.name}")`;
    case ProcessStates.STOPPED:
    case ProcessStates.EXITED:
      return info.start ? formatStopDate(new Date(info.stop * 1000)) : "Not started";
    default:
      return "";
  }
}

/** Python's str(timedelta): `H:MM:SS`, or `N day(s), H:MM:SS`. */
export function formatUptime(totalSeconds: number): string {
  const days = Math.floor(totalSeconds / 86400);
  const rest = totalSeconds % 86400;
  const h = Math.floor(rest / 3600);
  const m = Math.floor((rest % 3600) / 60);
  const s = rest % 60;
  const clock = `${h}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
  if (days === 0) return clock;
  return `${days} ${days === 1 ? "day" : "days"}, ${clock}`;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** strftime('%b %d %I:%M %p') in local time, e.g. `Nov 24 09:50 PM`. */
export function formatStopDate(date: Date): string {
  const hours24 = date.getHours();
  const hours12 = hours24 % 12 === 0 ? 12 : hours24 % 12;
  const two = (n: number) => String(n).padStart(2, "0");
  return `${MONTHS[date.getMonth()]} ${two(date.getDate())} ${two(hours12)}:${two(date.getMinutes())} ${hours24 < 12 ? "AM" : "PM"}`;
}
