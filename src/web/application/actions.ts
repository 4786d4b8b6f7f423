// The actions of the application page (UI-62, UI-64): start / stop / restart of the application
// and of one process go to the control engine as the `supvisors.*` XML-RPC methods send them
// (with the page's strategy, and wait=false while auto refresh is on); clearlog goes to the local
// daemon as `supervisor.clearProcessLogs`. Messages are Supvisors': `Application <app> started`,
// `Process <ns> stopped`, `Log for <ns> cleared`, or `<rpc>: <fault text>`.

import type { StartingStrategy } from "../../config/supvisors-model.ts";
import type { ControlReply, ControlRequest } from "../../control/engine/index.ts";
import type { ActionResult } from "../actions.ts";
import type { DashboardDeps } from "../deps.ts";
import { applicationProcesses } from "./model.ts";

export const APPLICATION_ACTIONS: readonly string[] = ["startapp", "stopapp", "restartapp", "start", "stop", "restart", "clearlog"];

export interface ApplicationActionRequest {
  action: string;
  appname: string;
  namespec: string;
  strategy: StartingStrategy;
  /** Auto refresh on: the request does not wait for the processes. */
  auto: boolean;
}

/** The text of an RPCError as Supervisor prints `e.text`: `FAULT_NAME: detail`. */
function faultText(reply: ControlReply): string {
  if (reply.ok) return "";
  return reply.detail === "" ? reply.fault : `${reply.fault}: ${reply.detail}`;
}

async function control(deps: DashboardDeps, rpc: string, request: ControlRequest, success: string): Promise<ActionResult> {
  let reply: ControlReply;
  try {
    reply = await deps.control.request(request);
  } catch (error) {
    return { gravity: "erro", message: `${rpc}: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (!reply.ok) return { gravity: "erro", message: `${rpc}: ${faultText(reply)}` };
  return { gravity: "info", message: success };
}

/** The namespec as the page wrote it (`name` or `group:name`), if it belongs to the application. */
function knownProcess(deps: DashboardDeps, appname: string, namespec: string): boolean {
  const key = namespec.includes(":") ? namespec : `${namespec}:${namespec}`;
  return applicationProcesses(deps.control.state(), deps.cluster(), appname).some((s) => s.namespec === key);
}

async function clearLog(deps: DashboardDeps, namespec: string): Promise<ActionResult> {
  try {
    await deps.rpc("supervisor.clearProcessLogs", [namespec]);
  } catch (error) {
    return { gravity: "erro", message: `clearProcessLogs: ${error instanceof Error ? error.message : String(error)}` };
  }
  return { gravity: "info", message: `Log for ${namespec} cleared` };
}

/**
 * @example await runApplicationAction(deps, { action: "startapp", appname: "web", namespec: "", strategy: "CONFIG", auto: false })
 *   // control.request({ kind: "startApplication", strategy: "CONFIG", application: "web", wait: true }) → { gravity: "info", message: "Application web started" }
 */
export async function runApplicationAction(deps: DashboardDeps, r: ApplicationActionRequest): Promise<ActionResult> {
  const wait = !r.auto;
  const { appname, strategy, namespec } = r;
  switch (r.action) {
    case "startapp":
      return control(deps, "start_application", { kind: "startApplication", strategy, application: appname, wait }, `Application ${appname} started`);
    case "stopapp":
      return control(deps, "stop_application", { kind: "stopApplication", application: appname, wait }, `Application ${appname} stopped`);
    case "restartapp":
      return control(deps, "restart_application", { kind: "restartApplication", strategy, application: appname, wait }, `Application ${appname} restarted`);
  }
  if (!APPLICATION_ACTIONS.includes(r.action)) return { gravity: "erro", message: `Unknown action: ${r.action}` };
  if (namespec === "") return { gravity: "erro", message: "No application selected" };
  if (!knownProcess(deps, appname, namespec)) return { gravity: "erro", message: `No such process named ${namespec}` };
  switch (r.action) {
    case "start":
      return control(deps, "start_process", { kind: "startProcess", strategy, namespec, extraArgs: "", wait }, `Process ${namespec} started`);
    case "stop":
      return control(deps, "stop_process", { kind: "stopProcess", namespec, wait }, `Process ${namespec} stopped`);
    case "restart":
      return control(deps, "restart_process", { kind: "restartProcess", strategy, namespec, extraArgs: "", wait }, `Process ${namespec} restarted`);
    default:
      return clearLog(deps, namespec);
  }
}
