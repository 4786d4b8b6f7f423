// The Supvisors application control commands of the ctl: `start_application strategy [app ...]`
// (CTL-SV-13), `test_start_application strategy app` (CTL-SV-14), `stop_application [app ...]`
// (CTL-SV-15) and `restart_application strategy [app ...]` (CTL-SV-16), with the Supvisors 0.19
// texts. Start, stop and restart show a live progress line on a terminal while they wait.
// JSON: start / stop / restart give one outcome per application with the server's result (an
// unknown name: fault code BAD_NAME, an unmanaged one: NOT_MANAGED, both decided by the ctl);
// test_start_application the structs of its table.

import { Faults, RpcFault } from "../../../api/faults.ts";
import { STARTING_STRATEGIES } from "../../../config/supvisors-model.ts";
import type { XmlRpcValue } from "../../../api/xmlrpc/value.ts";
import { Exit, type Command, type Controller } from "../controller.ts";
import { pyStr } from "../py-format.ts";
import { asArray, asStruct, field, truthy, unknownTarget } from "./results.ts";
import { callFor, meansAll, pySorted, reportFault, strategyArg } from "./supvisors-args.ts";
import { withProgress, type ProgressDeps } from "./supvisors-progress-display.ts";
import type { ProgressKind } from "./supvisors-progress.ts";
import { supvisorsCommand, type WordLimits } from "./supvisors-support.ts";
import { startTestTable, text } from "./supvisors-table.ts";

/** Every application Supvisors knows, with whether it is managed; undefined after a fault. */
async function managedByName(ctl: Controller): Promise<Map<string, boolean> | undefined> {
  const answer = await callFor(ctl, null, "get_all_applications_info");
  if (answer === undefined) return undefined;
  const managed = new Map<string, boolean>();
  for (const info of asArray(answer).map(asStruct)) {
    managed.set(text(info, "application_name"), truthy(field(info, "managed")));
  }
  return managed;
}

/**
 * The applications a start / stop / restart addresses: every managed one (sorted) for none or
 * `all`, else those named that are managed. An unmanaged name is reported IGNORED, pointing to
 * the Supervisor command `alternative`; an unknown one is an error with exit status 2; the
 * others are still processed.
 */
export function selectApplications(ctl: Controller, words: readonly string[], managed: ReadonlyMap<string, boolean>, alternative: string): string[] {
  if (meansAll(words)) return pySorted([...managed].filter(([, m]) => m).map(([name]) => name));
  const selected: string[] = [];
  for (const name of words) {
    const isManaged = managed.get(name);
    if (isManaged === undefined) {
      ctl.outcome(unknownTarget(name, "no such application"), `${name}: ERROR (no such application)`);
      ctl.exitstatus = Exit.INVALID_ARGS;
    } else if (isManaged) {
      selected.push(name);
    } else {
      const why = `unmanaged. use ${alternative} ${name}:*`;
      ctl.outcome({ name, ok: false, error: { code: Faults.NOT_MANAGED, text: why } }, `${name}: IGNORED (${why})`);
    }
  }
  return selected;
}

interface ApplicationAction {
  name: string;
  kind: ProgressKind;
  /** The Supervisor command an unmanaged application is pointed to. */
  alternative: string;
  method: string;
  /** The past participle of the result line (`<app> started: True`). */
  done: string;
  help: string[];
  /** The message when the strategy is missing (absent: the command takes no strategy). */
  needsStrategy?: string;
}

function applicationCommand(action: ApplicationAction, deps: ProgressDeps): Command {
  const strategy = action.needsStrategy;
  // Start and restart take a strategy first; stop takes any number of words.
  const limits: WordLimits = strategy === undefined ? {} : { minWords: 1, usage: strategy };
  return supvisorsCommand({
    name: action.name,
    help: action.help,
    ...limits,
    async run(ctl, words, command) {
      const params: XmlRpcValue[] = [];
      if (strategy !== undefined) {
        const value = strategyArg(ctl, command, STARTING_STRATEGIES, words.shift()!, `ERROR: unknown strategy for ${action.name}.`);
        if (value === null) return;
        params.push(value);
      }
      const managed = await managedByName(ctl);
      if (managed === undefined) return;
      for (const application of selectApplications(ctl, words, managed, action.alternative)) {
        try {
          const request = () => ctl.call(`supvisors.${action.method}`, ...params, application);
          const result = await withProgress(ctl, deps, action.kind, application, request);
          ctl.outcome({ name: application, ok: true, result }, `${application} ${action.done}: ${pyStr(result)}`);
        } catch (e) {
          reportFault(ctl, e, application);
        }
      }
    },
  });
}

/** The start / stop / restart application commands, their progress line driven by `deps`. */
export function applicationCommands(deps: ProgressDeps): { startApplication: Command; stopApplication: Command; restartApplication: Command } {
  return {
    startApplication: applicationCommand(
      {
        name: "start_application",
        kind: "start",
        alternative: "start",
        method: "start_application",
        done: "started",
        needsStrategy: "ERROR: start_application requires at least a strategy",
        help: [
          "start_application <strategy> <appli>\t\tStart the managed application named appli with strategy.",
          "start_application <strategy> <appli> <appli>\tStart multiple managed named applications with strategy",
          "start_application <strategy>\t\t\tStart all managed applications with strategy.",
        ],
      },
      deps,
    ),
    stopApplication: applicationCommand(
      {
        name: "stop_application",
        kind: "stop",
        alternative: "stop",
        method: "stop_application",
        done: "stopped",
        help: [
          "stop_application <appli>\t\t\tStop the managed application named appli.",
          "stop_application <appli> <appli>\t\tStop multiple managed named applications.",
          "stop_application\t\t\t\tStop all managed applications.",
        ],
      },
      deps,
    ),
    restartApplication: applicationCommand(
      {
        name: "restart_application",
        kind: "restart",
        alternative: "restart",
        method: "restart_application",
        done: "restarted",
        needsStrategy: "ERROR: restart_application requires at least a strategy",
        help: [
          "restart_application <strategy> <appli>\t\tRestart the managed application named appli with strategy.",
          "restart_application <strategy> <appli> <appli>\tRestart multiple managed named applications with strategy",
          // The space before the tabs is the original's.
          "restart_application <strategy> \t\t\tRestart all managed applications with strategy.",
        ],
      },
      deps,
    ),
  };
}

export const testStartApplication = supvisorsCommand({
  name: "test_start_application",
  help: [
    "test_start_application <strategy> <appli>\t\tTest the starting of the managed application named appli with strategy.",
    "test_start_application <strategy>\t\t\tTest the starting of all managed applications with strategy.",
  ],
  minWords: 2,
  maxWords: 2,
  usage: "ERROR: test_start_application requires one strategy and one application name",
  async run(ctl, words, command) {
    const [word, application] = words as [string, string];
    const strategy = strategyArg(ctl, command, STARTING_STRATEGIES, word, "ERROR: unknown strategy for test_start_application.");
    if (strategy === null) return;
    let info;
    try {
      info = asStruct(await ctl.call("supvisors.get_application_info", application));
    } catch (e) {
      if (!(e instanceof RpcFault)) throw e;
      // Whatever the fault, the original says the application is unknown.
      ctl.usageError(`ERROR: unknown application "${application}"`);
      ctl.exitstatus = Exit.INVALID_ARGS;
      return;
    }
    if (!truthy(field(info, "managed"))) {
      // The original prints the help but leaves the exit status as it was.
      ctl.usageError(`ERROR: ${application} unmanaged`, command.help);
      return;
    }
    const results = await callFor(ctl, application, "test_start_application", strategy, application);
    if (results !== undefined) startTestTable(ctl, results);
  },
});
