// The TCP listener peers dial into: binds the configured host and port, hands each accepted
// socket over, and reports a bind failure with the address in the message. Disabled (links carried
// by the HTTP server instead), it binds nothing and reports the configured port.

import { createServer, type Server, type Socket } from "node:net";
import type { NetLog } from "./options.ts";

export class PeerListener {
  readonly #server: Server;
  readonly #host: string;
  readonly #port: number;
  readonly #enabled: boolean;
  readonly #log: NetLog;

  constructor(host: string, port: number, enabled: boolean, log: NetLog, onSocket: (socket: Socket) => void) {
    this.#host = host;
    this.#port = port;
    this.#enabled = enabled;
    this.#log = log;
    this.#server = createServer(onSocket);
  }

  /** Binds; rejects with the OS reason (e.g. EADDRINUSE) and the address. */
  listen(): Promise<void> {
    if (!this.#enabled) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onError = (error: Error) => reject(new Error(`cannot listen for peers on ${this.#host}:${this.#port}: ${error.message}`));
      this.#server.once("error", onError);
      this.#server.listen(this.#port, this.#host, () => {
        this.#server.off("error", onError);
        this.#server.on("error", (error) => this.#log("error", `peer listener: ${error.message}`));
        resolve();
      });
    });
  }

  /** The bound port (the real one when 0 was asked for). */
  get port(): number {
    const address = this.#server.address();
    return typeof address === "object" && address ? address.port : this.#port;
  }

  /** Stops accepting; resolves once the server is closed (its sockets are closed by their links). */
  close(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.#server.listening) return resolve();
      this.#server.close(() => resolve());
    });
  }
}
