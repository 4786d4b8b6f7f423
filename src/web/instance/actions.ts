// The actions of the Supervisor page (UI-42, UI-44, UI-45, UI-46), each one sent to the local
// daemon through the same XML-RPC methods a client would call: startProcess / stopProcess /
// a system.multicall of both for restarts, clearProcessLogs, stopAllProcesses, restart,
// shutdown and clearLog. When auto refresh is on, processes are started and stopped without
// waiting (UI-08).
//
// The messages are the ones the original page shows. Process actions there are Supervisor's own
// status page handlers, as Supvisors reads their texts: `Process <ns> started`, `Process <ns>:
// spawn error` (an ERROR, shown red), `unexpected rpc fault [<code>] <text>` (shown amber), `All
// stopped at <ctime>`, and Supvisors' `Process <ns>: disabled`. Group and supervisord actions are
// Supvisors' own (`Group <ns> started`, `<rpc>: <fault text>`).

import { Faults } from "../../api/faults.ts";
import type { XmlRpcValue } from "../../api/xmlrpc/value.ts";
import type { ActionResult } from "../actions.ts";
import type { DashboardDeps } from "../deps.ts";
import { ctime } from "../py-text.ts";

export interface InstanceActionRequest {
  action: string;
  namespec: string;
  /** Auto refresh on: wait=false. */
  auto: boolean;
}

/** Every action name the Supervisor page accepts. */
export const INSTANCE_ACTIONS: readonly string[] = [
  "start",
  "stop",
  "restart",
  "clearlog",
  "startgroup",
  "stopgroup",
  "restartgroup",
  "stopall",
  "restartsup",
  "shutdownsup",
  "mainclearlog",
];

interface FaultLike {
  code: number;
  text: string;
}

/** A rejection of deps.rpc as (code, text): RpcFault carries both, anything else is FAILED. */
function faultOf(error: unknown): FaultLike {
  if (error !== null && typeof error === "object" && "code" in error && typeof (error as { code: unknown }).code === "number") {
    const e = error as { code: number; faultString?: unknown; message?: unknown };
    return { code: e.code, text: typeof e.faultString === "string" ? e.faultString : String(e.message ?? "") };
  }
  return { code: Faults.FAILED, text: error instanceof Error ? error.message : String(error) };
}

/** A fault struct inside a multicall answer. */
function multicallFault(value: XmlRpcValue | undefined): FaultLike | null {
  if (value === null || value === undefined || typeof value !== "object" || Array.isArray(value)) return null;
  const struct = value as { [key: string]: XmlRpcValue };
  if (typeof struct.faultCode !== "number") return null;
  return { code: struct.faultCode, text: typeof struct.faultString === "string" ? struct.faultString : "" };
}

/** The message of a failed group action (Supvisors' generic_rpc): `<rpc>: <fault text>`. */
function failure(method: string, namespec: string, fault: FaultLike): ActionResult {
  if (fault.code === Faults.DISABLED) return { gravity: "erro", message: `Process ${namespec}: disabled` };
  return { gravity: "erro", message: `${method}: ${fault.text}` };
}

/** What Supervisor's status page says of a fault it does not name. */
function unexpected(fault: FaultLike): string {
  return `unexpected rpc fault [${fault.code}] ${fault.text}`;
}

/** The words Supervisor's status page has for the faults of a start. */
const START_FAULTS: Readonly<Record<number, string>> = {
  [Faults.NO_FILE]: "no such file",
  [Faults.NOT_EXECUTABLE]: "file not executable",
  [Faults.ALREADY_STARTED]: "already started",
  [Faults.SPAWN_ERROR]: "spawn error",
  [Faults.ABNORMAL_TERMINATION]: "abnormal termination",
};

/**
 * A failed start of one process (UI-44): Supvisors' `Process <ns>: disabled`, Supervisor's
 * `No such process named <ns>` for an unknown name, else `Process <ns>: <reason>`.
 */
function startFailure(namespec: string, fault: FaultLike): ActionResult {
  if (fault.code === Faults.DISABLED) return { gravity: "erro", message: `Process ${namespec}: disabled` };
  if (fault.code === Faults.BAD_NAME) return { gravity: "erro", message: `No such process named ${namespec}` };
  return { gravity: "erro", message: `Process ${namespec}: ${START_FAULTS[fault.code] ?? unexpected(fault)}` };
}

/** A failed stop or log clearing of one process: Supervisor's page shows the fault amber. */
function otherFailure(namespec: string, fault: FaultLike): ActionResult {
  if (fault.code === Faults.BAD_NAME) return { gravity: "erro", message: `No such process named ${namespec}` };
  return { gravity: "warn", message: unexpected(fault) };
}

async function call(deps: DashboardDeps, method: string, params: XmlRpcValue[]): Promise<FaultLike | null> {
  try {
    await deps.rpc(method, params);
    return null;
  } catch (error) {
    return faultOf(error);
  }
}

async function startOne(deps: DashboardDeps, namespec: string, wait: boolean, what: "Process" | "Group"): Promise<ActionResult> {
  const fault = await call(deps, "supervisor.startProcess", [namespec, wait]);
  if (fault !== null) return what === "Process" ? startFailure(namespec, fault) : failure("startProcess", namespec, fault);
  return { gravity: "info", message: `${what} ${namespec} started` };
}

async function stopOne(deps: DashboardDeps, namespec: string, wait: boolean, what: "Process" | "Group"): Promise<ActionResult> {
  const fault = await call(deps, "supervisor.stopProcess", [namespec, wait]);
  if (fault !== null) return what === "Process" ? otherFailure(namespec, fault) : failure("stopProcess", namespec, fault);
  return { gravity: "info", message: `${what} ${namespec} stopped` };
}

/**
 * Stop then start in one system.multicall, as Supervisor's web page restarts a process. Unlike
 * Supervisor's page (which says `restarted` whatever happened), a failed start is reported.
 */
async function restartOne(deps: DashboardDeps, namespec: string, what: "Process" | "Group"): Promise<ActionResult> {
  let answer: XmlRpcValue;
  try {
    answer = await deps.rpc("system.multicall", [
      [
        { methodName: "supervisor.stopProcess", params: [namespec] },
        { methodName: "supervisor.startProcess", params: [namespec] },
      ],
    ]);
  } catch (error) {
    return failure("multicall", namespec, faultOf(error));
  }
  const results = Array.isArray(answer) ? answer : [];
  const stopFault = multicallFault(results[0]);
  // A process that was not running is simply started: only a start failure is an error.
  if (stopFault !== null && stopFault.code !== Faults.NOT_RUNNING) return what === "Process" ? otherFailure(namespec, stopFault) : failure("stopProcess", namespec, stopFault);
  const startFault = multicallFault(results[1]);
  if (startFault !== null) return what === "Process" ? startFailure(namespec, startFault) : failure("startProcess", namespec, startFault);
  return { gravity: "info", message: `${what} ${namespec} restarted` };
}

/** The namespec of a group action: `group:` (Supervisor's whole-group form). */
function groupSpec(namespec: string): string {
  return namespec.endsWith(":") ? namespec : `${namespec}:`;
}

/**
 * Runs one action of the Supervisor page; null when the name is not one of its actions.
 * @example await runInstanceAction(deps, { action: "start", namespec: "web:app", auto: false }) // { gravity: "info", message: "Process web:app started" }
 */
export async function runInstanceAction(deps: DashboardDeps, request: InstanceActionRequest): Promise<ActionResult | null> {
  const { action, namespec } = request;
  const wait = !request.auto;
  const needsName = ["start", "stop", "restart", "clearlog", "startgroup", "stopgroup", "restartgroup"];
  if (needsName.includes(action) && namespec === "") return { gravity: "erro", message: `${action}: no namespec given` };
  switch (action) {
    case "start":
      return startOne(deps, namespec, wait, "Process");
    case "stop":
      return stopOne(deps, namespec, wait, "Process");
    case "restart":
      return restartOne(deps, namespec, "Process");
    case "startgroup":
      return startOne(deps, groupSpec(namespec), wait, "Group");
    case "stopgroup":
      return stopOne(deps, groupSpec(namespec), wait, "Group");
    case "restartgroup":
      return restartOne(deps, groupSpec(namespec), "Group");
    case "clearlog": {
      const fault = await call(deps, "supervisor.clearProcessLogs", [namespec]);
      if (fault !== null) return otherFailure(namespec, fault);
      return { gravity: "info", message: `Log for ${namespec} cleared` };
    }
    case "stopall": {
      const fault = await call(deps, "supervisor.stopAllProcesses", [wait]);
      if (fault !== null) return { gravity: "warn", message: unexpected(fault) };
      return { gravity: "info", message: `All stopped at ${ctime((deps.wallMs?.() ?? Date.now()) / 1000)}` };
    }
    case "restartsup": {
      const fault = await call(deps, "supervisor.restart", []);
      if (fault !== null) return { gravity: "erro", message: `restart: ${fault.text}` };
      return { gravity: "warn", message: "Supervisor restart requested" };
    }
    case "shutdownsup": {
      const fault = await call(deps, "supervisor.shutdown", []);
      if (fault !== null) return { gravity: "erro", message: `shutdown: ${fault.text}` };
      return { gravity: "warn", message: "Supervisor shutdown requested" };
    }
    case "mainclearlog": {
      const fault = await call(deps, "supervisor.clearLog", []);
      if (fault !== null) return { gravity: "erro", message: `clearLog: ${fault.text}` };
      return { gravity: "info", message: "Log for Supervisor cleared" };
    }
  }
  return null;
}
