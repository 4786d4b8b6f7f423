// supervisor.* methods that start, stop and signal processes (RPC-SUP-13..21, 31).

import type { RpcMethod, RpcParam } from "../registry.ts";
import { Faults, RpcFault } from "../faults.ts";
import type { XmlRpcValue } from "../xmlrpc/value.ts";
import type { SupervisorApiDeps } from "./deps.ts";
import { forEachProcess, settle } from "./status-struct.ts";
import {
  isNotRunning,
  isRunning,
  isSignallable,
  parseSignal,
  signalAction,
  startAction,
  stopAction,
} from "./process-actions.ts";

const NAME: RpcParam = { name: "name", type: "string" };
const WAIT: RpcParam = { name: "wait", type: "boolean", optional: true, default: true };
const SIGNAL: RpcParam = { name: "signal", type: "any" };

export function controlMethods({ sup }: SupervisorApiDeps): RpcMethod[] {
  const groupEntries = (name: string) => {
    const group = sup.group(name);
    if (!group) throw new RpcFault(Faults.BAD_NAME, name);
    return group.entries;
  };
  const startGroup = (name: string, wait: boolean) =>
    forEachProcess(sup, groupEntries(name), isNotRunning, (e) => startAction(e, wait));
  const stopGroup = (name: string, wait: boolean) =>
    forEachProcess(sup, [...groupEntries(name)].reverse(), isRunning, (e) => stopAction(e, wait));
  const signalGroup = (name: string, signal: XmlRpcValue) =>
    forEachProcess(sup, groupEntries(name), isSignallable, (e) => signalAction(e, parseSignal(signal)));

  return [
    {
      name: "supervisor.startProcess",
      params: [NAME, WAIT],
      returns: "boolean",
      help: "Start a process.\n@param string name process name (or group:name, or group:*)\n@param boolean wait wait until it is RUNNING\n@return boolean result always true unless error",
      call: ([name, wait]) => {
        const sel = sup.select(name as string);
        if (sel.wholeGroup) return startGroup(sel.group.name, wait as boolean);
        return settle(sup, startAction(sel.entries[0], wait as boolean, name as string));
      },
    },
    {
      name: "supervisor.startProcessGroup",
      params: [NAME, WAIT],
      returns: "array",
      help: "Start every process of a group that is not running, in priority order.\n@param string name group name\n@param boolean wait wait until each is RUNNING\n@return array status structs",
      call: ([name, wait]) => startGroup(name as string, wait as boolean),
    },
    {
      name: "supervisor.startAllProcesses",
      params: [WAIT],
      returns: "array",
      help: "Start every process that is not running, in priority order.\n@param boolean wait wait until each is RUNNING\n@return array status structs",
      call: ([wait]) => forEachProcess(sup, sup.entries(), isNotRunning, (e) => startAction(e, wait as boolean)),
    },
    {
      name: "supervisor.stopProcess",
      params: [NAME, WAIT],
      returns: "boolean",
      help: "Stop a process.\n@param string name process name (or group:name, or group:*)\n@param boolean wait wait until it is stopped\n@return boolean result always true unless error",
      call: ([name, wait]) => {
        const sel = sup.select(name as string);
        if (sel.wholeGroup) return stopGroup(sel.group.name, wait as boolean);
        return settle(sup, stopAction(sel.entries[0], wait as boolean));
      },
    },
    {
      name: "supervisor.stopProcessGroup",
      params: [NAME, WAIT],
      returns: "array",
      help: "Stop every running process of a group, in reverse priority order.\n@param string name group name\n@param boolean wait wait until each is stopped\n@return array status structs",
      call: ([name, wait]) => stopGroup(name as string, wait as boolean),
    },
    {
      name: "supervisor.stopAllProcesses",
      params: [WAIT],
      returns: "array",
      help: "Stop every running process, in reverse priority order.\n@param boolean wait wait until each is stopped\n@return array status structs",
      call: ([wait]) =>
        forEachProcess(sup, sup.entries().reverse(), isRunning, (e) => stopAction(e, wait as boolean)),
    },
    {
      name: "supervisor.signalProcess",
      params: [NAME, SIGNAL],
      returns: "boolean",
      help: "Send a signal to a process.\n@param string name process name (or group:name, or group:*)\n@param string signal signal name (HUP) or number\n@return boolean result always true unless error",
      call: ([name, signal]) => {
        const sel = sup.select(name as string);
        if (sel.wholeGroup) return signalGroup(sel.group.name, signal);
        return settle(sup, signalAction(sel.entries[0], parseSignal(signal)));
      },
    },
    {
      name: "supervisor.signalProcessGroup",
      params: [NAME, SIGNAL],
      returns: "array",
      help: "Send a signal to every process of a group.\n@param string name group name\n@param string signal signal name or number\n@return array status structs",
      call: ([name, signal]) => signalGroup(name as string, signal),
    },
    {
      name: "supervisor.signalAllProcesses",
      params: [SIGNAL],
      returns: "array",
      help: "Send a signal to every process in a signallable state.\n@param string signal signal name or number\n@return array status structs",
      call: ([signal]) => forEachProcess(sup, sup.entries(), isSignallable, (e) => signalAction(e, parseSignal(signal))),
    },
    {
      name: "supervisor.sendProcessStdin",
      params: [NAME, { name: "chars", type: "any" }],
      returns: "boolean",
      help: "Write characters to the stdin of a process.\n@param string name process name\n@param string chars what to write\n@return boolean result always true unless error",
      call: ([name, chars]) => {
        if (typeof chars !== "string" && !(chars instanceof Uint8Array)) {
          throw new RpcFault(Faults.INCORRECT_PARAMETERS, String(chars));
        }
        const entry = sup.process(name as string);
        const result = entry.runner.writeStdin(chars);
        if (result === "notRunning") throw new RpcFault(Faults.NOT_RUNNING, name as string);
        if (result === "closed") throw new RpcFault(Faults.NO_FILE, name as string);
        return true;
      },
    },
  ];
}
