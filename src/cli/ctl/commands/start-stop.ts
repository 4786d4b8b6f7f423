// `start`, `stop` and `restart` (CTL-SUP-02..04). A name is a process, `group:*` a whole group,
// `all` everything; each process gets one result line. Exit statuses follow the fault of each
// result (already started / not running are not errors for start / stop respectively). JSON:
// one outcome per line, `{"name", "ok", "error"?}`; restart's carry `"step": "stop"|"start"`.

import { Faults, RpcFault } from "../../../api/faults.ts";
import type { XmlRpcValue } from "../../../api/xmlrpc/value.ts";
import { Exit, splitArgs, type Command, type Controller } from "../controller.ts";
import { faultError, type Outcome } from "../render/index.ts";
import {
  asArray,
  faultResult,
  signalResultLine,
  splitNamespec,
  startResultLine,
  statusOutcome,
  toStatusResult,
  type StatusResult,
} from "./results.ts";

/** Context fields of the outcomes (restart marks its two steps). */
type Fields = Outcome["fields"];

/** Reports one result: its line, its outcome, and the exit status its fault gives. */
function report(ctl: Controller, result: StatusResult, line: (r: StatusResult) => string, ignored: number, fields: Fields): void {
  ctl.outcome(statusOutcome(result, fields), line(result));
  ctl.setExitFromFault(result.status, ignored);
}

async function reportAll(
  ctl: Controller,
  pending: Promise<XmlRpcValue>,
  line: (r: StatusResult) => string,
  ignored: number,
  fields: Fields,
): Promise<void> {
  for (const value of asArray(await pending)) report(ctl, toStatusResult(value), line, ignored, fields);
}

const stopLine = (r: StatusResult) => signalResultLine(r, "stopped");

/** A single process's success, as the line and outcome of a SUCCESS result. */
function success(group: string, process: string): StatusResult {
  return { group, name: process, status: Faults.SUCCESS, description: "OK" };
}

export async function runStart(ctl: Controller, arg: string, fields?: Fields): Promise<void> {
  if (!(await ctl.upcheck())) return;
  const names = splitArgs(arg);
  if (names.length === 0) {
    ctl.usageError("Error: start requires a process name", start.help);
    ctl.exitstatus = Exit.INVALID_ARGS;
    return;
  }
  if (names.includes("all")) {
    await reportAll(ctl, ctl.call("supervisor.startAllProcesses"), startResultLine, Faults.ALREADY_STARTED, fields);
    return;
  }
  for (const name of names) {
    const [group, process] = splitNamespec(name);
    if (process === null) {
      try {
        await reportAll(ctl, ctl.call("supervisor.startProcessGroup", group), startResultLine, Faults.ALREADY_STARTED, fields);
      } catch (e) {
        if (e instanceof RpcFault && e.code === Faults.BAD_NAME) {
          ctl.outcome({ name: group, ok: false, error: faultError(e), fields }, `${group}: ERROR (no such group)`);
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
      report(ctl, faultResult(e, group, process), startResultLine, Faults.ALREADY_STARTED, fields);
      continue;
    }
    report(ctl, success(group, process), startResultLine, Faults.ALREADY_STARTED, fields);
  }
}

export async function runStop(ctl: Controller, arg: string, fields?: Fields): Promise<void> {
  if (!(await ctl.upcheck())) return;
  const names = splitArgs(arg);
  if (names.length === 0) {
    ctl.usageError("Error: stop requires a process name", stop.help);
    ctl.exitstatus = Exit.GENERIC;
    return;
  }
  if (names.includes("all")) {
    await reportAll(ctl, ctl.call("supervisor.stopAllProcesses"), stopLine, Faults.NOT_RUNNING, fields);
    return;
  }
  for (const name of names) {
    const [group, process] = splitNamespec(name);
    if (process === null) {
      try {
        await reportAll(ctl, ctl.call("supervisor.stopProcessGroup", group), stopLine, Faults.NOT_RUNNING, fields);
      } catch (e) {
        ctl.exitstatus = Exit.GENERIC;
        if (e instanceof RpcFault && e.code === Faults.BAD_NAME) {
          ctl.outcome({ name: group, ok: false, error: faultError(e), fields }, `${group}: ERROR (no such group)`);
        } else {
          throw e;
        }
      }
      continue;
    }
    try {
      await ctl.call("supervisor.stopProcess", name);
    } catch (e) {
      if (!(e instanceof RpcFault)) throw e;
      report(ctl, faultResult(e, group, process), stopLine, Faults.NOT_RUNNING, fields);
      continue;
    }
    report(ctl, success(group, process), stopLine, Faults.NOT_RUNNING, fields);
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
      ctl.usageError("Error: restart requires a process name", restart.help);
      ctl.exitstatus = Exit.GENERIC;
      return;
    }
    await runStop(ctl, arg, { step: "stop" });
    await runStart(ctl, arg, { step: "start" });
  },
};
