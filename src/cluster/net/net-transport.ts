// The transport a node runs: authenticated TCP links (tcp-transport.ts) plus, when configured,
// multicast discovery (multicast.ts), behind the one Transport interface the core knows. Both
// stamp frames from the same sender session, and a peer port heard in an announcement is used
// when the core later connects to that peer by address alone.

import type { Duplex } from "node:stream";
import type { PeerIdentity, Transport, TransportEvent } from "../transport.ts";
import { EventHub } from "./event-hub.ts";
import type { MulticastDiscovery } from "./multicast.ts";
import type { LinkStats } from "./peer-state.ts";
import type { TcpTransport } from "./tcp-transport.ts";

export class NetTransport implements Transport {
  readonly #tcp: TcpTransport;
  readonly #discovery: MulticastDiscovery | undefined;
  readonly #events: EventHub<TransportEvent>;

  /** Built by createNetTransport (index.ts) once both sockets are bound. */
  constructor(tcp: TcpTransport, discovery: MulticastDiscovery | undefined, events: EventHub<TransportEvent>) {
    this.#tcp = tcp;
    this.#discovery = discovery;
    this.#events = events;
    tcp.onEvent((event) => this.#events.emit(event));
  }

  /** The bound TCP peer port. */
  get port(): number {
    return this.#tcp.port;
  }

  /** Hands a socket the HTTP server upgraded to the links (TcpTransport.adopt). */
  adopt(socket: Duplex, head: Buffer): boolean {
    return this.#tcp.adopt(socket, head);
  }

  /** Whether announce() reaches anyone (multicast configured). */
  get discovers(): boolean {
    return this.#discovery !== undefined;
  }

  linkDirection(identifier: string): "out" | "in" | undefined {
    return this.#tcp.linkDirection(identifier);
  }

  /** Link health of every known peer, for the metrics (TcpTransport.linkStats). */
  linkStats(): LinkStats {
    return this.#tcp.linkStats();
  }

  send(to: string, payload: unknown): void {
    this.#tcp.send(to, payload);
  }

  connect(peer: PeerIdentity, address: string): void {
    this.#tcp.connect(peer, address);
  }

  forget(identifier: string): void {
    this.#tcp.forget(identifier);
  }

  reset(identifier: string, reason: string): void {
    this.#tcp.reset(identifier, reason);
  }

  announce(): void {
    this.#discovery?.announce();
  }

  onEvent(listener: (event: TransportEvent) => void): () => void {
    return this.#events.on(listener);
  }

  async close(): Promise<void> {
    await Promise.all([this.#tcp.close(), this.#discovery?.close()]);
    this.#events.clear();
  }
}
