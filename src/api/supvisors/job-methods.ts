// supvisors.* requests that start, stop or conciliate across the cluster (RPC-SV-22..25, 27..31,
// 35, 36): parameters are checked here (strategy enums, namespecs); the control engine checks the
// state, the names and the rules, plans the jobs, and replies — at once, or when a waited job ends.

import { testStartApplication, testStartProcess, type ControlReply, type PlannedStart } from "../../control/engine/index.ts";
import type { RpcMethod, RpcParam } from "../registry.ts";
import type { XmlRpcValue } from "../xmlrpc/value.ts";
import { canonicalNamespec, controlValue, type ControlApi } from "./control-api.ts";
import { ConciliationStrategies, StartingStrategies, enumParam } from "./enum-param.ts";

const STRATEGY: RpcParam = { name: "strategy", type: "any" };
const APP: RpcParam = { name: "application_name", type: "string" };
const NAMESPEC: RpcParam = { name: "namespec", type: "string" };
const EXTRA_ARGS: RpcParam = { name: "extra_args", type: "string", optional: true, default: "" };
const WAIT: RpcParam = { name: "wait", type: "boolean", optional: true, default: true };

function plannedValue(result: ControlReply | PlannedStart[]): XmlRpcValue {
  if (Array.isArray(result)) return result.map((p) => ({ ...p, running_identifiers: [...p.running_identifiers] }));
  return controlValue(result);
}

export function jobMethods(api: ControlApi): RpcMethod[] {
  const run = async (request: Parameters<ControlApi["request"]>[0]) => controlValue(await api.request(request));
  const starting = (v: XmlRpcValue) => enumParam(StartingStrategies, v);
  return [
    {
      name: "supvisors.start_application",
      params: [STRATEGY, APP, WAIT],
      returns: "boolean",
      help:
        "Start a managed application by its start sequence, each process placed by the strategy.\n" +
        "@param string strategy the starting strategy (name or number)\n@param string application_name the application\n" +
        "@param boolean wait wait for the end of the start sequence\n@return boolean always true unless error",
      call: ([strategy, app, wait]) =>
        run({ kind: "startApplication", strategy: starting(strategy!), application: app as string, wait: wait as boolean }),
    },
    {
      name: "supvisors.test_start_application",
      params: [STRATEGY, APP],
      returns: "array",
      help:
        "Tell where the processes of an application would be started, starting nothing.\n" +
        "@param string strategy the starting strategy\n@param string application_name the application\n@return array planned starts",
      call: ([strategy, app]) => plannedValue(testStartApplication(api.state(), api.snapshot(), starting(strategy!), app as string)),
    },
    {
      name: "supvisors.stop_application",
      params: [APP, WAIT],
      returns: "boolean",
      help: "Stop a managed application by its stop sequence.\n@param string application_name the application\n@param boolean wait wait until it is stopped\n@return boolean always true unless error",
      call: ([app, wait]) => run({ kind: "stopApplication", application: app as string, wait: wait as boolean }),
    },
    {
      name: "supvisors.restart_application",
      params: [STRATEGY, APP, WAIT],
      returns: "boolean",
      help:
        "Stop then start an application.\n@param string strategy the starting strategy\n@param string application_name the application\n" +
        "@param boolean wait wait for the end of the restart\n@return boolean always true unless error",
      call: ([strategy, app, wait]) =>
        run({ kind: "restartApplication", strategy: starting(strategy!), application: app as string, wait: wait as boolean }),
    },
    {
      name: "supvisors.start_process",
      params: [STRATEGY, NAMESPEC, EXTRA_ARGS, WAIT],
      returns: "boolean",
      help:
        "Start a process (or group:* for all the processes of an application) where the strategy places it.\n" +
        "@param string strategy the starting strategy\n@param string namespec the process namespec\n" +
        "@param string extra_args arguments added to the command\n@param boolean wait wait until it is running\n@return boolean always true unless error",
      call: ([strategy, namespec, extraArgs, wait]) =>
        run({ kind: "startProcess", strategy: starting(strategy!), namespec: canonicalNamespec(namespec as string), extraArgs: extraArgs as string, wait: wait as boolean }),
    },
    {
      name: "supvisors.test_start_process",
      params: [STRATEGY, NAMESPEC],
      returns: "array",
      help: "Tell where a process would be started, starting nothing.\n@param string strategy the starting strategy\n@param string namespec the process namespec\n@return array planned starts",
      call: ([strategy, namespec]) =>
        plannedValue(testStartProcess(api.state(), api.snapshot(), starting(strategy!), canonicalNamespec(namespec as string))),
    },
    {
      name: "supvisors.start_any_process",
      params: [STRATEGY, { name: "regex", type: "string" }, EXTRA_ARGS, WAIT],
      returns: "string",
      help:
        "Start one stopped process whose namespec matches the regular expression.\n@param string strategy the starting strategy\n" +
        "@param string regex a regular expression searched in the namespecs\n@param string extra_args arguments added to the command\n" +
        "@param boolean wait wait until it is running\n@return string the namespec of the process started",
      call: ([strategy, regex, extraArgs, wait]) =>
        run({ kind: "startAnyProcess", strategy: starting(strategy!), regex: regex as string, extraArgs: extraArgs as string, wait: wait as boolean }),
    },
    {
      name: "supvisors.stop_process",
      params: [NAMESPEC, WAIT],
      returns: "boolean",
      help: "Stop a process wherever it runs (or group:* for all the processes of an application).\n@param string namespec the process namespec\n@param boolean wait wait until it is stopped\n@return boolean always true unless error",
      call: ([namespec, wait]) => run({ kind: "stopProcess", namespec: canonicalNamespec(namespec as string), wait: wait as boolean }),
    },
    {
      name: "supvisors.restart_process",
      params: [STRATEGY, NAMESPEC, EXTRA_ARGS, WAIT],
      returns: "boolean",
      help:
        "Stop a process, then start it where the strategy places it.\n@param string strategy the starting strategy\n@param string namespec the process namespec\n" +
        "@param string extra_args arguments added to the command\n@param boolean wait wait until it is running again\n@return boolean always true unless error",
      call: ([strategy, namespec, extraArgs, wait]) =>
        run({ kind: "restartProcess", strategy: starting(strategy!), namespec: canonicalNamespec(namespec as string), extraArgs: extraArgs as string, wait: wait as boolean }),
    },
    {
      name: "supvisors.conciliate",
      params: [STRATEGY],
      returns: "boolean",
      help: "Apply a conciliation strategy to every conflict now, whatever the configured one.\n@param string strategy the conciliation strategy\n@return boolean true if applied, false for USER",
      call: ([strategy]) => run({ kind: "conciliate", strategy: enumParam(ConciliationStrategies, strategy!) }),
    },
    {
      name: "supvisors.restart_sequence",
      params: [WAIT],
      returns: "boolean",
      help: "Run the cluster's start sequence again (applications never started or failed).\n@param boolean wait wait for the end of the sequence\n@return boolean always true unless error",
      call: ([wait]) => run({ kind: "restartSequence", wait: wait as boolean }),
    },
  ];
}
