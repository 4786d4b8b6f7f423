// `signal <sig> name|group:*|all ...` (CTL-SUP-05): one line per process signalled.

import { Faults, RpcFault } from "../../../api/faults.ts";
import { Exit, splitArgs, type Command } from "../controller.ts";
import { asArray, faultResult, namespec, signalResultLine, splitNamespec, toStatusResult } from "./results.ts";

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
      ctl.output("Error: signal requires a signal name and a process name");
      for (const line of signal.help) ctl.output(line);
      ctl.exitstatus = Exit.GENERIC;
      return;
    }
    const [sig, ...names] = args as [string, ...string[]];
    if (names.includes("all")) {
      for (const value of asArray(await ctl.call("supervisor.signalAllProcesses", sig))) {
        const result = toStatusResult(value);
        ctl.output(signalResultLine(result));
        ctl.setExitFromFault(result.status);
      }
      return;
    }
    for (const name of names) {
      const [group, process] = splitNamespec(name);
      if (process === null) {
        try {
          for (const value of asArray(await ctl.call("supervisor.signalProcessGroup", group, sig))) {
            const result = toStatusResult(value);
            ctl.output(signalResultLine(result));
            ctl.setExitFromFault(result.status);
          }
        } catch (e) {
          if (!(e instanceof RpcFault && e.code === Faults.BAD_NAME)) throw e;
          ctl.output(`${group}: ERROR (no such group)`);
          ctl.exitstatus = Exit.GENERIC;
        }
        continue;
      }
      try {
        await ctl.call("supervisor.signalProcess", name, sig);
      } catch (e) {
        if (!(e instanceof RpcFault)) throw e;
        const result = faultResult(e, group, process);
        ctl.output(signalResultLine(result));
        ctl.setExitFromFault(result.status);
        continue;
      }
      ctl.output(`${namespec(group, process)}: signalled`);
    }
  },
};
