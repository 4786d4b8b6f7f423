// supervisor.* methods that read and clear logs (RPC-SUP-06, 07, 25..30).

import type { RpcMethod, RpcParam } from "../registry.ts";
import { Faults, RpcFault } from "../faults.ts";
import { readLogRange, tailLogFile } from "../../process/logs/index.ts";
import type { Channel } from "../../supervisor/process-entry.ts";
import type { SupervisorApiDeps } from "./deps.ts";
import { forEachProcess } from "./status-struct.ts";

const NAME: RpcParam = { name: "name", type: "string" };
const OFFSET: RpcParam = { name: "offset", type: "int" };
const LENGTH: RpcParam = { name: "length", type: "int" };

export function logMethods({ sup, logger }: SupervisorApiDeps): RpcMethod[] {
  const readProcess = (channel: Channel) => ([name, offset, length]: unknown[]) => {
    const path = sup.process(name as string).logPath(channel);
    if (path === null) throw new RpcFault(Faults.NO_FILE, "None");
    return readLogRange(path, offset as number, length as number);
  };
  const tailProcess = (channel: Channel) => ([name, offset, length]: unknown[]) => {
    const path = sup.process(name as string).logPath(channel);
    if (path === null) return ["", 0, false];
    return tailLogFile(path, offset as number, length as number);
  };
  const clearProcess = (namespec: string): true => {
    const entry = sup.process(namespec);
    try {
      entry.clearLogs();
    } catch {
      throw new RpcFault(Faults.FAILED, namespec);
    }
    return true;
  };
  const readHelp = (what: string) =>
    `Read ${what}: offset < 0 reads the last |offset| bytes (length must be 0), else length bytes from offset (0 = to the end).\n@param string name process name\n@param int offset\n@param int length\n@return string bytes`;
  const tailHelp = (what: string) =>
    `Tail ${what}: up to length bytes ending at the end of the file, from offset on.\n@param string name process name\n@param int offset\n@param int length\n@return array [bytes, new offset, overflow]`;

  return [
    {
      name: "supervisor.readLog",
      params: [OFFSET, LENGTH],
      returns: "string",
      help: "Read the activity log.\n@param int offset\n@param int length\n@return string bytes",
      call: ([offset, length]) => {
        const path = logger.path;
        if (path === null) throw new RpcFault(Faults.NO_FILE, "None");
        return readLogRange(path, offset as number, length as number);
      },
    },
    {
      name: "supervisor.clearLog",
      params: [],
      returns: "boolean",
      help: "Clear the activity log (and remove its backups).\n@return boolean result always true unless error",
      call: () => {
        logger.clear();
        return true;
      },
    },
    { name: "supervisor.readProcessStdoutLog", params: [NAME, OFFSET, LENGTH], returns: "string", help: readHelp("the stdout log of a process"), call: readProcess("stdout") },
    { name: "supervisor.readProcessStderrLog", params: [NAME, OFFSET, LENGTH], returns: "string", help: readHelp("the stderr log of a process"), call: readProcess("stderr") },
    { name: "supervisor.tailProcessStdoutLog", params: [NAME, OFFSET, LENGTH], returns: "array", help: tailHelp("the stdout log of a process"), call: tailProcess("stdout") },
    { name: "supervisor.tailProcessStderrLog", params: [NAME, OFFSET, LENGTH], returns: "array", help: tailHelp("the stderr log of a process"), call: tailProcess("stderr") },
    {
      name: "supervisor.clearProcessLogs",
      params: [NAME],
      returns: "boolean",
      help: "Clear the stdout and stderr logs of a process.\n@param string name process name\n@return boolean result always true unless error",
      call: ([name]) => clearProcess(name as string),
    },
    {
      name: "supervisor.clearAllProcessLogs",
      params: [],
      returns: "array",
      help: "Clear the logs of every process.\n@return array status structs",
      call: () =>
        forEachProcess(sup, sup.entries(), () => true, (e) => {
          clearProcess(e.namespec);
          return { done: true };
        }),
    },
  ];
}
