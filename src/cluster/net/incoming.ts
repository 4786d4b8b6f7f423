// Links peers opened to us, whether through our own peer listener or upgraded by the HTTP server
// (http-upgrade.ts), while their handshake is not done: bounded in number, so that a flood of
// idle connections cannot exhaust us, and each closed if it says no hello in time.

import { Socket } from "node:net";
import type { Duplex } from "node:stream";
import { UPGRADE_ACCEPTED } from "./http-upgrade.ts";
import { PeerLink, type PeerLinkHooks } from "./peer-link.ts";
import type { TcpSettings } from "./peer-state.ts";

/** Accepted sockets still in their handshake; more are refused. */
export const MAX_HANDSHAKING = 256;

export class IncomingLinks {
  readonly #pending = new Set<PeerLink>();
  readonly #o: TcpSettings;
  readonly #hooks: PeerLinkHooks;
  /** Set when the transport closes: nothing is taken any more. */
  #closed = false;

  constructor(settings: TcpSettings, hooks: PeerLinkHooks) {
    this.#o = settings;
    this.#hooks = hooks;
  }

  /** Runs an accepted socket as an incoming link; destroys it when closed or too many are pending. */
  accept(socket: Socket): PeerLink | undefined {
    if (this.#closed || this.#pending.size >= MAX_HANDSHAKING) {
      socket.destroy();
      return undefined;
    }
    const link = new PeerLink(socket, "in", this.#hooks, this.#o.maxFrameBytes);
    this.#pending.add(link);
    link.deadline(this.#o.helloTimeoutMs, `no hello within ${this.#o.helloTimeoutMs} ms`);
    return link;
  }

  /**
   * Answers 101 on a socket the HTTP server upgraded and runs it as an incoming link, `head` (the
   * bytes read past the request) first. False, touching nothing, when closed, full or not TCP.
   */
  adopt(socket: Duplex, head: Buffer): boolean {
    if (this.#closed || this.#pending.size >= MAX_HANDSHAKING || !(socket instanceof Socket)) return false;
    socket.write(UPGRADE_ACCEPTED);
    this.accept(socket)?.feed(head);
    return true;
  }

  /** The link said hello (or ended): it no longer counts against the bound. */
  settled(link: PeerLink): void {
    this.#pending.delete(link);
  }

  /** Ends the pending links and takes nothing more. */
  closeAll(reason: string): void {
    this.#closed = true;
    for (const link of [...this.#pending]) link.close(reason);
  }
}
