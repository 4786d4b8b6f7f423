// supervisor.* methods that apply configuration changes (RPC-SUP-10..12).

import type { RpcMethod } from "../registry.ts";
import { Faults, RpcFault } from "../faults.ts";
import { ConfigError } from "../../config/model.ts";
import { diffConfigs } from "../../config/index.ts";
import type { SupervisorApiDeps } from "./deps.ts";

export function groupMethods({ sup, daemon }: SupervisorApiDeps): RpcMethod[] {
  return [
    {
      name: "supervisor.reloadConfig",
      params: [],
      returns: "array",
      help: "Read the configuration file again and tell which groups were added, changed or removed, without applying anything.\n@return array [[added, changed, removed]]",
      call: () => {
        let next;
        try {
          next = daemon.reread();
        } catch (err) {
          if (err instanceof ConfigError) throw new RpcFault(Faults.CANT_REREAD, err.message);
          throw err;
        }
        const active = { ...sup.config, groups: sup.groups().map((g) => g.config) };
        const diff = diffConfigs(active, next);
        sup.setConfigured(next.groups);
        return [[diff.added, diff.changed, diff.removed]];
      },
    },
    {
      name: "supervisor.addProcessGroup",
      params: [{ name: "name", type: "string" }],
      returns: "boolean",
      help: "Start managing a group that the last reloadConfig found in the file.\n@param string name group name\n@return boolean result always true unless error",
      call: ([name]) => {
        sup.addGroup(name as string);
        return true;
      },
    },
    {
      name: "supervisor.removeProcessGroup",
      params: [{ name: "name", type: "string" }],
      returns: "boolean",
      help: "Stop managing a group whose processes are all stopped.\n@param string name group name\n@return boolean result always true unless error",
      call: ([name]) => {
        sup.removeGroup(name as string);
        return true;
      },
    },
  ];
}
