// `start`, `stop` and `restart` (CTL-SUP-02..04). A name is a process, `group:*` a whole group,
// `all` everything; each process gets one result line. Exit statuses follow the fault of each
// result (already started / not running are not errors for start / stop respectively).

import { Faults, RpcFault } from "../../../api/faults.ts";
import type { XmlRpcValue } from "../../../api/xmlrpc/value.ts";
import { Exit, splitArgs, type Command, type Controller } from "../controller.ts";
import {
  asArray,
  faultResult,
  namespec,
  signalResultLine,
  splitNamespec,
  startResultLine,
  toStatusResult,
  type StatusResult,
} from "./results.ts";

async function reportAll(
  ctl: Controller,
  pending: Promise<XmlRpcValue>,
  line: (r: StatusResult) => string,
  ignored: number,
): Promise<void> {
  for (const value of asArray(await pending)) {
    const result = toStatusResult(value);
    ctl.output(line(result));
    ctl.setExitFromFault(result.status, ignored);
  }
}

const stopLine = (r: StatusResult) => signalResultLine(r, "stopped");

export async function runStart(ctl: Controller, arg: string): Promise<void> {
  if (!(await ctl.upcheck())) return;
  const names = splitArgs(arg);
  if (names.length === 0) {
    ctl.output("Error: start requires a process name");
    ctl.exitstatus = Exit.INVALID_ARGS;
    for (const line of start.help) ctl.output(line);
    return;
  }
  if (names.includes("all")) {
    await reportAll(ctl, ctl.call("supervisor.startAllProcesses"), startResultLine, Faults.ALREADY_STARTED);
    return;
  }
  for (const name of names) {
    const [group, process] = splitNamespec(name);
    if (process === null) {
      try {
        await reportAll(ctl, ctl.call("supervisor.startProcessGroup", group), startResultLine, Faults.ALREADY_STARTED);
      } catch (e) {
        if (e instanceof RpcFault && e.code === Faults.BAD_NAME) {
          ctl.output(`${group}: ERROR (no such group)`);
          ctl.exitstatus = Exit.INVALID_ARGS;
        } else {
          ctl.exitstatus = Exit.GENERIC;
          throw e;
        }
      }
      continue;
    }
    try {
      await ctl.call("supervisor.startProcess", name);
    } catch (e) {
      if (!(e instanceof RpcFault)) throw e;
      const result = faultResult(e, group, process);
      ctl.output(startResultLine(result));
      ctl.setExitFromFault(result.status, Faults.ALREADY_STARTED);
      continue;
    }
    ctl.output(`${namespec(group, process)}: started`);
  }
}

export async function runStop(ctl: Controller, arg: string): Promise<void> {
  if (!(await ctl.upcheck())) return;
  const names = splitArgs(arg);
  if (names.length === 0) {
    ctl.output("Error: stop requires a process name");
    ctl.exitstatus = Exit.GENERIC;
    for (const line of stop.help) ctl.output(line);
    return;
  }
  if (names.includes("all")) {
    await reportAll(ctl, ctl.call("supervisor.stopAllProcesses"), stopLine, Faults.NOT_RUNNING);
    return;
  }
  for (const name of names) {
    const [group, process] = splitNamespec(name);
    if (process === null) {
      try {
        await reportAll(ctl, ctl.call("supervisor.stopProcessGroup", group), stopLine, Faults.NOT_RUNNING);
      } catch (e) {
        ctl.exitstatus = Exit.GENERIC;
        if (e instanceof RpcFault && e.code === Faults.BAD_NAME) ctl.output(`${group}: ERROR (no such group)`);
        else throw e;
      }
      continue;
    }
    try {
      await ctl.call("supervisor.stopProcess", name);
    } catch (e) {
      if (!(e instanceof RpcFault)) throw e;
      const result = faultResult(e, group, process);
      ctl.output(stopLine(result));
      ctl.setExitFromFault(result.status, Faults.NOT_RUNNING);
      continue;
    }
    ctl.output(`${namespec(group, process)}: stopped`);
  }
}

export const start: Command = {
  name: "start",
  listed: true,
  help: [
    "start <name>\t\tStart a process",
    "start <gname>:*\t\tStart all processes in a group",
    "start <name> <name>\tStart multiple processes or groups",
    "start all\t\tStart all processes",
  ],
  run: runStart,
};

export const stop: Command = {
  name: "stop",
  listed: true,
  help: [
    "stop <name>\t\tStop a process",
    "stop <gname>:*\t\tStop all processes in a group",
    "stop <name> <name>\tStop multiple processes or groups",
    "stop all\t\tStop all processes",
  ],
  run: runStop,
};

export const restart: Command = {
  name: "restart",
  listed: true,
  help: [
    "restart <name>\t\tRestart a process",
    "restart <gname>:*\tRestart all processes in a group",
    "restart <name> <name>\tRestart multiple processes or groups",
    "restart all\t\tRestart all processes",
    "Note: restart does not reread config files. For that, see reread and update.",
  ],
  // No reread: stop then start the same names, each printing its own lines.
  async run(ctl, arg) {
    if (!(await ctl.upcheck())) return;
    if (splitArgs(arg).length === 0) {
      ctl.output("Error: restart requires a process name");
      ctl.exitstatus = Exit.GENERIC;
      for (const line of restart.help) ctl.output(line);
      return;
    }
    await runStop(ctl, arg);
    await runStart(ctl, arg);
  },
};
