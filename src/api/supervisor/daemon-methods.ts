// supervisor.* methods about the daemon itself (RPC-SUP-01..05, 08, 09, 32).

import type { RpcMethod } from "../registry.ts";
import { supervisorStateName } from "../../process/states.ts";
import { API_VERSION, SUPERVISOR_COMPAT_VERSION, type SupervisorApiDeps } from "./deps.ts";

export function daemonMethods({ sup, daemon }: SupervisorApiDeps): RpcMethod[] {
  return [
    {
      name: "supervisor.getAPIVersion",
      params: [],
      returns: "string",
      help: "Return the version of the RPC API used by supervisord.\n@return string version",
      call: () => API_VERSION,
    },
    {
      name: "supervisor.getSupervisorVersion",
      params: [],
      returns: "string",
      help: "Return the version of Supervisor whose API this daemon implements.\n@return string version",
      call: () => SUPERVISOR_COMPAT_VERSION,
    },
    {
      name: "supervisor.getIdentification",
      params: [],
      returns: "string",
      help: "Return the identifier option of [supervisord].\n@return string identifier",
      call: () => sup.config.server.identifier,
    },
    {
      name: "supervisor.getState",
      params: [],
      returns: "struct",
      help: "Return the daemon state as {statecode, statename}.\n@return struct state",
      call: () => ({ statecode: sup.state, statename: supervisorStateName(sup.state) }),
    },
    {
      name: "supervisor.getPID",
      params: [],
      returns: "int",
      help: "Return the process id of the daemon.\n@return int pid",
      call: () => daemon.pid,
    },
    {
      name: "supervisor.shutdown",
      params: [],
      returns: "boolean",
      help: "Stop every process, then the daemon.\n@return boolean result always true",
      call: () => {
        daemon.requestShutdown();
        return true;
      },
    },
    {
      name: "supervisor.restart",
      params: [],
      returns: "boolean",
      help: "Stop every process, read the configuration again and start anew.\n@return boolean result always true",
      call: () => {
        daemon.requestRestart();
        return true;
      },
    },
    {
      name: "supervisor.sendRemoteCommEvent",
      params: [
        { name: "type", type: "string" },
        { name: "data", type: "string" },
      ],
      returns: "boolean",
      help: "Emit a REMOTE_COMMUNICATION event with the given type and data.\n@param string type\n@param string data\n@return boolean result always true",
      call: ([type, data]) => {
        daemon.remoteCommEvent(type as string, data as string);
        return true;
      },
    },
  ];
}
