// What `get_network_info` reports of this host (RPC-SV-08 `network`) and what the handshake shares:
// the machine id (a MAC address, which groups instances per node), the host name and the IPv4
// addresses per interface. Read from the OS; nothing is resolved through DNS.

import { hostname, networkInterfaces, type NetworkInterfaceInfo } from "node:os";
import type { NetworkInfo } from "../cluster/options.ts";

const NO_MAC = "00:00:00:00:00:00";

export function localNetworkInfo(
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces(),
  host: string = hostname(),
): NetworkInfo {
  const addresses: Record<string, unknown> = {};
  let machineId = NO_MAC;
  for (const [nic, infos] of Object.entries(interfaces)) {
    const ipv4 = (infos ?? []).filter((i) => i.family === "IPv4");
    if (ipv4.length === 0) continue;
    const first = ipv4[0];
    // Like uuid.getnode(): the hardware address of a real interface, loopback excluded.
    if (machineId === NO_MAC && !first.internal && first.mac !== NO_MAC) machineId = first.mac;
    addresses[nic] = {
      host_name: host,
      aliases: [],
      ipv4_addresses: ipv4.map((i) => i.address),
      nic_info: { nic_name: nic, ipv4_address: first.address, netmask: first.netmask },
    };
  }
  return { machine_id: machineId, fqdn: host, addresses };
}
