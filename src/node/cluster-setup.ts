// Builds a node's cluster part from the configuration: reads the `[supvisors]` options, identifies
// the local instance (fatal when it cannot: the message says what was compared), and creates the
// peer transport over the inet HTTP port.

import type { SupervisordConfig } from "../config/model.ts";
import {
  identifierMismatchWarning,
  identifyLocalInstance,
  localHostFacts,
  type DeclaredInstance,
  type SupvisorsOptions,
} from "../config/supvisors.ts";
import { createNetTransport, type NetTransport } from "../cluster/net/index.ts";
import type { ClusterOptions } from "../cluster/options.ts";
import type { LogLevelName } from "../config/model.ts";
import { peerIdentity, toClusterOptions } from "./cluster-options.ts";

export interface ClusterSetup {
  supvisors: SupvisorsOptions;
  local: DeclaredInstance;
  options: ClusterOptions;
  transport: NetTransport;
}

/** `supvisors`: what readSupvisorsOptions gave for this configuration (the daemon reads it first). */
export async function setUpCluster(
  config: SupervisordConfig,
  supvisors: SupvisorsOptions,
  log: (level: LogLevelName, text: string) => void,
): Promise<ClusterSetup> {
  const inet = config.inetServer;
  if (inet?.kind !== "inet") {
    throw new Error("a cluster needs an [inet_http_server]: peers reach each other at its port (CFG-IH-04)");
  }
  const local = identifyLocalInstance(supvisors.instances, {
    httpPort: inet.port,
    ...localHostFacts(),
    identifier: config.server.identifier,
  });
  const mismatch = identifierMismatchWarning(config.server.identifier, local);
  if (mismatch) log("warn", mismatch);
  let credentials: { username: string; password: string } | null = null;
  if (inet.username !== null && inet.password !== null) {
    if (inet.password.startsWith("{SHA}")) {
      // Peers log in with the cluster-wide credentials; a digest cannot be sent as a password.
      log("warn", "[inet_http_server] password is a {SHA} digest: peers cannot log in to each other; write the password in plain text on every instance");
    } else {
      credentials = { username: inet.username, password: inet.password };
    }
  }
  const multicast = supvisors.multicastGroup
    ? {
        group: supvisors.multicastGroup.address,
        port: supvisors.multicastGroup.port,
        interface: supvisors.multicastInterface ?? undefined,
        // Bun refuses TTL 0 (platform notes): 1 keeps datagrams on the local network as well.
        ttl: Math.max(1, supvisors.multicastTtl),
      }
    : undefined;
  const transport = await createNetTransport({
    identity: peerIdentity(local, supvisors.stereotypes),
    listenHost: inet.host,
    listenPort: inet.port,
    listen: false,
    httpUpgrade: { credentials },
    peerKey: supvisors.peerKey ?? undefined,
    log: (level, text) => log(level, text),
    multicast,
  });
  return { supvisors, local, options: toClusterOptions(supvisors, local), transport };
}
