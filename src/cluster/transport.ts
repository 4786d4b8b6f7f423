// How cluster nodes reach each other, as the pure cluster core sees it. Two implementations share
// this interface and one conformance suite: the in-memory network of the simulator (test/sim) and
// the real one (UDP multicast discovery + authenticated TCP links, src/cluster/net).
//
// Payloads are plain JSON values: the core defines their shapes (messages.ts); transports frame,
// version and authenticate them, and never look inside.

/** Who a peer claims to be, as carried in every frame and discovery datagram. */
export interface PeerIdentity {
  /** Canonical `host_id:http_port` identifier. */
  identifier: string;
  nick: string;
  /** Host as written in supvisors_list, or the address a discovered peer came from. */
  host: string;
  httpPort: number;
  stereotypes: string[];
}

/** A frame as a transport hands it to the core. */
export interface ReceivedFrame {
  from: PeerIdentity;
  /** The address the frame really came from (TCP peer / datagram source). */
  address: string;
  payload: unknown;
}

export type TransportEvent =
  | { type: "frame"; frame: ReceivedFrame }
  /** A discovery announcement (multicast, or relayed by a peer): someone exists at that address. */
  | { type: "announce"; peer: PeerIdentity; address: string }
  | { type: "linkUp"; identifier: string }
  | { type: "linkDown"; identifier: string; reason: string }
  /** A frame that failed authentication, parsing or version check, with what the log must say. */
  | { type: "rejected"; sender: string; reason: string };

export interface Transport {
  /** Sends to one peer; frames to a peer are delivered in order while its link is up. */
  send(to: string, payload: unknown): void;
  /** Tells the transport where a peer lives, so that `send` can open a link to it. */
  connect(peer: PeerIdentity, address: string): void;
  /** Forgets a peer (isolated): closes its link and refuses its frames. */
  forget(identifier: string): void;
  /**
   * Drops the link to a peer and what waits to be sent on it, and links again as soon as it can:
   * for a peer declared lost while its connection stayed open (a cut network, a frozen process),
   * whose TCP retransmissions may be backing off for seconds when the network heals.
   */
  reset(identifier: string, reason: string): void;
  /** Sends a discovery announcement of the local identity (multicast where configured). */
  announce(): void;
  onEvent(listener: (event: TransportEvent) => void): () => void;
  close(): Promise<void>;
}
