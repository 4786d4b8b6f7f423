// The socket of an `[fcgi-program:x]` group (CFG-FC-01), counted by reference as supervisord
// counts it: each spawn takes a reference and the child's handled exit (or a failed spawn) gives
// it back; the socket is created for the first reference and closed when the count falls to zero.
// So it exists while at least one process of the group is alive. When the group is added, the
// socket is created and closed once, as supervisord does to report a bad socket early (for a unix
// socket this leaves its file in place, as supervisord leaves it).
//
// Example: const s = new FcgiSocket(config, log); const fd = s.acquire(); …; s.release();

import type { FcgiSocketConfig } from "../config/model.ts";
import type { LogLevel } from "../process/machine.ts";
import { closeSocket, openListeningSocket } from "../process/listen-socket.ts";
import type { SharedStdin } from "../process/runner.ts";

export interface SocketOps {
  open(config: FcgiSocketConfig): number;
  close(fd: number): void;
}

const OS_SOCKETS: SocketOps = { open: openListeningSocket, close: closeSocket };

export class FcgiSocket implements SharedStdin {
  #fd: number | null = null;
  #references = 0;

  constructor(
    readonly config: FcgiSocketConfig,
    readonly log: (level: LogLevel, message: string) => void,
    readonly ops: SocketOps = OS_SOCKETS,
  ) {}

  /** Whether the socket is open now (some process holds it). */
  get isOpen(): boolean {
    return this.#fd !== null;
  }

  get references(): number {
    return this.#references;
  }

  /** Creates and closes the socket once; returns the error message when it cannot be created. */
  check(): string | null {
    try {
      this.acquire();
      this.release();
      return null;
    } catch (err) {
      return `Could not create FastCGI socket ${this.config.url}: ${err instanceof Error ? err.message : String(err)}`;
    }
  }

  acquire(): number {
    if (this.#fd === null) {
      this.log("info", `Creating socket ${this.config.url}`);
      this.#fd = this.ops.open(this.config);
    }
    this.#references += 1;
    return this.#fd;
  }

  release(): void {
    if (this.#references === 0) return;
    this.#references -= 1;
    if (this.#references === 0) this.#close();
  }

  /** Closes whatever the references say (the group is disposed of). */
  dispose(): void {
    this.#references = 0;
    this.#close();
  }

  #close(): void {
    if (this.#fd === null) return;
    this.log("info", `Closing socket ${this.config.url}`);
    this.ops.close(this.#fd);
    this.#fd = null;
  }
}
