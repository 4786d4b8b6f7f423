// One process as the whole cluster sees it (ST-PS-01..07): the reports of every instance that has
// it configured, folded into one displayed state, the set of instances it runs on, and the flags
// the rest of the control layer and the UI read. Pure: the engine passes the arrival times of the
// last events and the state it forced, if any.
//
//   processStatus(snapshot, "store:db", forced.get("store:db"), eventTimes.get("store:db"));
//   // → { state: "RUNNING", runningOn: ["srv-1:9001"], ... }

import { type ProcessStateName, ProcessStates, RUNNING_STATES, processStateName } from "../../process/states.ts";
import { byText, knownNamespecs, reportsOf } from "./lookup.ts";
import type { ClusterSnapshot, ForcedState } from "./snapshot.ts";

export interface ProcessStatus {
  application: string;
  name: string;
  namespec: string;
  /** The displayed state: the forced one when Supvisors forced it (ST-PS-05), else the synthetic one. */
  state: ProcessStateName;
  expectedExit: boolean;
  /** Local monotonic time of the latest event about this process (or of the forced state). */
  lastEventMtime: number;
  /** The running set (ST-PS-02), in instance order. */
  runningOn: string[];
  /** Instances where the process is configured, in instance order. */
  configuredOn: string[];
  extraArgs: string;
  /** "" when not forced. */
  forcedReason: string;
  /** Disabled on every instance that knows it (ST-PS-07). */
  disabled: boolean;
  /** FATAL or unexpectedly EXITED on some instance (ST-PS-06). */
  crashed: boolean;
}

/** ST-PS-03: of several running states, the first present in this order. */
const CONFLICT_ORDER: readonly number[] = [...RUNNING_STATES, ProcessStates.STOPPING];

/** In the running set: a running state, or STOPPING, which leaves the set only once stopped (ST-PS-02). */
function inRunningSet(state: number): boolean {
  return (RUNNING_STATES as readonly number[]).includes(state) || state === ProcessStates.STOPPING;
}

/** STOPPED without a stop time: the process never ran on that instance (in its daemon's life). */
function neverRanThere(info: { state: number; stop: number }): boolean {
  return info.state === ProcessStates.STOPPED && info.stop === 0;
}

/** A state number as a name; a number outside Supervisor's list is shown as UNKNOWN. */
function nameOf(state: number): ProcessStateName {
  try {
    return processStateName(state);
  } catch {
    return "UNKNOWN";
  }
}

/**
 * The cluster-wide status of `namespec`, or undefined when no instance reports it.
 * `eventTimes`: instance identifier → local monotonic time its last event about the process
 * arrived; without an entry, the report's own `now_monotonic` stands in. A forced state is shown
 * unless a real event arrived after it was imposed.
 */
export function processStatus(
  snapshot: ClusterSnapshot,
  namespec: string,
  forced: ForcedState | undefined,
  eventTimes: ReadonlyMap<string, number> | undefined,
): ProcessStatus | undefined {
  const reports = reportsOf(snapshot, namespec);
  const first = reports[0];
  if (first === undefined) return undefined;
  const timeOf = (identifier: string, fallback: number) => eventTimes?.get(identifier) ?? fallback;
  // The most recently updated instance; the first one in instance order on equal times.
  let latest = first;
  for (const report of reports) {
    if (timeOf(report.identifier, report.info.now_monotonic) > timeOf(latest.identifier, latest.info.now_monotonic)) {
      latest = report;
    }
  }
  let lastEventMtime = timeOf(latest.identifier, latest.info.now_monotonic);
  const running = reports.filter((report) => inRunningSet(report.info.state));
  // The state shown when nothing runs comes from the latest report that says something of the
  // process: an instance where it never ran (STOPPED, no stop time) has no news of it, however
  // recent its report. Without this, an instance joining (or back after a restart) would turn a
  // one-shot that ran and exited elsewhere into STOPPED: a required one then makes its running
  // application look failed (ST-APP-10), and the next DISTRIBUTION plans that application again.
  // Supvisors takes the latest report whatever it says (ProcessStatus.update_status).
  let latestNews: (typeof reports)[number] | undefined;
  for (const report of reports) {
    if (neverRanThere(report.info)) continue;
    if (latestNews === undefined || timeOf(report.identifier, report.info.now_monotonic) > timeOf(latestNews.identifier, latestNews.info.now_monotonic)) {
      latestNews = report;
    }
  }
  let state: number;
  let expectedExit = true;
  if (running.length === 1) {
    state = (running[0] as (typeof running)[number]).info.state;
  } else if (running.length > 1) {
    const present = new Set(running.map((report) => report.info.state));
    state = CONFLICT_ORDER.find((candidate) => present.has(candidate)) ?? ProcessStates.UNKNOWN;
  } else {
    // No STOPPING report can be left here (it is in the running set), so ST-PS-03's STOPPING
    // priority for an empty running set is already served by the branches above.
    const shown = latestNews ?? latest;
    state = shown.info.state;
    expectedExit = shown.info.expected;
  }
  let displayed = nameOf(state);
  let forcedReason = "";
  const superseded =
    forced !== undefined && eventTimes !== undefined && reports.some((report) => (eventTimes.get(report.identifier) ?? -Infinity) > forced.at);
  if (forced !== undefined && !superseded) {
    displayed = forced.state;
    expectedExit = forced.state !== "FATAL";
    forcedReason = forced.reason;
    lastEventMtime = Math.max(lastEventMtime, forced.at);
  }
  return {
    application: first.info.group,
    name: first.info.name,
    namespec,
    state: displayed,
    expectedExit,
    lastEventMtime,
    runningOn: running.map((report) => report.identifier),
    configuredOn: reports.map((report) => report.identifier),
    // The last received value wins: every instance applies it when it arrives (ST-PS-08).
    extraArgs: latest.info.extra_args,
    forcedReason,
    disabled: reports.every((report) => report.info.disabled),
    crashed: reports.some(
      (report) =>
        report.info.state === ProcessStates.FATAL || (report.info.state === ProcessStates.EXITED && !report.info.expected),
    ),
  };
}

/** The status of every namespec known anywhere, sorted by namespec. */
export function allProcessStatuses(
  snapshot: ClusterSnapshot,
  forced: ReadonlyMap<string, ForcedState>,
  eventTimes: ReadonlyMap<string, ReadonlyMap<string, number>>,
): ProcessStatus[] {
  return knownNamespecs(snapshot)
    .map((namespec) => processStatus(snapshot, namespec, forced.get(namespec), eventTimes.get(namespec)))
    .filter((status): status is ProcessStatus => status !== undefined)
    .sort((a, b) => byText(a.namespec, b.namespec));
}

/** RULE-62: a process counts as up when STARTING, RUNNING, BACKOFF, or EXITED as expected. */
export function processValue(status: ProcessStatus): boolean {
  return (
    status.state === "STARTING" ||
    status.state === "RUNNING" ||
    status.state === "BACKOFF" ||
    (status.state === "EXITED" && status.expectedExit)
  );
}
