// The Supervisor page's view of the local processes at one instant (UI-43..47): the rows of the
// process table grouped by application, with their enablement rules, expected loads, CPU / MEM and
// the totals. Pure: the caller passes what the XML-RPC methods answered, the rules, the
// application statuses and the statistics; nothing here reads the node.

import type { XmlRpcValue } from "../../api/xmlrpc/value.ts";
import { Double } from "../../api/xmlrpc/value.ts";
import { ProcessStates, RUNNING_STATES, STOPPED_STATES } from "../../process/states.ts";
import { displayNamespec } from "../model.ts";
import { defaultShex, parseShex, shexBit, toggleShex } from "../shex.ts";

/** One local process as the two XML-RPC listings describe it. */
export interface LocalProcess {
  group: string;
  name: string;
  state: number;
  statename: string;
  description: string;
  expected: boolean;
  disabled: boolean;
  hasStdout: boolean;
  hasStderr: boolean;
  pid: number;
}

export interface ProcessRow {
  /** `group:name`, as the actions send it. */
  namespec: string;
  /** Supvisors' display form: `name` alone when the group has its name. */
  display: string;
  name: string;
  statename: string;
  description: string;
  disabled: boolean;
  crashed: boolean;
  running: boolean;
  load: number;
  /** Latest figures, null when none (stats off or not collected yet). */
  cpu: number | null;
  mem: number | null;
  hasStdout: boolean;
  hasStderr: boolean;
  canStart: boolean;
  canStop: boolean;
  canRestart: boolean;
}

export interface ApplicationRow {
  name: string;
  managed: boolean;
  /** Application state from the control engine ("" when it does not know the application). */
  state: string;
  /** Operational status text (UI-45 description). */
  operational: string;
  load: number;
  cpu: number;
  mem: number;
  /** Some running process had figures (else the sums are shown as "--"). */
  figures: boolean;
  /** One process named like its group: shown as one row (UI-43). */
  single: boolean;
  processes: ProcessRow[];
}

export interface InstanceTable {
  applications: ApplicationRow[];
  totals: { load: number; cpu: number; mem: number; figures: boolean };
}

export interface TableInput {
  processes: LocalProcess[];
  /** Expected loading of a program (rules). */
  loadOf(application: string, process: string): number;
  /** Application state and operational status, when the control engine knows the application. */
  applicationOf(name: string): { state: string; operational: string; managed: boolean };
  /** Latest CPU and MEM of a process (namespec `group:name`), null when unknown. */
  figuresOf(namespec: string): { cpu: number; mem: number } | null;
}

const running = RUNNING_STATES as readonly number[];
const stopped = STOPPED_STATES as readonly number[];

function field(struct: { [key: string]: XmlRpcValue }, key: string): XmlRpcValue | undefined {
  return struct[key];
}

function text(value: XmlRpcValue | undefined): string {
  return typeof value === "string" ? value : "";
}

function num(value: XmlRpcValue | undefined): number {
  if (typeof value === "number") return value;
  if (value instanceof Double) return value.value;
  return 0;
}

function isStruct(value: XmlRpcValue): value is { [key: string]: XmlRpcValue } {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Double) && !(value instanceof Date) && !(value instanceof Uint8Array);
}

/**
 * Merges `supervisor.getAllProcessInfo` (descriptions, log files) and
 * `supvisors.get_all_local_process_info` (disabled, log presence) by namespec.
 * @example localProcesses(allInfo, localInfo)[0].disabled
 */
export function localProcesses(allInfo: XmlRpcValue, localInfo: XmlRpcValue): LocalProcess[] {
  const local = new Map<string, { [key: string]: XmlRpcValue }>();
  if (Array.isArray(localInfo)) {
    for (const item of localInfo) if (isStruct(item)) local.set(`${text(field(item, "group"))}:${text(field(item, "name"))}`, item);
  }
  const result: LocalProcess[] = [];
  if (!Array.isArray(allInfo)) return result;
  for (const item of allInfo) {
    if (!isStruct(item)) continue;
    const group = text(field(item, "group"));
    const name = text(field(item, "name"));
    const extra = local.get(`${group}:${name}`);
    // Without the Supvisors listing, log presence falls back on the configured log file names.
    const hasStdout = extra !== undefined ? field(extra, "has_stdout") === true : text(field(item, "stdout_logfile")) !== "";
    const hasStderr = extra !== undefined ? field(extra, "has_stderr") === true : text(field(item, "stderr_logfile")) !== "";
    result.push({
      group,
      name,
      state: num(field(item, "state")),
      statename: text(field(item, "statename")),
      description: text(field(item, "description")),
      // Only Supvisors' listing says whether an exit was expected; unknown counts as expected.
      expected: extra === undefined || field(extra, "expected") !== false,
      disabled: extra !== undefined && field(extra, "disabled") === true,
      hasStdout,
      hasStderr,
      pid: num(field(item, "pid")),
    });
  }
  return result;
}

/** FATAL, or EXITED when the exit was not expected (Supvisors' crashed()). */
export function isCrashed(p: Pick<LocalProcess, "state" | "expected">): boolean {
  return p.state === ProcessStates.FATAL || (p.state === ProcessStates.EXITED && !p.expected);
}

/** The row of one process with the enablement rules of UI-44. */
export function processRow(p: LocalProcess, input: TableInput): ProcessRow {
  const namespec = `${p.group}:${p.name}`;
  const isRunning = running.includes(p.state);
  const figures = input.figuresOf(namespec);
  return {
    namespec,
    display: displayNamespec(p.group, p.name),
    name: p.name,
    statename: p.statename,
    description: p.description,
    disabled: p.disabled,
    crashed: isCrashed(p),
    running: isRunning,
    load: input.loadOf(p.group, p.name),
    cpu: figures?.cpu ?? null,
    mem: figures?.mem ?? null,
    hasStdout: p.hasStdout,
    hasStderr: p.hasStderr,
    canStart: stopped.includes(p.state) && !p.disabled,
    canStop: isRunning,
    canRestart: isRunning && !p.disabled,
  };
}

/**
 * The whole table: applications sorted by name, processes by name, sums over running processes.
 * @example buildTable({ processes, loadOf: () => 0, applicationOf: () => ({ state: "", operational: "", managed: false }), figuresOf: () => null }).totals
 */
export function buildTable(input: TableInput): InstanceTable {
  const byApp = new Map<string, ProcessRow[]>();
  for (const p of input.processes) {
    const rows = byApp.get(p.group) ?? [];
    byApp.set(p.group, rows);
    rows.push(processRow(p, input));
  }
  const names = [...byApp.keys()].sort();
  const totals = { load: 0, cpu: 0, mem: 0, figures: false };
  const applications = names.map((name): ApplicationRow => {
    const processes = byApp.get(name)!.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const sums = { load: 0, cpu: 0, mem: 0, figures: false };
    for (const row of processes) {
      if (!row.running) continue;
      sums.load += row.load;
      if (row.cpu === null || row.mem === null) continue;
      sums.cpu += row.cpu;
      sums.mem += row.mem;
      sums.figures = true;
    }
    totals.load += sums.load;
    totals.cpu += sums.cpu;
    totals.mem += sums.mem;
    totals.figures ||= sums.figures;
    const status = input.applicationOf(name);
    return {
      name,
      managed: status.managed,
      state: status.state,
      operational: status.operational,
      ...sums,
      single: processes.length === 1 && processes[0]!.name === name,
      processes,
    };
  });
  return { applications, totals };
}

/** The `ashex` state of the table: which applications are expanded and the masks of its buttons. */
export interface AshexView {
  /** The mask in force (all expanded when the URL gave none that fits). */
  mask: string;
  /** Whether the application is expanded (an application outside the mask is). */
  expanded(application: string): boolean;
  /** The mask with the application inverted: its [+] / [–] link. */
  toggled(application: string): string;
  /** Masks of the global buttons; each is null when the table is already so. */
  expandAll: string | null;
  shrinkAll: string | null;
}

/**
 * The `ashex` of the Supervisor page, as Supvisors reads it: one bit per application the cluster
 * knows (`applications`, every one, sorted by name: the bit order of a bookmarked URL), all
 * expanded by default or when the mask does not fit.
 * @example ashexView("01", ["a", "b", "c"]).expanded("b") // false
 */
export function ashexView(ashex: string | null, applications: readonly string[]): AshexView {
  const names = [...new Set(applications)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const all = defaultShex(names.length, true);
  const none = defaultShex(names.length, false);
  const mask = (ashex === null ? null : parseShex(ashex, names.length)) ?? all;
  const index = (application: string) => names.indexOf(application);
  return {
    mask,
    expanded: (application) => index(application) < 0 || shexBit(mask, index(application)),
    toggled: (application) => (index(application) < 0 ? mask : toggleShex(mask, index(application))),
    expandAll: mask === all ? null : all,
    shrinkAll: mask === none ? null : none,
  };
}
