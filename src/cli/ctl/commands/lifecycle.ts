// `reload` and `shutdown` (CTL-SUP-16, 17): restart or stop the remote supervisord, after a
// y/N question in interactive mode. JSON: `[{"name": "supervisord", "ok": ...}]`.

import { Faults, RpcFault } from "../../../api/faults.ts";
import { Exit, type Command, type Controller } from "../controller.ts";
import { faultError } from "../render/index.ts";
import { ConnectionError } from "../transport-errors.ts";

/** The target named in the outcome of both commands. */
const TARGET = "supervisord";

function refuseArgs(ctl: Controller, command: Command, arg: string): boolean {
  if (arg === "") return false;
  ctl.usageError(`Error: ${command.name} accepts no arguments`, command.help);
  ctl.exitstatus = Exit.GENERIC;
  return true;
}

/** Interactive mode asks first; only an answer starting with y/Y goes ahead. */
async function confirmed(ctl: Controller, question: string): Promise<boolean> {
  if (!ctl.settings.interactive) return true;
  const answer = await ctl.readLine(question);
  return answer.toLowerCase().startsWith("y");
}

export const reload: Command = {
  name: "reload",
  listed: true,
  help: ["reload \t\tRestart the remote supervisord."],
  async run(ctl, arg) {
    if (refuseArgs(ctl, reload, arg)) return;
    if (!(await confirmed(ctl, "Really restart the remote supervisord process y/N? "))) return;
    try {
      await ctl.call("supervisor.restart");
    } catch (e) {
      if (!(e instanceof RpcFault)) throw e;
      ctl.exitstatus = Exit.GENERIC;
      if (e.code !== Faults.SHUTDOWN_STATE) throw e;
      ctl.outcome({ name: TARGET, ok: false, error: faultError(e) }, "ERROR: already shutting down");
      return;
    }
    ctl.outcome({ name: TARGET, ok: true }, "Restarted supervisord");
  },
};

export const shutdown: Command = {
  name: "shutdown",
  listed: true,
  help: ["shutdown \tShut the remote supervisord down."],
  async run(ctl, arg) {
    if (refuseArgs(ctl, shutdown, arg)) return;
    if (!(await confirmed(ctl, "Really shut the remote supervisord process down y/N? "))) return;
    try {
      await ctl.call("supervisor.shutdown");
    } catch (e) {
      if (e instanceof RpcFault) {
        // Already shutting down is reported but, as in supervisorctl, not an error status.
        if (e.code === Faults.SHUTDOWN_STATE) {
          ctl.outcome({ name: TARGET, ok: false, error: faultError(e) }, "ERROR: already shutting down");
          return;
        }
        ctl.exitstatus = Exit.GENERIC;
        throw e;
      }
      if (e instanceof ConnectionError) {
        ctl.exitstatus = Exit.GENERIC;
        const url = ctl.settings.serverurl;
        if (e.kind === "refused") ctl.failWith(e, `ERROR: ${url} refused connection (already shut down?)`);
        else if (e.kind === "nofile") ctl.failWith(e, `ERROR: ${url} no such file (already shut down?)`);
        else throw e;
        return;
      }
      throw e;
    }
    ctl.outcome({ name: TARGET, ok: true }, "Shut down");
  },
};
