// Turns the bytes a ZMTP peer sends into its greeting and then whole frames, however TCP splits or
// joins them. It rejects a stream that is not ZMTP 3 as early as the bytes allow (first byte, then
// the signature's last byte, then the version), so a stray HTTP client or port scanner is refused on
// its first read, and it refuses frames larger than a limit before buffering them.
//
// Pure: no socket; the session (zmtp-session.ts) decides what the frames mean.

import { FLAG_COMMAND, FLAG_LONG, FLAG_MORE, GREETING_BYTES, parseGreeting, RESERVED_FLAGS, type Greeting } from "./zmtp-codec.ts";
import { concatBytes } from "../../bytes.ts";

export interface ZmtpFrame {
  command: boolean;
  more: boolean;
  body: Uint8Array;
}

export interface ReadResult {
  /** The peer's greeting, in the result of the push that completed it. */
  greeting?: Greeting;
  frames: ZmtpFrame[];
  /** Set once the stream is not acceptable; nothing more is read after it. */
  error?: string;
}

const EMPTY = new Uint8Array(0);

export class ZmtpReader {
  readonly #maxFrameBytes: number;
  #pending: Uint8Array = EMPTY;
  #greeted = false;
  #failed: string | undefined;

  /** @param maxFrameBytes largest frame body accepted from the peer. */
  constructor(maxFrameBytes: number) {
    this.#maxFrameBytes = maxFrameBytes;
  }

  /**
   * Feeds bytes; returns what they completed.
   * @example const { greeting, frames, error } = reader.push(chunk)
   */
  push(chunk: Uint8Array): ReadResult {
    if (this.#failed) return { frames: [], error: this.#failed };
    this.#pending = this.#pending.length === 0 ? chunk : concatBytes(this.#pending, chunk);
    const result: ReadResult = { frames: [] };
    if (!this.#greeted) {
      const problem = signatureProblem(this.#pending);
      if (problem) return this.#fail(result, problem);
      if (this.#pending.length < GREETING_BYTES) return result;
      result.greeting = parseGreeting(this.#pending.subarray(0, GREETING_BYTES));
      this.#pending = this.#pending.subarray(GREETING_BYTES);
      this.#greeted = true;
    }
    let offset = 0;
    const pending = this.#pending;
    while (pending.length - offset >= 2) {
      const flags = pending[offset];
      if (flags & RESERVED_FLAGS) return this.#fail(result, `invalid frame flags 0x${flags.toString(16).padStart(2, "0")}`);
      const long = (flags & FLAG_LONG) !== 0;
      const prefix = long ? 9 : 2;
      if (pending.length - offset < prefix) break;
      const size = long ? longSize(pending, offset + 1) : pending[offset + 1];
      if (size > this.#maxFrameBytes) {
        const shown = Number.isFinite(size) ? `${size} bytes` : "over 2^53 bytes";
        return this.#fail(result, `frame of ${shown} exceeds the limit of ${this.#maxFrameBytes} bytes`);
      }
      const command = (flags & FLAG_COMMAND) !== 0;
      const more = (flags & FLAG_MORE) !== 0;
      if (command && more) return this.#fail(result, "command frame with the MORE flag");
      if (pending.length - offset - prefix < size) break;
      result.frames.push({ command, more, body: pending.subarray(offset + prefix, offset + prefix + size) });
      offset += prefix + size;
    }
    this.#pending = offset === pending.length ? EMPTY : pending.subarray(offset);
    return result;
  }

  #fail(result: ReadResult, reason: string): ReadResult {
    this.#failed = reason;
    this.#pending = EMPTY;
    result.error = reason;
    return result;
  }
}

/** Why the greeting bytes seen so far cannot be ZMTP 3, or undefined while they still can. */
function signatureProblem(bytes: Uint8Array): string | undefined {
  if (bytes.length >= 1 && bytes[0] !== 0xff) {
    return `not a ZMTP peer: greeting starts with 0x${bytes[0].toString(16).padStart(2, "0")}, not 0xff`;
  }
  // Bit 0 of the tenth byte tells ZMTP 2.0 and later from ZMTP 1.0, whose byte 9 is a frame flag.
  if (bytes.length >= 10 && (bytes[9] & 0x01) === 0) return "ZMTP 1.0 peer (libzmq 2.x) not supported: ZMTP 3 is needed";
  if (bytes.length >= 11 && bytes[10] < 3) {
    return `ZMTP revision ${bytes[10]} peer (ZMTP 2.0, libzmq 3.x) not supported: ZMTP 3 is needed`;
  }
  return undefined;
}

/** An 8-byte big-endian size; past 2^53 it is reported as Infinity, which any limit refuses. */
function longSize(bytes: Uint8Array, offset: number): number {
  const value = new DataView(bytes.buffer, bytes.byteOffset + offset, 8).getBigUint64(0);
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.POSITIVE_INFINITY : Number(value);
}

