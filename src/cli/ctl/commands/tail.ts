// `tail [-f|-N] name [stdout|stderr]` and `maintail [-f|-N]` (CTL-SUP-07, 08): the last N bytes
// (1600 by default) of a process or the main log through XML-RPC, or a continuous tail through
// the HTTP log streams until Ctrl-C. JSON: the log text read, as one string; `-f` streams and
// is refused (exit status 2).

import { Faults, RpcFault } from "../../../api/faults.ts";
import { Exit, splitArgs, type Command, type Controller } from "../controller.ts";
import { connectionErrorParts } from "../py-errors.ts";
import { pyInt, pyRepr, pyStr } from "../py-format.ts";
import { ConnectionError, HttpStatusError } from "../transport-errors.ts";

const DEFAULT_BYTES = 1600;

/** Streams `path` to stdout until the server ends it or the user presses Ctrl-C. */
export async function followLog(ctl: Controller, path: string, what: string): Promise<void> {
  if (!ctl.beginStream(what)) return;
  ctl.note("==> Press Ctrl-C to exit <==");
  const url = ctl.settings.serverurl + path;
  let interrupted = false;
  const stream = ctl.supervisor().streamTail(path, (chunk) => ctl.write(chunk));
  const unlisten = ctl.interrupts.listen(() => {
    interrupted = true;
    stream.close();
  });
  try {
    await stream.done;
  } catch (e) {
    reportStreamError(ctl, url, e);
  } finally {
    unlisten();
  }
  if (interrupted) ctl.note("");
}

/** Like supervisorctl's HTTP client: why a stream failed goes to stderr; the command goes on. */
export function reportStreamError(ctl: Controller, url: string, e: unknown): void {
  if (e instanceof HttpStatusError) {
    ctl.writeError(`${url} Cannot read, status code ${e.status}\n`);
  } else if (e instanceof ConnectionError) {
    const { pyClass, message } = connectionErrorParts(e);
    ctl.writeError(`${url} Cannot connect, error: <class '${pyClass}'> (${message})\n`);
  } else {
    throw e;
  }
}

function readFaultLine(ctl: Controller, e: unknown, name: string, badName: boolean): void {
  if (!(e instanceof RpcFault)) throw e;
  ctl.exitstatus = Exit.GENERIC;
  if (e.code === Faults.NO_FILE) ctl.failWith(e, `${name}: ERROR (no log file)`);
  else if (e.code === Faults.FAILED) ctl.failWith(e, `${name}: ERROR (unknown error reading log)`);
  else if (badName && e.code === Faults.BAD_NAME) ctl.failWith(e, `${name}: ERROR (no such process name)`);
  else throw e;
}

export const tail: Command = {
  name: "tail",
  listed: true,
  help: [
    "tail [-f] <name> [stdout|stderr] (default stdout)\n" +
      "Ex:\n" +
      "tail -f <name>\t\tContinuous tail of named process stdout\n" +
      "\t\t\tCtrl-C to exit.\n" +
      "tail -100 <name>\tlast 100 *bytes* of process stdout\n" +
      "tail <name> stderr\tlast 1600 *bytes* of process stderr",
  ],
  async run(ctl, arg) {
    if (!(await ctl.upcheck())) return;
    const args = splitArgs(arg);
    if (args.length < 1 || args.length > 3) {
      ctl.usageError(args.length < 1 ? "Error: too few arguments" : "Error: too many arguments", tail.help);
      ctl.exitstatus = Exit.GENERIC;
      return;
    }
    const modifier = args[0]!.startsWith("-") ? args.shift()! : null;
    let name: string;
    let channel = "stdout";
    if (args.length === 1) {
      name = args[0]!;
    } else if (args.length > 1) {
      // With three words the middle one is ignored, as in supervisorctl.
      name = args[0]!;
      channel = args[args.length - 1]!.toLowerCase();
      if (channel !== "stderr" && channel !== "stdout") {
        ctl.usageError(`Error: bad channel ${pyRepr(channel)}`);
        ctl.exitstatus = Exit.GENERIC;
        return;
      }
    } else {
      ctl.usageError("Error: tail requires process name");
      ctl.exitstatus = Exit.GENERIC;
      return;
    }
    let bytes: number | null = DEFAULT_BYTES;
    if (modifier !== null) {
      const what = modifier.slice(1);
      bytes = what === "f" ? null : pyInt(what);
      if (what !== "f" && bytes === null) {
        ctl.usageError(`Error: bad argument ${modifier}`);
        ctl.exitstatus = Exit.GENERIC;
        return;
      }
    }
    if (bytes === null) return followLog(ctl, `/logtail/${name}/${channel}`, "tail -f");
    const method = channel === "stdout" ? "supervisor.readProcessStdoutLog" : "supervisor.readProcessStderrLog";
    let text;
    try {
      text = await ctl.call(method, name, -bytes || 0, 0);
    } catch (e) {
      readFaultLine(ctl, e, name, true);
      return;
    }
    ctl.value(text, pyStr(text));
  },
};

export const maintail: Command = {
  name: "maintail",
  listed: true,
  help: [
    "maintail -f \tContinuous tail of supervisor main log file (Ctrl-C to exit)\n" +
      "maintail -100\tlast 100 *bytes* of supervisord main log file\n" +
      "maintail\tlast 1600 *bytes* of supervisor main log file\n",
  ],
  async run(ctl, arg) {
    if (!(await ctl.upcheck())) return;
    const args = splitArgs(arg);
    let bytes = DEFAULT_BYTES;
    if (args.length > 1) {
      ctl.usageError("Error: too many arguments", maintail.help);
      ctl.exitstatus = Exit.GENERIC;
      return;
    }
    if (args.length === 1) {
      const word = args[0]!;
      if (word === "-f") return followLog(ctl, "/mainlogtail", "maintail -f");
      const n = word.startsWith("-") ? pyInt(word.slice(1)) : null;
      if (n === null) {
        ctl.usageError(`Error: bad argument ${word}`);
        ctl.exitstatus = Exit.GENERIC;
        return;
      }
      bytes = n;
    }
    let text;
    try {
      text = await ctl.call("supervisor.readLog", -bytes || 0, 0);
    } catch (e) {
      readFaultLine(ctl, e, "supervisord", false);
      return;
    }
    ctl.value(text, pyStr(text));
  },
};
