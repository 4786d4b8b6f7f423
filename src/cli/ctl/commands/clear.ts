// `clear name|group:*|all ...` (CTL-SUP-10): empties process log files, one line per process.

import { RpcFault } from "../../../api/faults.ts";
import { Exit, splitArgs, type Command } from "../controller.ts";
import { asArray, clearResultLine, faultResult, namespec, splitNamespec, toStatusResult } from "./results.ts";

export const clear: Command = {
  name: "clear",
  listed: true,
  help: [
    "clear <name>\t\tClear a process' log files.",
    "clear <name> <name>\tClear multiple process' log files",
    "clear all\t\tClear all process' log files",
  ],
  async run(ctl, arg) {
    if (!(await ctl.upcheck())) return;
    const names = splitArgs(arg);
    if (names.length === 0) {
      ctl.output("Error: clear requires a process name");
      ctl.exitstatus = Exit.GENERIC;
      for (const line of clear.help) ctl.output(line);
      return;
    }
    if (names.includes("all")) {
      for (const value of asArray(await ctl.call("supervisor.clearAllProcessLogs"))) {
        const result = toStatusResult(value);
        ctl.output(clearResultLine(result));
        ctl.setExitFromFault(result.status);
      }
      return;
    }
    for (const name of names) {
      // A group spec is sent as is: supervisord refuses it, and the line names "group:None".
      const [group, process] = splitNamespec(name);
      try {
        await ctl.call("supervisor.clearProcessLogs", name);
      } catch (e) {
        if (!(e instanceof RpcFault)) throw e;
        const result = faultResult(e, group, process);
        ctl.output(clearResultLine(result));
        ctl.setExitFromFault(result.status);
        continue;
      }
      ctl.output(`${namespec(group, process)}: cleared`);
    }
  },
};
