// supvisors.* methods describing single instances (RPC-SV-08..10): their tick bookkeeping and
// state, and how to reach them on the network.

import { allInstancesInfo, instanceInfo, networkInfo } from "../../cluster/index.ts";
import type { RpcMethod } from "../registry.ts";
import type { SupvisorsApiDeps } from "./deps.ts";
import { instanceInfoValue, networkInfoValue, valueOf } from "./wire.ts";

const INFO_KEYS =
  "identifier, nick_identifier, node_name, port, statecode, statename, loading, process_failure, " +
  "remote_sequence_counter, remote_mtime (float), remote_time, local_sequence_counter, local_mtime (float), local_time";

export function instanceMethods(deps: SupvisorsApiDeps): RpcMethod[] {
  const loadOf = (identifier: string) => deps.loadOf?.(identifier) ?? 0;
  return [
    {
      name: "supvisors.get_instance_info",
      params: [{ name: "identifier", type: "string" }],
      returns: "array",
      help:
        `Describe the instances named by identifier (a stereotype may name several): ${INFO_KEYS}. ` +
        "BAD_NAME if the name matches no instance.\n" +
        "@param string identifier identifier, nick identifier or stereotype\n@return array instance structs",
      call: ([identifier]) => valueOf(instanceInfo(deps.state(), identifier as string, loadOf)).map(instanceInfoValue),
    },
    {
      name: "supvisors.get_all_instances_info",
      params: [],
      returns: "array",
      help: `Describe every known instance, sorted by identifier: ${INFO_KEYS}.\n@return array instance structs`,
      call: () => allInstancesInfo(deps.state(), loadOf).map(instanceInfoValue),
    },
    {
      name: "supvisors.get_network_info",
      params: [{ name: "identifier", type: "string" }],
      returns: "struct",
      help:
        "Tell how one instance is reached: identifier, nick_identifier, host_id, http_port, stereotypes, and once the " +
        "instance has described itself, network ({machine_id, fqdn, addresses}). BAD_NAME if the name does not " +
        "designate exactly one instance.\n" +
        "@param string identifier identifier or nick identifier\n@return struct network information",
      call: ([identifier]) => networkInfoValue(valueOf(networkInfo(deps.state(), identifier as string))),
    },
  ];
}
