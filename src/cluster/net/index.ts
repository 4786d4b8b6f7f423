// The peer network's public face: createNetTransport() starts a node's TCP peer listener (or, with
// `listen: false` and `httpUpgrade`, takes its links from the inet HTTP server through adopt()) and,
// when configured, its multicast discovery, and returns them as one Transport.

import type { TransportEvent } from "../transport.ts";
import { EventHub } from "./event-hub.ts";
import { keyBytes } from "./frame-writer.ts";
import { MulticastDiscovery } from "./multicast.ts";
import { NetTransport } from "./net-transport.ts";
import { silentLog } from "./options.ts";
import { SenderSession } from "./session.ts";
import { TcpTransport, type TcpTransportOptions } from "./tcp-transport.ts";

export interface MulticastConfig {
  /** multicast_group, e.g. 239.0.0.1 */
  group: string;
  port: number;
  /** multicast_interface; when absent, the local identity's host if it is an IPv4 address. */
  interface?: string;
  /** multicast_ttl, 1 to 255. */
  ttl: number;
}

export interface NetTransportOptions extends TcpTransportOptions {
  /** Discovery; without it announce() does nothing and peers come from connect() only. */
  multicast?: MulticastConfig;
}

/**
 * Starts the listener (and discovery), or rejects with a message naming what to change.
 * @example
 *   const transport = await createNetTransport({
 *     identity, listenHost: "0.0.0.0", listenPort: 60001, peerPortOf: (p) => p.httpPort + 1000,
 *     peerKey: config.peer_key, multicast: { group: "239.0.0.1", port: 60002, interface: "10.0.0.5", ttl: 1 },
 *   });
 *   // Over the inet HTTP port: no listener; startHttpServers({ ..., upgrade: (r, s, h) => t.adopt(s, h) }).
 *   const t = await createNetTransport({
 *     identity, listenHost: "", listenPort: inetPort, listen: false, httpUpgrade: { credentials: { username, password } },
 *   });
 */
export async function createNetTransport(options: NetTransportOptions): Promise<NetTransport> {
  const log = options.log ?? silentLog;
  const session = options.session ?? new SenderSession(options.now ?? Date.now);
  const peerKey = keyBytes(options.peerKey);
  if (!peerKey) {
    log("warn", "no peer_key configured: peer frames and discovery datagrams are not authenticated, anyone who can reach this node can join the cluster");
  }
  const tcp = new TcpTransport({ ...options, peerKey, session });
  await tcp.listen();
  const events = new EventHub<TransportEvent>(log);
  let discovery: MulticastDiscovery | undefined;
  if (options.multicast) {
    try {
      discovery = await MulticastDiscovery.start(
        { ...options.multicast, identity: options.identity, peerPort: tcp.port, peerKey, log, now: options.now, session, maxClockSkewMs: options.maxClockSkewMs },
        {
          onAnnounce: ({ peer, address, peerPort }) => {
            if (peerPort !== undefined) tcp.notePeerPort(peer.identifier, peerPort);
            events.emit({ type: "announce", peer, address });
          },
          onRejected: (sender, reason) => events.emit({ type: "rejected", sender, reason }),
        },
      );
    } catch (error) {
      await tcp.close();
      throw error;
    }
  }
  return new NetTransport(tcp, discovery, events);
}

export { NetTransport } from "./net-transport.ts";
export { TcpTransport, type TcpTransportOptions } from "./tcp-transport.ts";
export type { HttpUpgradeOptions, LinkStats, PeerLinkStats } from "./peer-state.ts";
export { PEER_UPGRADE_PATH, PEER_UPGRADE_PROTOCOL, UPGRADE_ACCEPTED, upgradeRequest, readUpgradeReply, type UpgradeCredentials } from "./http-upgrade.ts";
export { MulticastDiscovery, multicastInterface, type MulticastOptions, type Announcement } from "./multicast.ts";
export { decodeFrame, encodeFrame, type Frame, type DecodeResult } from "./frame.ts";
export { SenderSession, type SessionRef } from "./session.ts";
export { NetDefaults, type NetLog, type NetLogLevel } from "./options.ts";
