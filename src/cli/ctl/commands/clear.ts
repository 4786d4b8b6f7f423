// `clear name|group:*|all ...` (CTL-SUP-10): empties process log files, one line per process.
// JSON: one outcome per line.

import { Faults, RpcFault } from "../../../api/faults.ts";
import { Exit, splitArgs, type Command, type Controller } from "../controller.ts";
import { asArray, clearResultLine, faultResult, splitNamespec, statusOutcome, toStatusResult, type StatusResult } from "./results.ts";

function report(ctl: Controller, result: StatusResult): void {
  ctl.outcome(statusOutcome(result), clearResultLine(result));
  ctl.setExitFromFault(result.status);
}

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
      ctl.usageError("Error: clear requires a process name", clear.help);
      ctl.exitstatus = Exit.GENERIC;
      return;
    }
    if (names.includes("all")) {
      for (const value of asArray(await ctl.call("supervisor.clearAllProcessLogs"))) report(ctl, toStatusResult(value));
      return;
    }
    for (const name of names) {
      // A group spec is sent as is: supervisord refuses it, and the line names "group:None".
      const [group, process] = splitNamespec(name);
      try {
        await ctl.call("supervisor.clearProcessLogs", name);
      } catch (e) {
        if (!(e instanceof RpcFault)) throw e;
        report(ctl, faultResult(e, group, process));
        continue;
      }
      report(ctl, { group, name: process, status: Faults.SUCCESS, description: "OK" });
    }
  },
};
