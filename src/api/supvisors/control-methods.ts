// supvisors.* methods that act on the cluster state machine or the local logger (RPC-SV-37..40):
// each request goes to the core, whose reply becomes true or the fault Supvisors raises.

import type { RpcMethod } from "../registry.ts";
import type { SupvisorsApiDeps } from "./deps.ts";
import { logLevelParam } from "./enum-param.ts";
import { replyValue } from "./wire.ts";

export function controlMethods(deps: SupvisorsApiDeps): RpcMethod[] {
  return [
    {
      name: "supvisors.end_sync",
      params: [{ name: "master", type: "string", optional: true, default: "" }],
      returns: "boolean",
      help:
        "End SYNCHRONIZATION now, with the instances known so far (USER must be in synchro_options). With master " +
        "empty the usual election picks the Master, otherwise the instance named becomes Master. Returns before the " +
        "cluster leaves the state. Faults: BAD_SUPVISORS_STATE (not synchronizing, or a Master is already set), " +
        "NOT_APPLICABLE, BAD_NAME, INCORRECT_PARAMETERS (the name designates several instances), NOT_RUNNING.\n" +
        "@param string master identifier, nick identifier or stereotype of the Master to impose ('' to elect one)\n" +
        "@return boolean always true unless error",
      call: ([master]) => replyValue(deps.request({ type: "endSync", master: master as string })),
    },
    {
      name: "supvisors.restart",
      params: [],
      returns: "boolean",
      help:
        "Stop all applications, then restart every daemon of the cluster (a slave passes the request to the Master). " +
        "BAD_SUPVISORS_STATE before DISTRIBUTION.\n@return boolean always true unless error",
      call: () => replyValue(deps.request({ type: "restart" })),
    },
    {
      name: "supvisors.shutdown",
      params: [],
      returns: "boolean",
      help:
        "Stop all applications, then shut down every daemon of the cluster (a slave passes the request to the " +
        "Master). BAD_SUPVISORS_STATE before DISTRIBUTION.\n@return boolean always true unless error",
      call: () => replyValue(deps.request({ type: "shutdown" })),
    },
    {
      name: "supvisors.change_log_level",
      params: [{ name: "level_param", type: "any" }],
      returns: "boolean",
      help:
        "Change the level of the local Supvisors logger (the daemon's logger when the Supvisors logfile is AUTO). " +
        "INCORRECT_PARAMETERS for an unknown level.\n" +
        "@param string level_param critical, error, warn, info, debug, trace or blather (any case), or 50, 40, 30, 20, 10, 5 or 3\n" +
        "@return boolean always true unless error",
      call: ([level]) => {
        deps.setLogLevel(logLevelParam(level!));
        return true;
      },
    },
  ];
}
