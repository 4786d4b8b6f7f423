// Discovery over UDP multicast: announce() sends this node's identity (and its peer port) to the
// configured group, and announcements heard from others become `announce` events carrying the
// datagram's source address. Same frame format as links (frame.ts), HMAC'd when keyed, never
// above 1024 bytes. The socket is pinned to one interface: memberships and sends never follow the
// default route, so a test or a misconfigured node cannot spray datagrams onto another network.

import { createSocket, type Socket } from "node:dgram";
import { isIPv4 } from "node:net";
import type { PeerIdentity } from "../transport.ts";
import { decodeFrame } from "./frame.ts";
import { FrameWriter, keyBytes } from "./frame-writer.ts";
import { NetDefaults, silentLog, type NetLog } from "./options.ts";
import { ReplayGuard } from "./replay-guard.ts";
import { sameSession, SenderSession } from "./session.ts";

export interface MulticastOptions {
  identity: PeerIdentity;
  group: string;
  port: number;
  /** IPv4 address of the interface that carries discovery (multicast_interface). */
  interface?: string;
  ttl: number;
  /** Our TCP peer port, told to others so they can dial us. */
  peerPort: number;
  peerKey?: string | Uint8Array;
  log?: NetLog;
  now?: () => number;
  session?: SenderSession;
  maxClockSkewMs?: number;
  maxDatagramBytes?: number;
}

export interface Announcement {
  peer: PeerIdentity;
  address: string;
  peerPort: number | undefined;
}

export interface MulticastHandlers {
  onAnnounce(announcement: Announcement): void;
  onRejected(sender: string, reason: string): void;
}

/**
 * The interface discovery must use, or an error saying what to configure.
 * @example multicastInterface(undefined, "10.0.0.5") // "10.0.0.5"
 */
export function multicastInterface(configured: string | undefined, localHost: string): string {
  if (configured !== undefined && configured !== "") {
    if (!isIPv4(configured)) throw new Error(`multicast_interface '${configured}' is not an IPv4 address`);
    return configured;
  }
  if (isIPv4(localHost)) return localHost;
  throw new Error(
    `multicast_interface is not set and the local host '${localHost}' is not an IPv4 address: ` +
      "set multicast_interface to the IPv4 address of the interface discovery should use",
  );
}

/** Checks group, port and TTL, naming the option at fault. */
export function checkMulticastOptions(group: string, port: number, ttl: number): void {
  const first = Number(group.split(".")[0]);
  if (!isIPv4(group) || first < 224 || first > 239) throw new Error(`multicast_group '${group}' is not an IPv4 multicast address (224.0.0.0 to 239.255.255.255)`);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`multicast port ${port} is not a port number`);
  // Bun refuses TTL 0 (platform notes); 1 keeps datagrams on the local link.
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > 255) throw new Error(`multicast_ttl ${ttl} must be an integer from 1 to 255`);
}

export class MulticastDiscovery {
  readonly #o: MulticastOptions;
  readonly #socket: Socket;
  readonly #key: Uint8Array | undefined;
  readonly #log: NetLog;
  readonly #session: SenderSession;
  readonly #writer: FrameWriter;
  readonly #guard: ReplayGuard;
  readonly #max: number;
  readonly #handlers: MulticastHandlers;
  #closed = false;

  private constructor(options: MulticastOptions, socket: Socket, handlers: MulticastHandlers) {
    this.#o = options;
    this.#socket = socket;
    this.#handlers = handlers;
    this.#key = keyBytes(options.peerKey);
    this.#log = options.log ?? silentLog;
    const now = options.now ?? Date.now;
    this.#session = options.session ?? new SenderSession(now);
    this.#writer = new FrameWriter(options.identity, this.#session, this.#key);
    this.#guard = new ReplayGuard({ now, maxClockSkewMs: options.maxClockSkewMs ?? NetDefaults.maxClockSkewMs });
    this.#max = options.maxDatagramBytes ?? NetDefaults.maxDatagramBytes;
    socket.on("message", (message, info) => this.#receive(message, info.address));
    socket.on("error", (error) => this.#log("error", `multicast socket: ${error.message}`));
  }

  /**
   * Joins the group on the pinned interface. Rejects with an error naming the option at fault.
   * @example await MulticastDiscovery.start({ identity, group: "239.0.0.1", port: 65001, interface: "127.0.0.1", ttl: 1, peerPort }, handlers)
   */
  static async start(options: MulticastOptions, handlers: MulticastHandlers): Promise<MulticastDiscovery> {
    checkMulticastOptions(options.group, options.port, options.ttl);
    const iface = multicastInterface(options.interface, options.identity.host);
    const socket = createSocket({ type: "udp4", reuseAddr: true });
    await new Promise<void>((resolve, reject) => {
      socket.once("error", (error) => reject(new Error(`cannot join multicast ${options.group}:${options.port} on ${iface}: ${error.message}`)));
      // Bound to the group address, the socket gets only this group's datagrams, not unicast.
      socket.bind({ port: options.port, address: options.group, exclusive: false }, () => {
        try {
          socket.addMembership(options.group, iface);
          socket.setMulticastInterface(iface);
          socket.setMulticastLoopback(true);
          socket.setMulticastTTL(options.ttl);
          socket.removeAllListeners("error");
          resolve();
        } catch (error) {
          reject(new Error(`cannot join multicast ${options.group}:${options.port} on ${iface}: ${(error as Error).message}`));
        }
      });
    }).catch((error: Error) => {
      try {
        socket.close();
      } catch {
        // Never bound: nothing to release.
      }
      throw error;
    });
    return new MulticastDiscovery({ ...options, interface: iface }, socket, handlers);
  }

  /** Sends one announcement to the group. */
  announce(): void {
    if (this.#closed) return;
    const bytes = this.#writer.discovery(JSON.stringify({ peerPort: this.#o.peerPort }));
    if (bytes.length > this.#max) {
      this.#log("error", `discovery announcement of ${bytes.length} bytes exceeds ${this.#max}: shorten the nick, host or stereotypes`);
      return;
    }
    this.#socket.send(bytes, this.#o.port, this.#o.group, (error) => {
      if (error && !this.#closed) this.#log("warn", `discovery announcement not sent: ${error.message}`);
    });
  }

  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#closed = true;
    return new Promise((resolve) => this.#socket.close(() => resolve()));
  }

  #receive(message: Buffer, address: string): void {
    if (this.#closed) return;
    const bytes = new Uint8Array(message.buffer, message.byteOffset, message.byteLength);
    const decoded = decodeFrame(bytes, { key: this.#key, maxFrameBytes: this.#max });
    if (!decoded.ok) return this.#reject(decoded.sender ?? address, address, decoded.reason);
    const frame = decoded.frame;
    const sender = frame.sender.identifier;
    if (frame.kind !== "discovery") return this.#reject(sender, address, `${frame.kind} frame on the discovery channel`);
    if (sender === this.#o.identity.identifier) {
      // Our own announcement, looped back; another run with our identifier is a misconfiguration.
      if (sameSession({ start: frame.sessionStart, nonce: frame.sessionNonce }, this.#session.ref)) return;
      return this.#reject(sender, address, "another node announces this node's own identifier");
    }
    const replay = frame.authenticated ? this.#guard.check(sender, frame) : undefined;
    if (replay) return this.#reject(sender, address, replay);
    const payload = frame.payload as { peerPort?: unknown } | null;
    const port = typeof payload === "object" && payload !== null ? payload.peerPort : undefined;
    const peerPort = typeof port === "number" && Number.isInteger(port) && port > 0 && port < 65536 ? port : undefined;
    this.#handlers.onAnnounce({ peer: frame.sender, address, peerPort });
  }

  #reject(sender: string, address: string, reason: string): void {
    this.#log("warn", `discovery datagram from ${sender} (${address}) rejected: ${reason}`);
    this.#handlers.onRejected(sender, reason);
  }
}
