// Everything the Supervisor page shows, gathered for one rendering: the local processes from the
// daemon's XML-RPC listings, the header status (UI-40) from the cluster state, expected loads and
// application statuses from the control engine, and the figures from the statistics view
// (UI-41, UI-47, UI-48). The only I/O is through deps.rpc; the table itself is built by model.ts.

import { viewOf } from "../../cluster/serial.ts";
import { applicationStatuses } from "../../control/engine/index.ts";
import { formatUptime } from "../../supervisor/process-info.ts";
import { SELF_NAMESPEC } from "../../stats/index.ts";
import type { XmlRpcValue } from "../../api/xmlrpc/value.ts";
import type { DashboardDeps } from "../deps.ts";
import { shortNamespec } from "../params.ts";
import { fullNamespec, latestFigures, selectedProcess, type SelectedProcess } from "../process-stats.ts";
import { buildTable, localProcesses, type InstanceTable } from "./model.ts";

export interface HeaderStatus {
  isMaster: boolean;
  nick: string;
  state: string;
  discovery: boolean;
  starting: boolean;
  stopping: boolean;
}

export interface InstancePageData {
  header: HeaderStatus;
  table: InstanceTable;
  supervisord: { pid: number; uptime: string; cpu: number | null; mem: number | null };
  stats: { processStats: boolean; hostStats: boolean; periods: readonly number[]; period: number };
  hostId: string;
  /** The `processname` shown in the panel once checked (Supvisors' form), "" for none. */
  processname: string;
  /** Supvisors' complaint about a `processname` that does not run here, else "". */
  processnameError: string;
  selected: SelectedProcess | null;
  /** Error text of a failed listing (the table is then empty). */
  error: string;
}

export interface DataRequest {
  period: number;
  /** `processname` parameter ("" for none). */
  processname: string;
  /** Seconds the daemon has been up (supervisord row). */
  uptimeSeconds: number;
}

/** The header status of the serving instance (UI-40). */
export function headerStatus(deps: DashboardDeps): HeaderStatus {
  const cluster = deps.cluster();
  const record = cluster.instances.get(cluster.localId);
  const view = viewOf(cluster, cluster.localId);
  return {
    isMaster: cluster.master === cluster.localId,
    nick: record?.identity.nick ?? cluster.localId,
    state: record?.state ?? "UNKNOWN",
    discovery: deps.supvisors.discoveryMode,
    starting: view?.startingJobs ?? false,
    stopping: view?.stoppingJobs ?? false,
  };
}

function errorText(error: unknown): string {
  if (error !== null && typeof error === "object" && "faultString" in error) return String((error as { faultString: unknown }).faultString);
  return error instanceof Error ? error.message : String(error);
}

/**
 * Gathers the page's data; a listing that fails leaves an empty table and the error text.
 * @example const data = await instancePageData(deps, { period: 10, processname: "", uptimeSeconds: 60 })
 */
export async function instancePageData(deps: DashboardDeps, request: DataRequest): Promise<InstancePageData> {
  const status = deps.stats.status();
  const irixMode = deps.supvisors.statsIrixMode;
  // UI-48: the local figures only, and none when the local collection is off (UI-11).
  const figuresOf = (namespec: string) => (status.processStats ? latestFigures(deps.stats, irixMode, deps.localId, namespec, request.period) : null);

  let allInfo: XmlRpcValue = [];
  let localInfo: XmlRpcValue = [];
  let error = "";
  try {
    allInfo = await deps.rpc("supervisor.getAllProcessInfo", []);
  } catch (e) {
    error = `getAllProcessInfo: ${errorText(e)}`;
  }
  try {
    localInfo = await deps.rpc("supvisors.get_all_local_process_info", []);
  } catch {
    // Without it the disabled flags are unknown (all enabled) and log presence comes from the listing.
    localInfo = [];
  }
  let pid = 0;
  try {
    const answer = await deps.rpc("supervisor.getPID", []);
    pid = typeof answer === "number" ? answer : 0;
  } catch {
    pid = 0;
  }

  const control = deps.control;
  const book = control.book();
  const statuses = new Map(applicationStatuses(control.state(), control.snapshot()).map((a) => [a.name, a]));
  const table = buildTable({
    processes: localProcesses(allInfo, localInfo),
    loadOf: (app, proc) => book.program(app, proc).expected_loading,
    applicationOf: (name) => {
      const s = statuses.get(name);
      // Managed comes from the rules even before the cluster view has the application's processes.
      return { state: s?.state ?? "", operational: s?.operational ?? "", managed: book.application(name).managed };
    },
    figuresOf,
  });

  const self = figuresOf(SELF_NAMESPEC);
  // UI-48 / UI-10: a process of the panel must run here (or be supervisord itself); the panel is
  // dropped when the local collection is off (UI-11).
  const runningHere = request.processname === "supervisord" || table.applications.some((app) => app.processes.some((p) => p.running && (p.display === request.processname || p.namespec === request.processname)));
  const processname = request.processname !== "" && runningHere ? shortNamespec(request.processname) : "";
  const processnameError = request.processname !== "" && !runningHere ? `Incorrect processname: ${request.processname}` : "";
  let selected: SelectedProcess | null = null;
  if (processname !== "" && status.processStats) {
    selected = selectedProcess({
      stats: deps.stats,
      cluster: deps.cluster(),
      irixMode,
      identifier: deps.localId,
      namespec: processname,
      key: processname === "supervisord" ? SELF_NAMESPEC : fullNamespec(processname),
      period: request.period,
    });
  }
  const hostRecord = deps.cluster().instances.get(deps.localId);
  return {
    header: headerStatus(deps),
    table,
    supervisord: { pid, uptime: formatUptime(Math.max(0, Math.trunc(request.uptimeSeconds))), cpu: self?.cpu ?? null, mem: self?.mem ?? null },
    stats: { processStats: status.processStats, hostStats: status.hostStats, periods: deps.stats.periods, period: request.period },
    hostId: hostRecord?.identity.host ?? deps.localId,
    processname: status.processStats ? processname : "",
    processnameError,
    selected,
    error,
  };
}
