// The dashboard's view of the cluster at one instant (UI-04, UI-05, UI-21, UI-24, UI-31): a plain
// value computed from the cluster state and the control engine, which the templates only print.
// Pure: the caller passes the states and the clocks; nothing here reads the node.

import type { ClusterState, InstanceRecord } from "../cluster/state.ts";
import type { FsmState, InstanceState } from "../cluster/states.ts";
import { ACTIVE_INSTANCE_STATES } from "../cluster/states.ts";
import { viewOf } from "../cluster/serial.ts";
import { applicationStatuses, conflicts, jobsOf, processStatuses, type ControlState } from "../control/engine/index.ts";
import type { ApplicationState } from "../control/model/application-status.ts";
import { LoadBook } from "../control/model/load.ts";
import { ProcessStates, RUNNING_STATES } from "../process/states.ts";
import { pyDuration } from "./py-text.ts";

export interface MenuInstance {
  identifier: string;
  nick: string;
  state: InstanceState;
  isMaster: boolean;
  /** CHECKING, CHECKED, RUNNING, FAILED: links to its pages (UI-04). */
  active: boolean;
  /** Its starter or stopper has jobs (blink). */
  busy: boolean;
  /** A process there has crashed (red light). */
  failure: boolean;
}

export interface MenuApplication {
  name: string;
  state: ApplicationState;
  /** In the local starter / stopper jobs (blink). */
  busy: boolean;
  failure: boolean;
  /** The application's own starting strategy, carried by its link. */
  strategy: string;
}

export interface CardApplication {
  name: string;
  managed: boolean;
  strategy: string;
  processes: { name: string; namespec: string; conflict: boolean }[];
}

export interface InstanceCard extends MenuInstance {
  /** HH:MM:SS of its clock, "" when not active. */
  time: string;
  load: number;
  applications: CardApplication[];
}

export interface ConflictCopy {
  identifier: string;
  nick: string;
  /** Seconds. */
  uptime: number;
}

export interface Conflict {
  /** Displayed namespec (`name` when group and name are equal, as Supvisors writes it). */
  namespec: string;
  copies: ConflictCopy[];
}

export interface PageModel {
  fsm: FsmState;
  /** Nick of the Master, or "" when none. */
  masterNick: string;
  masterId: string;
  startingJobs: boolean;
  stoppingJobs: boolean;
  /** The star column of the instance cards (USER option, SYNCHRONIZATION, no Master). */
  userSync: boolean;
  localId: string;
  localNick: string;
  instances: InstanceCard[];
  applications: MenuApplication[];
  conflicts: Conflict[];
}

export interface ModelInput {
  cluster: ClusterState;
  control: ControlState;
  /** Monotonic seconds (the cluster core's clock). */
  now: number;
  /** Sorted by nick (discovery mode) or in declaration order. */
  discoveryMode: boolean;
}

/** Supvisors' `make_namespec`: `name` alone when the group has the process's name. */
export function displayNamespec(group: string, name: string): string {
  return group === name ? name : `${group}:${name}`;
}

function crashed(record: InstanceRecord): boolean {
  for (const info of record.processes.values()) {
    if (info.state === ProcessStates.FATAL || (info.state === ProcessStates.EXITED && !info.expected)) return true;
  }
  return false;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Local time of day of an epoch-seconds instant, as Supvisors' simple_localtime. */
export function timeOfDay(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000);
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

/** Supvisors' simple_duration (`str(timedelta)`): H:MM:SS, with "N day(s), " from one day on. */
export function duration(seconds: number): string {
  return pyDuration(seconds);
}

/** The instance's own clock now: its last tick's wall time plus the local time elapsed since. */
function remoteWall(record: InstanceRecord, now: number): number {
  return record.times.remoteTime + (now - record.times.localMtime);
}

function orderedRecords(cluster: ClusterState, discoveryMode: boolean): InstanceRecord[] {
  const records = [...cluster.instances.values()];
  if (discoveryMode) records.sort((a, b) => (a.identity.nick < b.identity.nick ? -1 : a.identity.nick > b.identity.nick ? 1 : 0));
  return records;
}

/**
 * @example
 *   const model = buildModel({ cluster, control, now: 12.5, discoveryMode: false });
 *   model.instances[0].applications; // processes running there, grouped by application
 */
export function buildModel(input: ModelInput): PageModel {
  const { cluster, control, now } = input;
  const book = control.book;
  const statuses = processStatuses(control, cluster);
  const conflicting = conflicts(control, cluster);
  const conflictKeys = new Set(conflicting.map((s) => s.namespec));
  const loads = LoadBook.from(cluster, book, statuses);
  const jobs = jobsOf(control);
  const busyApps = new Set(jobs.applications.map((j) => j.application));
  const running = RUNNING_STATES as readonly number[];

  const instances: InstanceCard[] = orderedRecords(cluster, input.discoveryMode).map((record) => {
    const id = record.identity.identifier;
    const view = viewOf(cluster, id);
    const active = ACTIVE_INSTANCE_STATES.includes(record.state);
    const byApp = new Map<string, CardApplication>();
    const keys = [...record.processes.keys()].sort();
    for (const key of keys) {
      const info = record.processes.get(key)!;
      if (!running.includes(info.state)) continue;
      let app = byApp.get(info.group);
      if (app === undefined) {
        const rules = book.application(info.group);
        app = { name: info.group, managed: rules.managed, strategy: rules.starting_strategy, processes: [] };
        byApp.set(info.group, app);
      }
      app.processes.push({ name: info.name, namespec: displayNamespec(info.group, info.name), conflict: conflictKeys.has(key) });
    }
    const isLocal = id === cluster.localId;
    return {
      identifier: id,
      nick: record.identity.nick,
      state: record.state,
      isMaster: id === cluster.master,
      active,
      busy: view !== null && (view.startingJobs || view.stoppingJobs),
      failure: record.state === "RUNNING" && crashed(record),
      time: active ? timeOfDay(isLocal ? cluster.clock.wall + (now - cluster.clock.mono) : remoteWall(record, now)) : "",
      load: loads.instanceLoad(id),
      applications: [...byApp.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    };
  });

  const applications: MenuApplication[] = applicationStatuses(control, cluster)
    .filter((a) => a.managed)
    .map((a) => ({
      name: a.name,
      state: a.state,
      busy: busyApps.has(a.name),
      failure: a.majorFailure || a.minorFailure,
      strategy: book.application(a.name).starting_strategy,
    }));

  const conflictsView: Conflict[] =
    cluster.fsm === "CONCILIATION"
      ? conflicting.map((status) => ({
          namespec: displayNamespec(status.application, status.name),
          copies: [...status.runningOn].sort().map((identifier) => {
            const record = cluster.instances.get(identifier)!;
            const info = record.processes.get(status.namespec);
            const up = info && info.start > 0 ? remoteWall(record, now) - info.start : 0;
            return { identifier, nick: record.identity.nick, uptime: up };
          }),
        }))
      : [];

  const master = cluster.instances.get(cluster.master);
  let startingJobs = false;
  let stoppingJobs = false;
  for (const id of cluster.instances.keys()) {
    const view = viewOf(cluster, id);
    startingJobs ||= view?.startingJobs ?? false;
    stoppingJobs ||= view?.stoppingJobs ?? false;
  }
  return {
    fsm: cluster.fsm,
    masterNick: master?.identity.nick ?? "",
    masterId: master ? cluster.master : "",
    startingJobs,
    stoppingJobs,
    userSync: cluster.options.synchroOptions.includes("USER") && cluster.fsm === "SYNCHRONIZATION" && cluster.master === "",
    localId: cluster.localId,
    localNick: cluster.instances.get(cluster.localId)?.identity.nick ?? cluster.localId,
    instances,
    applications,
    conflicts: conflictsView,
  };
}
