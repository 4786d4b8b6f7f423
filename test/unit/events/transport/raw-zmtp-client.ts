// A hand-written ZMTP peer over node:net for the protocol tests: it sends exactly the bytes a test
// gives it (good, old-version or garbage) and parses what the publisher sends back with its own
// small frame parser, independent of src/events/transport, so a bug there cannot hide itself.
//
// The byte strings below were captured from libzmq 4.3.4 (python3-zmq 24) talking to a ZMTP 3.1
// PUB: its greeting, its READY as a SUB socket.

import { connect, type Socket } from "node:net";

/** libzmq's greeting: signature (with its ZMTP 1.0 compatibility byte 0x01 at offset 8), 3.1, NULL. */
export function greeting(major = 3, minor = 1, mechanism = "NULL"): Buffer {
  const bytes = Buffer.alloc(64);
  Buffer.from("ff00000000000000017f", "hex").copy(bytes);
  bytes[10] = major;
  bytes[11] = minor;
  bytes.write(mechanism, 12, "latin1");
  return bytes;
}

/** READY with Socket-Type (libzmq's exact bytes for SUB). */
export function ready(socketType = "SUB"): Buffer {
  const body = Buffer.concat([
    Buffer.from([5]),
    Buffer.from("READY"),
    Buffer.from([11]),
    Buffer.from("Socket-Type"),
    Buffer.from([0, 0, 0, socketType.length]),
    Buffer.from(socketType),
  ]);
  return Buffer.concat([Buffer.from([0x04, body.length]), body]);
}

/** A short command frame. */
export function command(name: string, data: Buffer | string = Buffer.alloc(0)): Buffer {
  const body = Buffer.concat([Buffer.from([name.length]), Buffer.from(name), Buffer.from(data)]);
  return Buffer.concat([Buffer.from([0x04, body.length]), body]);
}

/** A ZMTP 3.0 subscription message: 0x01 (subscribe) or 0x00 (cancel), then the topic. */
export function subscriptionMessage(subscribe: boolean, topic: string): Buffer {
  const body = Buffer.concat([Buffer.from([subscribe ? 1 : 0]), Buffer.from(topic)]);
  return Buffer.concat([Buffer.from([0x00, body.length]), body]);
}

export interface RawFrame {
  flags: number;
  /** Bytes of the size field: 1 (short) or 8 (long). */
  sizeBytes: number;
  body: Buffer;
}

export class RawZmtpClient {
  readonly socket: Socket;
  #received = Buffer.alloc(0);
  closed = false;
  /** `127.0.0.1:<our port>`, as the publisher's log names us (read at connect: gone once closed). */
  readonly address: string;

  private constructor(socket: Socket) {
    this.socket = socket;
    this.address = `127.0.0.1:${socket.localPort}`;
    socket.on("data", (chunk: Buffer) => (this.#received = Buffer.concat([this.#received, chunk])));
    socket.on("error", () => undefined);
    socket.on("close", () => (this.closed = true));
  }

  static connect(port: number): Promise<RawZmtpClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => resolve(new RawZmtpClient(socket)));
      socket.once("error", reject);
    });
  }

  /** All bytes received so far. */
  get received(): Buffer {
    return this.#received;
  }

  send(...parts: Buffer[]): void {
    this.socket.write(Buffer.concat(parts));
  }

  /** Greeting (3.1 unless told) then READY as SUB, then the given frames. */
  handshake(...then: Buffer[]): void {
    this.send(greeting(), ready(), ...then);
  }

  /** Complete frames received after the publisher's 64-byte greeting. */
  frames(): RawFrame[] {
    const frames: RawFrame[] = [];
    let offset = 64;
    const bytes = this.#received;
    while (bytes.length - offset >= 2) {
      const flags = bytes[offset];
      const long = (flags & 0x02) !== 0;
      if (long && bytes.length - offset < 9) break;
      const size = long ? Number(bytes.readBigUInt64BE(offset + 1)) : bytes[offset + 1];
      const start = offset + (long ? 9 : 2);
      if (bytes.length < start + size) break;
      frames.push({ flags, sizeBytes: long ? 8 : 1, body: bytes.subarray(start, start + size) });
      offset = start + size;
    }
    return frames;
  }

  /** Messages (frames joined on MORE) that are not commands, as lists of UTF-8 strings. */
  messages(): string[][] {
    const messages: string[][] = [];
    let current: string[] = [];
    for (const frame of this.frames()) {
      if (frame.flags & 0x04) continue;
      current.push(frame.body.toString("utf8"));
      if (!(frame.flags & 0x01)) {
        messages.push(current);
        current = [];
      }
    }
    return messages;
  }

  destroy(): void {
    this.socket.destroy();
  }
}
