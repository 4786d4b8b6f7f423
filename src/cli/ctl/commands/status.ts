// `status [name|group:*|all ...]` (CTL-SUP-01): one line per process, namespec padded to the
// longest name (at least 30) plus 3, state name in 10, then the description. Exit 3 when a listed
// process is stopped, 4 for an unknown name or when the server cannot be reached. JSON: the
// process info structs shown, and `{"name", "ok": false, "error"}` for each unknown name.

import { STOPPED_STATES } from "../../../process/states.ts";
import { StatusExit, splitArgs, type Command, type Controller } from "../controller.ts";
import { pyStr } from "../py-errors.ts";
import { asArray, asStruct, field, namespec, splitNamespec, unknownTarget, type Struct } from "./results.ts";

/** Python's len(): code points, not UTF-16 units. */
function width(s: string): number {
  return [...s].length;
}

function pad(s: string, n: number): string {
  return s + " ".repeat(Math.max(0, n - width(s)));
}

/** The status table lines for process info structs. */
export function statusLines(infos: readonly Struct[]): string[] {
  const names = infos.map((info) => namespec(pyStr(field(info, "group")), pyStr(field(info, "name"))));
  const maxlen = Math.max(30, ...names.map(width));
  return infos.map(
    (info, i) => pad(names[i]!, maxlen + 3) + pad(pyStr(field(info, "statename")), 10) + pyStr(field(info, "description")),
  );
}

export async function runStatus(ctl: Controller, arg: string): Promise<void> {
  if (!(await ctl.upcheck())) {
    ctl.exitstatus = StatusExit.UNKNOWN;
    return;
  }
  const all = asArray(await ctl.call("supervisor.getAllProcessInfo")).map(asStruct);
  const names = splitArgs(arg);
  let matching: Struct[];
  if (names.length === 0 || names.includes("all")) {
    matching = all;
  } else {
    matching = [];
    for (const name of names) {
      const [group, process] = splitNamespec(name);
      let found = false;
      for (const info of all) {
        const matched = field(info, "group") === group && (process === null || field(info, "name") === process);
        if (matched) {
          found = true;
          matching.push(info);
        }
      }
      if (!found) {
        if (process === null) ctl.outcome(unknownTarget(group, "no such group"), `${group}: ERROR (no such group)`);
        else ctl.outcome(unknownTarget(name, "no such process"), `${name}: ERROR (no such process)`);
        ctl.exitstatus = StatusExit.UNKNOWN;
      }
    }
  }
  const lines = statusLines(matching);
  matching.forEach((info, i) => ctl.item(info, lines[i]!));
  for (const info of matching) {
    if ((STOPPED_STATES as readonly number[]).includes(Number(field(info, "state")))) {
      ctl.exitstatus = StatusExit.NOT_RUNNING;
    }
  }
}

export const status: Command = {
  name: "status",
  listed: true,
  help: [
    "status <name>\t\tGet status for a single process",
    "status <gname>:*\tGet status for all processes in a group",
    "status <name> <name>\tGet status for multiple named processes",
    "status\t\t\tGet all process status info",
  ],
  run: runStatus,
};
