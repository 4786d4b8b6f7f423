// The application page at one instant (UI-60, UI-63): the application's state and LED, and one
// synthetic row per process (sorted by name) with, when expanded, one row per instance where the
// process is configured. A plain value computed from the control engine, the cluster state and
// the statistics; the templates only print it. Pure: nothing here reads the node.

import type { ClusterState } from "../../cluster/state.ts";
import { applicationStatuses, processStatuses, type ControlState } from "../../control/engine/index.ts";
import type { ApplicationState, ApplicationStatus } from "../../control/model/application-status.ts";
import { resolveIdentifiers } from "../../control/model/identifiers.ts";
import type { ProcessStatus } from "../../control/model/synthesis.ts";
import type { ProcessInfo } from "../../cluster/messages.ts";
import { ProcessStates, RUNNING_STATES, STOPPED_STATES, type ProcessStateName } from "../../process/states.ts";
import type { StatsView } from "../deps.ts";
import { displayNamespec } from "../model.ts";
import { latestFigures } from "../process-stats.ts";
import { smallValue } from "../py-text.ts";
import { shexBit, toggleShex } from "../shex.ts";

export type Led = "status_red" | "status_yellow" | "status_green" | "status_empty";

export interface ProcessRow {
  /** A synthetic row (the process over the cluster) or one instance's report of it. */
  kind: "process" | "instance";
  /** As Supvisors writes it: `name` when the group has the process's name. */
  namespec: string;
  name: string;
  /** The instance the description, statistics and log links come from; null when none applies. */
  identifier: string | null;
  state: string;
  /** State cell classes: the gravity (FATAL for an unexpected exit), `crashed`, `disabled`. */
  stateClasses: string[];
  /** Running on several instances: the state blinks. */
  conflict: boolean;
  /** The running instance button: its nick and identifier, `Conciliate` in conflict, or none. */
  running: { label: string; identifier: string } | { label: "Conciliate"; identifier: null } | null;
  description: string;
  expectedLoad: number;
  /** Latest CPU / MEM of the process there, "--" when no figure. */
  cpu: string;
  mem: string;
  /** Its statistics are the ones the panel shows (same namespec and instance). */
  selected: boolean;
  canStart: boolean;
  canStop: boolean;
  canRestart: boolean;
  hasStdout: boolean;
  hasStderr: boolean;
  /** Synthetic rows: whether expanded, how many instance rows follow, the mask that inverts it. */
  expanded: boolean;
  instanceRows: number;
  toggleShex: string;
}

export interface ApplicationModel {
  name: string;
  state: ApplicationState;
  led: Led;
  rows: ProcessRow[];
  /** Masks of the global expand / shrink buttons. */
  expandAll: string;
  shrinkAll: string;
  /** The process whose statistics the panel shows, once checked against the application. */
  selected: CheckedSelection | null;
}

/** `processname` and `ident` of the page. */
export interface Selection {
  namespec: string;
  identifier: string;
}

/** A selection of a process of the application, with its statistics key (`group:name`). */
export interface CheckedSelection extends Selection {
  key: string;
}

export interface ApplicationInput {
  cluster: ClusterState;
  control: ControlState;
  stats: StatsView;
  /** `stats_irix_mode`: process CPU kept in % of one core instead of divided by the core count. */
  irixMode: boolean;
  appname: string;
  period: number;
  pshex: string;
  /** The process selected for the statistics panel (`processname`, `ident`), if any. */
  selection?: Selection | null;
}

/** UI-60: red on a major failure, yellow on a minor one, green when running, else empty. */
export function ledOf(status: Pick<ApplicationStatus, "majorFailure" | "minorFailure" | "state">): Led {
  if (status.majorFailure) return "status_red";
  if (status.minorFailure) return "status_yellow";
  return status.state === "RUNNING" ? "status_green" : "status_empty";
}

function nickOf(cluster: ClusterState, identifier: string): string {
  return cluster.instances.get(identifier)?.identity.nick ?? identifier;
}

function figures(input: ApplicationInput, identifier: string | null, key: string): { cpu: string; mem: string } {
  if (identifier === null) return { cpu: "--", mem: "--" };
  const latest = latestFigures(input.stats, input.irixMode, identifier, key, input.period);
  return latest === null ? { cpu: "--", mem: "--" } : { cpu: smallValue(latest.cpu), mem: smallValue(latest.mem) };
}

/**
 * The panel's process, as Supvisors checks it: a process of this application that is not stopped
 * (else the selection is dropped); the instance is the one the link named (a row must show it).
 */
export function checkSelection(selection: Selection | null | undefined, processes: readonly ProcessStatus[]): CheckedSelection | null {
  if (selection === null || selection === undefined || selection.namespec === "" || selection.identifier === "") return null;
  const status = processes.find((s) => displayNamespec(s.application, s.name) === selection.namespec);
  if (status === undefined || inStates(status.state, STOPPED_STATES)) return null;
  return { namespec: selection.namespec, identifier: selection.identifier, key: status.namespec };
}

function isSelected(selection: Selection | null, namespec: string, identifier: string | null): boolean {
  return selection !== null && selection.namespec === namespec && selection.identifier === identifier;
}

function reportsOf(cluster: ClusterState, status: ProcessStatus): { identifier: string; info: ProcessInfo }[] {
  const reports: { identifier: string; info: ProcessInfo }[] = [];
  for (const identifier of status.configuredOn) {
    const info = cluster.instances.get(identifier)?.processes.get(status.namespec);
    if (info !== undefined) reports.push({ identifier, info });
  }
  return reports;
}

/** UI-63: where the description (and the statistics, the log links) of a synthetic row come from. */
function applicableDetails(cluster: ClusterState, status: ProcessStatus): { identifier: string | null; description: string; stdout: boolean; stderr: boolean } {
  if (status.forcedReason !== "") return { identifier: null, description: status.forcedReason, stdout: false, stderr: false };
  const reports = reportsOf(cluster, status);
  const running = reports.filter((r) => status.runningOn.includes(r.identifier));
  if (running.length === 1) {
    const { identifier, info } = running[0]!;
    return { identifier, description: `${info.description} on ${nickOf(cluster, identifier)}`, stdout: info.has_stdout, stderr: info.has_stderr };
  }
  if (running.length > 1) {
    return { identifier: null, description: `conflict on ${status.runningOn.map((id) => nickOf(cluster, id)).join(", ")}`, stdout: false, stderr: false };
  }
  // None running: the report of the latest stop tells why (the first one on equal times).
  let latest = reports[0];
  for (const report of reports) if (latest === undefined || report.info.stop > latest.info.stop) latest = report;
  if (latest === undefined) return { identifier: null, description: "", stdout: false, stderr: false };
  const started = latest.info.start > 0;
  return {
    identifier: latest.identifier,
    description: started ? `${latest.info.description} on ${nickOf(cluster, latest.identifier)}` : latest.info.description,
    stdout: started && latest.info.has_stdout,
    stderr: started && latest.info.has_stderr,
  };
}

/** Where the rules allow the process and it is configured and enabled (Supvisors' possible_identifiers). */
function possibleIdentifiers(input: ApplicationInput, status: ProcessStatus): string[] {
  const rules = input.control.book.program(status.application, status.name);
  const names = [...rules.identifiers, ...rules.hash_identifiers, ...rules.at_identifiers];
  return resolveIdentifiers(names, input.cluster).filter((identifier) => {
    const info = input.cluster.instances.get(identifier)?.processes.get(status.namespec);
    return info !== undefined && !info.disabled;
  });
}

function inStates(state: string, states: readonly number[]): boolean {
  const code = ProcessStates[state as ProcessStateName];
  return code !== undefined && states.includes(code);
}

function syntheticRow(input: ApplicationInput, status: ProcessStatus, index: number, selection: Selection | null): ProcessRow {
  const details = applicableDetails(input.cluster, status);
  const startable = possibleIdentifiers(input, status).length > 0;
  const unexpectedExit = status.state === "EXITED" && !status.expectedExit;
  const conflict = status.runningOn.length > 1;
  let running: ProcessRow["running"] = null;
  if (status.runningOn.length === 1) running = { label: nickOf(input.cluster, status.runningOn[0]!), identifier: status.runningOn[0]! };
  else if (conflict) running = { label: "Conciliate", identifier: null };
  const expanded = shexBit(input.pshex, index);
  return {
    kind: "process",
    namespec: displayNamespec(status.application, status.name),
    name: status.name,
    identifier: details.identifier,
    state: status.state,
    stateClasses: [unexpectedExit ? "FATAL" : status.state, ...(status.crashed ? ["crashed"] : []), ...(status.disabled ? ["disabled"] : [])],
    conflict,
    running,
    description: details.description,
    expectedLoad: input.control.book.program(status.application, status.name).expected_loading,
    ...figures(input, details.identifier, status.namespec),
    selected: isSelected(selection, displayNamespec(status.application, status.name), details.identifier),
    canStart: startable && inStates(status.state, STOPPED_STATES),
    canStop: inStates(status.state, RUNNING_STATES),
    canRestart: startable && inStates(status.state, RUNNING_STATES),
    hasStdout: details.stdout,
    hasStderr: details.stderr,
    expanded,
    instanceRows: expanded ? status.configuredOn.length : 0,
    toggleShex: toggleShex(input.pshex, index),
  };
}

/** UI-64: an instance's own report; its start / stop / restart are off, its logs on. */
function instanceRow(input: ApplicationInput, status: ProcessStatus, identifier: string, info: ProcessInfo, selection: Selection | null): ProcessRow {
  const crashed = info.state === ProcessStates.FATAL || (info.state === ProcessStates.EXITED && !info.expected);
  return {
    kind: "instance",
    namespec: displayNamespec(status.application, status.name),
    name: "",
    identifier,
    state: info.statename,
    stateClasses: [crashed ? "FATAL" : info.statename, ...(crashed ? ["crashed"] : []), ...(info.disabled ? ["disabled"] : [])],
    conflict: false,
    running: { label: nickOf(input.cluster, identifier), identifier },
    description: info.description,
    expectedLoad: input.control.book.program(status.application, status.name).expected_loading,
    ...figures(input, identifier, status.namespec),
    selected: isSelected(selection, displayNamespec(status.application, status.name), identifier),
    canStart: false,
    canStop: false,
    canRestart: false,
    hasStdout: info.has_stdout && info.start > 0,
    hasStderr: info.has_stderr && info.start > 0,
    expanded: false,
    instanceRows: 0,
    toggleShex: input.pshex,
  };
}

/** The status of `appname`, or null when no instance knows it. */
export function findApplication(control: ControlState, cluster: ClusterState, appname: string): ApplicationStatus | null {
  return applicationStatuses(control, cluster).find((a) => a.name === appname) ?? null;
}

/** The sorted statuses of the application's processes (the order of the `pshex` bits). */
export function applicationProcesses(control: ControlState, cluster: ClusterState, appname: string): ProcessStatus[] {
  return processStatuses(control, cluster)
    .filter((s) => s.application === appname)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * @example buildApplicationModel({ cluster, control, stats, irixMode: false, appname: "web", period: 10, pshex: "00" })
 *   // { name: "web", state: "RUNNING", led: "status_green", rows: [...] }
 */
export function buildApplicationModel(input: ApplicationInput): ApplicationModel | null {
  const status = findApplication(input.control, input.cluster, input.appname);
  if (status === null) return null;
  const processes = applicationProcesses(input.control, input.cluster, input.appname);
  const checked = checkSelection(input.selection, processes);
  const rows: ProcessRow[] = [];
  processes.forEach((process, index) => {
    const row = syntheticRow(input, process, index, checked);
    rows.push(row);
    if (!row.expanded) return;
    for (const { identifier, info } of reportsOf(input.cluster, process)) rows.push(instanceRow(input, process, identifier, info, checked));
  });
  // As Supvisors: the panel shows the figures of a row of the table, none when no row is the selection.
  const selected = rows.some((row) => row.selected) ? checked : null;
  const bytes = Math.ceil(processes.length / 8);
  return { name: status.name, state: status.state, led: ledOf(status), rows, expandAll: "ff".repeat(bytes), shrinkAll: "00".repeat(bytes), selected };
}
