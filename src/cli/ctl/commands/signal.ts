// `signal <sig> name|group:*|all ...` (CTL-SUP-05): one line per process signalled. JSON: one
// outcome per line.

import { Faults, RpcFault } from "../../../api/faults.ts";
import { Exit, splitArgs, type Command, type Controller } from "../controller.ts";
import { faultError } from "../render/index.ts";
import { asArray, faultResult, signalResultLine, splitNamespec, statusOutcome, toStatusResult, type StatusResult } from "./results.ts";

function report(ctl: Controller, result: StatusResult): void {
  ctl.outcome(statusOutcome(result), signalResultLine(result));
  ctl.setExitFromFault(result.status);
}

export const signal: Command = {
  name: "signal",
  listed: true,
  help: [
    "signal <signal name> <name>\t\tSignal a process",
    "signal <signal name> <gname>:*\t\tSignal all processes in a group",
    "signal <signal name> <name> <name>\tSignal multiple processes or groups",
    "signal <signal name> all\t\tSignal all processes",
  ],
  async run(ctl, arg) {
    if (!(await ctl.upcheck())) return;
    const args = splitArgs(arg);
    if (args.length < 2) {
      ctl.usageError("Error: signal requires a signal name and a process name", signal.help);
      ctl.exitstatus = Exit.GENERIC;
      return;
    }
    const [sig, ...names] = args as [string, ...string[]];
    if (names.includes("all")) {
      for (const value of asArray(await ctl.call("supervisor.signalAllProcesses", sig))) report(ctl, toStatusResult(value));
      return;
    }
    for (const name of names) {
      const [group, process] = splitNamespec(name);
      if (process === null) {
        try {
          for (const value of asArray(await ctl.call("supervisor.signalProcessGroup", group, sig))) report(ctl, toStatusResult(value));
        } catch (e) {
          if (!(e instanceof RpcFault && e.code === Faults.BAD_NAME)) throw e;
          ctl.outcome({ name: group, ok: false, error: faultError(e) }, `${group}: ERROR (no such group)`);
          ctl.exitstatus = Exit.GENERIC;
        }
        continue;
      }
      try {
        await ctl.call("supervisor.signalProcess", name, sig);
      } catch (e) {
        if (!(e instanceof RpcFault)) throw e;
        report(ctl, faultResult(e, group, process));
        continue;
      }
      report(ctl, { group, name: process, status: Faults.SUCCESS, description: "OK" });
    }
  },
};
