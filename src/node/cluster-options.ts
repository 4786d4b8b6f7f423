// From the `[supvisors]` options of the file to what the cluster core runs with. The local
// instance was identified before (identifyLocalInstance); addresses are `host:http_port`, where
// the peer transport reaches each instance (over its inet HTTP port).

import type { DeclaredInstance as ConfiguredInstance, SupvisorsOptions } from "../config/supvisors.ts";
import type { ClusterOptions, DeclaredInstance, NetworkInfo } from "../cluster/options.ts";
import { localNetworkInfo } from "./network-info.ts";
import type { PeerIdentity } from "../cluster/transport.ts";

export function peerIdentity(instance: ConfiguredInstance, stereotypes: string[] = []): PeerIdentity {
  return {
    identifier: instance.identifier,
    nick: instance.nick,
    host: instance.host,
    httpPort: instance.httpPort,
    stereotypes,
  };
}

export function toClusterOptions(
  options: SupvisorsOptions,
  local: ConfiguredInstance,
  network: NetworkInfo = localNetworkInfo(),
): ClusterOptions {
  const declared: DeclaredInstance[] = options.instances.map((instance) => ({
    identity: peerIdentity(instance, instance.identifier === local.identifier ? options.stereotypes : []),
    address: `${instance.host}:${instance.httpPort}`,
  }));
  return {
    local: { identifier: local.identifier, nick: local.nick, host: local.host, httpPort: local.httpPort },
    stereotypes: options.stereotypes,
    declared,
    synchroOptions: options.synchroOptions,
    synchroTimeout: options.synchroTimeout,
    inactivityTicks: options.inactivityTicks,
    autoFence: options.autoFence,
    coreIdentifiers: options.coreIdentifiers,
    supvisorsFailureStrategy: options.supvisorsFailureStrategy,
    startingStrategy: options.startingStrategy,
    conciliationStrategy: options.conciliationStrategy,
    tickPeriod: options.tickPeriod,
    discoveryMode: options.discoveryMode,
    network,
  };
}
