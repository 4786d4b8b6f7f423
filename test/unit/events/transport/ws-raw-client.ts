// A hand-written websocket client over node:net that completes the opening handshake and then
// never reads again: the subscriber that stops reading, without any library buffering for it.
// Also used to send the server bytes no well-behaved client would.

import { connect, type Socket } from "node:net";

export class RawWsClient {
  readonly socket: Socket;
  /** The server's HTTP answer to the upgrade request (status line and headers). */
  response = "";
  #received = Buffer.alloc(0);
  closed = false;

  private constructor(socket: Socket) {
    this.socket = socket;
  }

  /**
   * Connects and upgrades; resolves once the server's 101 (or other) answer has arrived.
   * With `stopReading`, reading stops right after the answer.
   */
  static open(port: number, path: string, stopReading: boolean): Promise<RawWsClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, "127.0.0.1");
      const client = new RawWsClient(socket);
      socket.on("error", () => undefined);
      socket.on("close", () => (client.closed = true));
      socket.on("data", (chunk: Buffer) => {
        client.#received = Buffer.concat([client.#received, chunk]);
        if (client.response !== "") return;
        const end = client.#received.indexOf("\r\n\r\n");
        if (end === -1) return;
        client.response = client.#received.subarray(0, end).toString("latin1");
        client.#received = client.#received.subarray(end + 4);
        if (stopReading) socket.pause();
        resolve(client);
      });
      socket.once("connect", () => {
        socket.write(
          `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
        );
      });
      socket.once("close", () => reject(new Error("closed before the upgrade answer")));
    });
  }

  /** Bytes received after the HTTP answer (websocket frames). */
  get received(): Buffer {
    return this.#received;
  }

  /** Server frames received so far (servers never mask); an incomplete last frame is left out. */
  frames(): Array<{ opcode: number; payload: Buffer }> {
    const frames: Array<{ opcode: number; payload: Buffer }> = [];
    const bytes = this.#received;
    let offset = 0;
    while (bytes.length - offset >= 2) {
      const opcode = bytes[offset] & 0x0f;
      let length = bytes[offset + 1] & 0x7f;
      let start = offset + 2;
      if (length === 126) {
        if (bytes.length - offset < 4) break;
        length = bytes.readUInt16BE(offset + 2);
        start = offset + 4;
      } else if (length === 127) {
        if (bytes.length - offset < 10) break;
        length = Number(bytes.readBigUInt64BE(offset + 2));
        start = offset + 10;
      }
      if (bytes.length < start + length) break;
      frames.push({ opcode, payload: bytes.subarray(start, start + length) });
      offset = start + length;
    }
    return frames;
  }

  /** Text frames received, parsed as JSON. */
  texts(): unknown[] {
    return this.frames()
      .filter((frame) => frame.opcode === 1)
      .map((frame) => JSON.parse(frame.payload.toString("utf8")));
  }

  /** The status code of the server's close frame, once received. */
  closeCode(): number | undefined {
    const close = this.frames().find((frame) => frame.opcode === 8);
    return close && close.payload.length >= 2 ? close.payload.readUInt16BE(0) : undefined;
  }

  /** Sends one masked client frame (opcode 1 = text, 2 = binary) with `payload`. */
  sendFrame(opcode: number, payload: Buffer): void {
    const mask = Buffer.from([1, 2, 3, 4]);
    const masked = Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4]));
    let header: Buffer;
    if (payload.length < 126) header = Buffer.from([0x80 | opcode, 0x80 | payload.length]);
    else if (payload.length < 65536) {
      header = Buffer.from([0x80 | opcode, 0x80 | 126, 0, 0]);
      header.writeUInt16BE(payload.length, 2);
    } else {
      header = Buffer.alloc(10);
      header[0] = 0x80 | opcode;
      header[1] = 0x80 | 127;
      header.writeBigUInt64BE(BigInt(payload.length), 2);
    }
    this.socket.write(Buffer.concat([header, mask, masked]));
  }

  destroy(): void {
    this.socket.destroy();
  }
}
