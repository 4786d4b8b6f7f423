// `pid [name ...|all]` (CTL-SUP-06): supervisord's pid, or each named process's (0 when not
// running, which makes the exit status 7). JSON: supervisord's pid as a number; with names,
// `{"name", "pid"}` per process, `{"name", "ok": false, "error"}` for an unknown one.

import { Faults, RpcFault } from "../../../api/faults.ts";
import type { XmlRpcValue } from "../../../api/xmlrpc/value.ts";
import { Exit, splitArgs, type Command } from "../controller.ts";
import { pyStr } from "../py-errors.ts";
import { faultError } from "../render/index.ts";
import { asArray, asStruct, field, namespec, type Struct } from "./results.ts";

/** The namespec of a process info, or null when the server left its names out (text shows no name). */
function nameOf(info: Struct): string | null {
  const { group, name } = info;
  return typeof group === "string" && typeof name === "string" ? namespec(group, name) : null;
}

function pidItem(name: string | null, pid: XmlRpcValue): Struct {
  return { name, pid };
}

export const pid: Command = {
  name: "pid",
  listed: true,
  help: [
    "pid\t\t\tGet the PID of supervisord.",
    "pid <name>\t\tGet the PID of a single child process by name.",
    "pid all\t\t\tGet the PID of every child process, one per line.",
  ],
  async run(ctl, arg) {
    if (!(await ctl.upcheck())) return;
    const names = splitArgs(arg);
    if (names.length === 0) {
      const value = await ctl.call("supervisor.getPID");
      ctl.value(value, pyStr(value));
      return;
    }
    if (names.includes("all")) {
      for (const info of asArray(await ctl.call("supervisor.getAllProcessInfo"))) {
        const s = asStruct(info);
        const value = field(s, "pid");
        ctl.item(pidItem(nameOf(s), value), pyStr(value));
      }
      return;
    }
    for (const name of names) {
      let info;
      try {
        info = asStruct(await ctl.call("supervisor.getProcessInfo", name));
      } catch (e) {
        if (!(e instanceof RpcFault)) throw e;
        ctl.exitstatus = Exit.GENERIC;
        if (e.code !== Faults.BAD_NAME) throw e;
        ctl.outcome({ name, ok: false, error: faultError(e) }, `No such process ${name}`);
        continue;
      }
      const value = field(info, "pid");
      ctl.item(pidItem(name, value), pyStr(value));
      if (value === 0 || value === 0n) ctl.exitstatus = Exit.NOT_RUNNING;
    }
  },
};
