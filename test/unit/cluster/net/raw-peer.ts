// A hand-driven peer for wire-level tests: a plain TCP socket that speaks (or mangles) the frame
// protocol byte by byte, so tests can send what a real transport never would.

import { connect, type Socket } from "node:net";
import type { PeerIdentity } from "../../../../src/cluster/transport.ts";
import { decodeFrame, encodeFrame, toPayloadJson, type Frame, type FrameKind } from "../../../../src/cluster/net/frame.ts";
import { SenderSession, type SessionRef } from "../../../../src/cluster/net/session.ts";
import { FrameStreamDecoder } from "../../../../src/cluster/net/stream-decoder.ts";
import { waitFor } from "./helpers.ts";

export class RawPeer {
  readonly socket: Socket;
  readonly frames: Frame[] = [];
  readonly session = new SenderSession();
  closed = false;
  connected = false;
  readonly #decoder = new FrameStreamDecoder(1 << 20);
  readonly #key: Uint8Array | undefined;

  constructor(port: number, readonly identity: PeerIdentity, key?: string) {
    this.#key = key === undefined ? undefined : new TextEncoder().encode(key);
    this.socket = connect({ host: "127.0.0.1", port });
    this.socket.on("connect", () => (this.connected = true));
    this.socket.on("data", (chunk: Buffer) => {
      for (const bytes of this.#decoder.push(new Uint8Array(chunk)).frames) {
        const decoded = decodeFrame(bytes, { key: this.#key, maxFrameBytes: 1 << 20, session: this.session.ref });
        if (decoded.ok) this.frames.push(decoded.frame);
      }
    });
    this.socket.on("close", () => (this.closed = true));
    this.socket.on("error", () => (this.closed = true));
  }

  encode(kind: FrameKind, payload: unknown, bindTo?: SessionRef, sender: PeerIdentity = this.identity): Uint8Array {
    const stamp = this.session.stamp(kind === "data" ? "link" : "control");
    return encodeFrame({ kind, sender, stamp, payloadJson: toPayloadJson(payload), key: this.#key, bindTo });
  }

  write(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }

  /** Says hello and waits for the answer; returns the listener's session from its ack. */
  async handshake(): Promise<SessionRef> {
    await waitFor("raw peer connected", () => this.connected);
    this.write(this.encode("control", { t: "hello", challenge: "raw-challenge" }));
    const ack = await waitFor("ack", () => this.frames.find((f) => f.kind === "control"));
    if ((ack.payload as { t: string }).t !== "ack") throw new Error(`handshake refused: ${JSON.stringify(ack.payload)}`);
    return { start: ack.sessionStart, nonce: ack.sessionNonce };
  }

  destroy(): void {
    this.socket.destroy();
  }
}
