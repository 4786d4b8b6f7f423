// The Supvisors ctl commands about one Supervisor at a time rather than the cluster model:
// `local_status [namespec ...|all]` (CTL-SV-10), `start_args` (CTL-SV-21), and `all_start` /
// `all_start_args` (CTL-SV-22, 23), which send the same request to every running instance at
// `http://<node_name>:<port>` with the credentials of the current connection. JSON:
// local_status the selected local process structs; start_args one outcome with the result;
// all_start / all_start_args one outcome per instance, with its `"identifier"`.

import { Double, type XmlRpcValue } from "../../../api/xmlrpc/value.ts";
import { ProcessStates } from "../../../process/states.ts";
import type { Command, Controller } from "../controller.ts";
import { PyStyleError } from "../py-errors.ts";
import { pyStr } from "../py-format.ts";
import { asArray, asStruct, field, splitNamespec, truthy, type Struct } from "./results.ts";
import { callFor, clientAt, meansAll, pyEqualsInt, pyIntText, reportFault } from "./supvisors-args.ts";
import { localTimeOfDay } from "./supvisors-instances.ts";
import { supvisorsCommand } from "./supvisors-support.ts";
import { printTable, text, type TableColumn } from "./supvisors-table.ts";

/** Supvisors instance states whose instance takes requests (CHECKED, RUNNING). */
const REACHABLE_INSTANCE_STATES = [2, 3];

/** Supervisor's name of a process state code, or "None" as getProcessStateDescription gives. */
export function stateDescription(code: XmlRpcValue): string {
  for (const [name, value] of Object.entries(ProcessStates)) {
    if (pyEqualsInt(code, value)) return name;
  }
  return "None";
}

/** A Start / Now cell: the local time of day of a time, or 0 when there is none. */
function timeCell(value: XmlRpcValue): string {
  if (!truthy(value)) return "0";
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") return localTimeOfDay(Number(value));
  if (value instanceof Double) return localTimeOfDay(value.value);
  const type = typeof value === "string" ? "str" : Array.isArray(value) ? "list" : "dict";
  throw new PyStyleError("TypeError", `'${type}' object cannot be interpreted as an integer`);
}

/** Whether a local process struct is designated by a namespec (`group:*` for a whole group). */
function designates(info: Struct, group: string, process: string | null): boolean {
  let matches = field(info, "group") === group;
  // The name is read even when the group differs, as in the original.
  if (process !== null) matches = field(info, "name") === process && matches;
  return matches;
}

const LOCAL_COLUMNS: readonly TableColumn[] = [
  { title: "Application", key: "group" },
  { title: "Process", key: "name" },
  { title: "Disabled", width: 10 },
  { title: "State", width: 12 },
  { title: "Start", width: 12 },
  { title: "Now", width: 12 },
  { title: "PID", width: 8 },
  { title: "Extra args" },
];

export const localStatus = supvisorsCommand({
  name: "local_status",
  help: [
    "local_status <proc>\t\t\tGet the local status of the process named proc.",
    "local_status <appli>:*\t\t\tGet the local status of all processes in the application named appli.",
    "local_status <proc> <proc>\t\tGet the local status for multiple named processes",
    "local_status\t\t\t\tGet the local status of all processes.",
  ],
  async run(ctl, processes) {
    const answer = await callFor(ctl, null, "get_all_local_process_info");
    const infos = answer === undefined ? [] : asArray(answer).map(asStruct);
    let matching = infos;
    if (!meansAll(processes)) {
      // A struct designated twice is printed twice, as in the original.
      matching = [];
      for (const spec of processes) {
        const [group, process] = splitNamespec(spec);
        matching.push(...infos.filter((info) => designates(info, group, process)));
      }
    }
    if (matching.length === 0) return;
    printTable(ctl, LOCAL_COLUMNS, matching, (info) => {
      const start = timeCell(field(info, "start"));
      const now = timeCell(field(info, "now"));
      const [group, name, disabled] = [text(info, "group"), text(info, "name"), text(info, "disabled")];
      return [group, name, disabled, stateDescription(field(info, "state")), start, now, text(info, "pid"), text(info, "extra_args")];
    });
  },
});

export const startArgs = supvisorsCommand({
  name: "start_args",
  help: ["start_args <proc> <arg_list>\t\t\tStart the local process named proc with additional arguments arg_list."],
  minWords: 2,
  usage: "ERROR: start_args requires a process name and extra arguments",
  async run(ctl, [name, ...extra]) {
    const result = await callFor(ctl, name!, "start_args", name!, extra.join(" "));
    if (result !== undefined) ctl.outcome({ name: name!, ok: true, result }, `${name} started: ${pyStr(result)}`);
  },
});

/**
 * The URL of every instance in the CHECKED or RUNNING state, by identifier, in the server's
 * order (an identifier seen twice keeps its first place and its last URL, as a Python dict does).
 * A fault is reported and gives none.
 */
export async function reachableInstances(ctl: Controller): Promise<Map<string, string>> {
  const urls = new Map<string, string>();
  const answer = await callFor(ctl, null, "get_all_instances_info");
  if (answer === undefined) return urls;
  for (const info of asArray(answer).map(asStruct)) {
    const state = field(info, "statecode");
    if (!REACHABLE_INSTANCE_STATES.some((s) => pyEqualsInt(state, s))) continue;
    const identifier = text(info, "identifier");
    urls.set(identifier, `http://${text(info, "node_name")}:${pyIntText(field(info, "port"))}`);
  }
  return urls;
}

/** A command sending one request to every reachable instance, without waiting for the process. */
function allInstancesCommand(
  name: string,
  minimum: number,
  message: string,
  help: string,
  request: (namespec: string, extra: string) => { method: string; params: XmlRpcValue[] },
): Command {
  return supvisorsCommand({
    name,
    help: [help],
    minWords: minimum,
    usage: message,
    async run(ctl, [namespec, ...extra]) {
      const urls = await reachableInstances(ctl);
      if (urls.size === 0) {
        // Not an error status of its own: only a fault above sets one.
        const text = "no running Supvisors instance";
        ctl.fail({ kind: "state", code: null, text, message: `ERROR: ${text}` });
        return;
      }
      const { method, params } = request(namespec!, extra.join(" "));
      for (const [identifier, url] of urls) {
        const fields = { identifier };
        try {
          const result = await clientAt(ctl, url).call(method, ...params);
          ctl.outcome({ name: namespec!, ok: true, result, fields }, `${namespec} started on ${identifier}: ${pyStr(result)}`);
        } catch (e) {
          reportFault(ctl, e, { name: namespec!, label: namespec!, fields });
        }
      }
    },
  });
}

export const allStart = allInstancesCommand(
  "all_start",
  1,
  "ERROR: all_start requires a process name",
  "all_start <proc>\t\t\tStart the process named proc on all RUNNING Supvisors instances.",
  (namespec) => ({ method: "supervisor.startProcess", params: [namespec, false] }),
);

export const allStartArgs = allInstancesCommand(
  "all_start_args",
  2,
  "ERROR: all_start_args requires a process name and extra arguments",
  "all_start_args <proc> <arg_list>\t\tStart the process named proc on all RUNNING Supvisors instances with additional arguments arg_list.",
  (namespec, extra) => ({ method: "supvisors.start_args", params: [namespec, extra, false] }),
);
