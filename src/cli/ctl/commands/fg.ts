// `fg name` (CTL-SUP-09): attaches the terminal to a running process: its stdout and stderr
// streams are printed while each line typed is sent to its stdin, until Ctrl-C, end of input, or
// the process stops. JSON: always refused (exit status 2), as its output is a stream.

import { Faults, RpcFault } from "../../../api/faults.ts";
import { ProcessStates } from "../../../process/states.ts";
import { Exit, splitArgs, type Command, type Controller } from "../controller.ts";
import type { TailStream } from "../client.ts";
import { faultRepr } from "../py-errors.ts";
import { asStruct, field } from "./results.ts";
import { reportStreamError } from "./tail.ts";

function isRunning(info: ReturnType<typeof asStruct>): boolean {
  return Number(field(info, "state")) === ProcessStates.RUNNING;
}

function attach(ctl: Controller, name: string): TailStream[] {
  const client = ctl.supervisor();
  return ["stdout", "stderr"].map((channel) => {
    const path = `/logtail/${name}/${channel}`;
    const stream = client.streamTail(path, (chunk) => ctl.write(chunk));
    stream.done.catch((e) => reportStreamError(ctl, ctl.settings.serverurl + path, e));
    return stream;
  });
}

export const fg: Command = {
  name: "fg",
  listed: true,
  help: ["fg <process>\tConnect to a process in foreground mode", "\t\tCtrl-C to exit"],
  async run(ctl, arg) {
    if (!(await ctl.upcheck())) return;
    if (!ctl.beginStream("fg")) return;
    const names = splitArgs(arg);
    if (names.length === 0) {
      ctl.usageError("ERROR: no process name supplied", fg.help);
      ctl.exitstatus = Exit.GENERIC;
      return;
    }
    if (names.length > 1) {
      ctl.usageError("ERROR: too many process names supplied");
      ctl.exitstatus = Exit.GENERIC;
      return;
    }
    const name = names[0]!;
    let info;
    try {
      info = asStruct(await ctl.call("supervisor.getProcessInfo", name));
    } catch (e) {
      if (!(e instanceof RpcFault)) throw e;
      if (e.code === Faults.BAD_NAME) {
        ctl.failWith(e, "ERROR: bad process name supplied");
        ctl.exitstatus = Exit.GENERIC;
      } else {
        ctl.failWith(e, "ERROR: " + faultRepr(e));
      }
      return;
    }
    if (!isRunning(info)) {
      ctl.fail({ kind: "state", code: null, text: "process not running", message: "ERROR: process not running" });
      ctl.exitstatus = Exit.GENERIC;
      return;
    }
    ctl.note("==> Press Ctrl-C to exit <==");
    const streams = attach(ctl, name);
    const interrupt = new AbortController();
    const unlisten = ctl.interrupts.listen(() => interrupt.abort());
    try {
      for (;;) {
        const line = await ctl.readLineOrNull("", interrupt.signal);
        if (line === null) {
          ctl.note("Exiting foreground");
          return;
        }
        try {
          await ctl.call("supervisor.sendProcessStdin", name, line + "\n");
        } catch (e) {
          if (!(e instanceof RpcFault)) throw e;
          ctl.note(e.code === Faults.NOT_RUNNING ? "Process got killed" : "ERROR: " + faultRepr(e));
          ctl.note("Exiting foreground");
          return;
        }
        if (!isRunning(asStruct(await ctl.call("supervisor.getProcessInfo", name)))) {
          ctl.note("Process got killed", "Exiting foreground");
          return;
        }
      }
    } finally {
      unlisten();
      for (const stream of streams) stream.close();
    }
  },
};
