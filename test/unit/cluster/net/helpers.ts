// Shared pieces of the peer-network tests: waiting on a condition with a deadline, identities,
// event and log recorders, and TCP transports on 127.0.0.1 with ephemeral ports.

import type { PeerIdentity, Transport, TransportEvent } from "../../../../src/cluster/transport.ts";
import type { NetLog } from "../../../../src/cluster/net/options.ts";
import { TcpTransport, type TcpTransportOptions } from "../../../../src/cluster/net/tcp-transport.ts";
import { waitFor } from "../../../support/wait-for.ts";

export { waitFor };

/**
 * Lets the event loop run for `ms` before a negative assertion ("nothing arrived"). This is an
 * observation window, not synchronisation: no test proceeds on the assumption that something
 * happened within it.
 */
export function observe(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function identity(nick: string, httpPort: number, host = "127.0.0.1"): PeerIdentity {
  return { identifier: `${host}:${httpPort}`, nick, host, httpPort, stereotypes: ["test"] };
}

/** Every event a transport emits, in order. */
export class Recorder {
  readonly events: TransportEvent[] = [];
  readonly stop: () => void;

  constructor(transport: Transport) {
    this.stop = transport.onEvent((event) => this.events.push(event));
  }

  of<K extends TransportEvent["type"]>(type: K): Extract<TransportEvent, { type: K }>[] {
    return this.events.filter((event): event is Extract<TransportEvent, { type: K }> => event.type === type);
  }

  payloadsFrom(identifier: string): unknown[] {
    return this.of("frame").filter((e) => e.frame.from.identifier === identifier).map((e) => e.frame.payload);
  }

  linkUps(identifier: string): number {
    return this.of("linkUp").filter((e) => e.identifier === identifier).length;
  }

  linkDowns(identifier: string): number {
    return this.of("linkDown").filter((e) => e.identifier === identifier).length;
  }
}

/** Log lines collected as "level: message". */
export class LogLines {
  readonly lines: string[] = [];
  readonly log: NetLog = (level, message) => {
    this.lines.push(`${level}: ${message}`);
  };

  has(fragment: string): boolean {
    return this.lines.some((line) => line.includes(fragment));
  }
}

/** Peer ports by identifier, filled in as listeners bind ephemeral ports. */
export class PortBook {
  readonly ports = new Map<string, number>();
  readonly peerPortOf = (peer: PeerIdentity): number => {
    const port = this.ports.get(peer.identifier);
    if (port === undefined) throw new Error(`no peer port known for ${peer.identifier}`);
    return port;
  };
}

/** Fast reconnection so tests of it finish in well under a second. */
export const fastTimings = { reconnectMinMs: 20, reconnectMaxMs: 200, connectTimeoutMs: 2000, helloTimeoutMs: 2000 } as const;

/** A listening TcpTransport on 127.0.0.1 (ephemeral port unless `port` given), registered in `book`. */
export async function startTcp(
  id: PeerIdentity,
  book: PortBook,
  extra: Partial<TcpTransportOptions> = {},
  port = 0,
): Promise<TcpTransport> {
  const transport = new TcpTransport({ identity: id, listenHost: "127.0.0.1", listenPort: port, peerPortOf: book.peerPortOf, ...fastTimings, ...extra });
  await transport.listen();
  book.ports.set(id.identifier, transport.port);
  return transport;
}
