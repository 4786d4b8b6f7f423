// The PUB side of one ZMTP 3.1 connection with the NULL mechanism, as a pure state machine: bytes
// from the subscriber go in, and out come what to send back, when the handshake completes, the
// subscription changes, and why the connection must be closed.
//
//   greeting ──peer greeting, NULL──▶ handshake ──peer READY, Socket-Type SUB|XSUB──▶ active
//       └────────────── anything else, at any step ──────────────▶ failed (close the socket)
//
// Subscriptions come in two forms and both are accepted whatever version the peer announced:
// ZMTP 3.1 commands `SUBSCRIBE topic` / `CANCEL topic` (what libzmq 4.3 sends to a 3.1 peer such
// as us) and ZMTP 3.0 messages whose first byte is 0x01 (subscribe) or 0x00 (cancel) followed by
// the topic (what libzmq sends to a 3.0 peer, and what older libzmq always sends).

import { encodeCommand, encodeGreeting, encodeReady, parseCommand, parseProperties } from "./zmtp-codec.ts";
import { ZmtpReader, type ZmtpFrame } from "./zmtp-reader.ts";

export type SessionOutput =
  | { type: "send"; bytes: Uint8Array }
  | { type: "ready"; socketType: string; minor: number }
  | { type: "subscribe"; topic: Uint8Array }
  | { type: "cancel"; topic: Uint8Array }
  | { type: "fail"; reason: string };

export type SessionState = "greeting" | "handshake" | "active" | "failed";

/**
 * 64 KiB: subscriptions are header prefixes of a few bytes and nothing else a subscriber sends is
 * used, so this only stops a client from making the node buffer large frames.
 */
export const DEFAULT_MAX_INBOUND_FRAME = 64 * 1024;

/** Socket types a PUB may talk to (ZMTP 3.1 socket compatibility table). */
const COMPATIBLE_PEERS: ReadonlySet<string> = new Set(["SUB", "XSUB"]);

/** A PING's data is a 2-byte TTL, then up to 16 bytes of context that the PONG echoes. */
const PING_CONTEXT_MAX = 16;

export class ZmtpPubSession {
  readonly #reader: ZmtpReader;
  #state: SessionState = "greeting";
  #minor = 0;
  /** True while later frames of a multipart message are being skipped. */
  #inMessage = false;

  constructor(maxInboundFrameBytes = DEFAULT_MAX_INBOUND_FRAME) {
    this.#reader = new ZmtpReader(maxInboundFrameBytes);
  }

  get state(): SessionState {
    return this.#state;
  }

  /** What to send as soon as the connection is open: our whole greeting. */
  opening(): Uint8Array {
    return encodeGreeting();
  }

  /**
   * Feeds bytes from the peer; returns what follows from them, in order.
   * @example for (const out of session.receive(chunk)) if (out.type === "send") socket.write(out.bytes)
   */
  receive(chunk: Uint8Array): SessionOutput[] {
    if (this.#state === "failed") return [];
    const outputs: SessionOutput[] = [];
    const read = this.#reader.push(chunk);
    if (read.greeting) {
      const { mechanism, minor } = read.greeting;
      if (mechanism !== "NULL") return this.#fail(outputs, `security mechanism ${JSON.stringify(mechanism)} not supported (only NULL)`);
      this.#minor = minor;
      this.#state = "handshake";
      outputs.push({ type: "send", bytes: encodeReady() });
    }
    for (const frame of read.frames) {
      if (this.#state === "handshake") this.#onHandshakeFrame(frame, outputs);
      else this.#onActiveFrame(frame, outputs);
      // A frame that fails the session pushes "fail" last: what follows it is not read.
      if (outputs[outputs.length - 1]?.type === "fail") return outputs;
    }
    if (read.error) return this.#fail(outputs, read.error);
    return outputs;
  }

  #onHandshakeFrame(frame: ZmtpFrame, outputs: SessionOutput[]): void {
    if (!frame.command) return void this.#fail(outputs, "message frame before the READY command");
    const command = parseCommand(frame.body);
    if (typeof command === "string") return void this.#fail(outputs, command);
    if (command.name === "ERROR") return void this.#fail(outputs, `peer sent ERROR: ${errorReason(command.data)}`);
    if (command.name !== "READY") return void this.#fail(outputs, `expected the READY command, got ${JSON.stringify(command.name)}`);
    const properties = parseProperties(command.data);
    if (typeof properties === "string") return void this.#fail(outputs, `bad READY command: ${properties}`);
    const typeBytes = properties.get("socket-type");
    if (!typeBytes) return void this.#fail(outputs, "READY command without Socket-Type");
    const socketType = new TextDecoder().decode(typeBytes);
    if (!COMPATIBLE_PEERS.has(socketType)) {
      return void this.#fail(outputs, `incompatible socket type ${JSON.stringify(socketType)}: a PUB talks to SUB or XSUB`);
    }
    this.#state = "active";
    outputs.push({ type: "ready", socketType, minor: this.#minor });
  }

  #onActiveFrame(frame: ZmtpFrame, outputs: SessionOutput[]): void {
    if (frame.command) return this.#onActiveCommand(frame.body, outputs);
    // Only the first frame of a message can be a subscription (as libzmq's PUB reads them).
    const first = !this.#inMessage;
    this.#inMessage = frame.more;
    if (!first || frame.body.length === 0) return;
    const topic = frame.body.slice(1);
    if (frame.body[0] === 1) outputs.push({ type: "subscribe", topic });
    else if (frame.body[0] === 0) outputs.push({ type: "cancel", topic });
  }

  #onActiveCommand(body: Uint8Array, outputs: SessionOutput[]): void {
    const command = parseCommand(body);
    if (typeof command === "string") return void this.#fail(outputs, command);
    switch (command.name) {
      case "SUBSCRIBE":
        outputs.push({ type: "subscribe", topic: command.data.slice() });
        return;
      case "CANCEL":
        outputs.push({ type: "cancel", topic: command.data.slice() });
        return;
      case "PING": {
        if (command.data.length < 2) return void this.#fail(outputs, "PING command without its TTL");
        const context = command.data.subarray(2, 2 + PING_CONTEXT_MAX);
        outputs.push({ type: "send", bytes: encodeCommand("PONG", context) });
        return;
      }
      case "ERROR":
        return void this.#fail(outputs, `peer sent ERROR: ${errorReason(command.data)}`);
      case "READY":
        return void this.#fail(outputs, "second READY command");
      default:
        // PONG, and commands of later ZMTP versions, need nothing from a PUB.
        return;
    }
  }

  #fail(outputs: SessionOutput[], reason: string): SessionOutput[] {
    this.#state = "failed";
    outputs.push({ type: "fail", reason });
    return outputs;
  }
}

/** ERROR data: reason length (1 byte) and reason text. */
function errorReason(data: Uint8Array): string {
  if (data.length === 0) return "(no reason)";
  return JSON.stringify(new TextDecoder().decode(data.subarray(1, 1 + data[0])));
}
