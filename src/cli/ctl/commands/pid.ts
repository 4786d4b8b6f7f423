// `pid [name ...|all]` (CTL-SUP-06): supervisord's pid, or each named process's (0 when not
// running, which makes the exit status 7).

import { Faults, RpcFault } from "../../../api/faults.ts";
import { Exit, splitArgs, type Command } from "../controller.ts";
import { pyStr } from "../py-errors.ts";
import { asArray, asStruct, field } from "./results.ts";

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
      ctl.output(pyStr(await ctl.call("supervisor.getPID")));
      return;
    }
    if (names.includes("all")) {
      for (const info of asArray(await ctl.call("supervisor.getAllProcessInfo"))) {
        ctl.output(pyStr(field(asStruct(info), "pid")));
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
        ctl.output(`No such process ${name}`);
        continue;
      }
      const value = field(info, "pid");
      ctl.output(pyStr(value));
      if (value === 0 || value === 0n) ctl.exitstatus = Exit.NOT_RUNNING;
    }
  },
};
