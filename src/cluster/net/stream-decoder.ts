// Splits a TCP byte stream into whole frames: partial reads are kept until the frame is complete,
// several frames in one chunk come out one by one, and a stream that is not Flotilla frames (bad
// magic or version, a length below the header or above the limit) stops the decoder with a reason
// so the link can be closed. The size is checked from the first 10 bytes, before buffering a frame.

import { HEADER_BYTES, PREFIX_BYTES, readFramePrefix } from "./frame.ts";

export type StreamResult = { frames: Uint8Array[]; error?: string };

export class FrameStreamDecoder {
  readonly #maxFrameBytes: number;
  #chunks: Uint8Array[] = [];
  #buffered = 0;
  /** Length of the frame being assembled, once its prefix has been read. */
  #expected = 0;
  #failed: string | undefined;

  constructor(maxFrameBytes: number) {
    this.#maxFrameBytes = maxFrameBytes;
  }

  /**
   * Feeds bytes; returns the frames completed by them, and an error once the stream is bad (after
   * which nothing more is decoded).
   * @example decoder.push(chunk).frames.forEach(handle)
   */
  push(chunk: Uint8Array): StreamResult {
    if (this.#failed) return { frames: [], error: this.#failed };
    if (chunk.length > 0) {
      this.#chunks.push(chunk);
      this.#buffered += chunk.length;
    }
    const frames: Uint8Array[] = [];
    for (;;) {
      if (this.#expected === 0) {
        if (this.#buffered < PREFIX_BYTES) break;
        const size = frameSize(this.#peek(PREFIX_BYTES), this.#maxFrameBytes);
        if (typeof size === "string") {
          this.#failed = size;
          this.#chunks = [];
          this.#buffered = 0;
          return { frames, error: size };
        }
        this.#expected = size;
      }
      if (this.#buffered < this.#expected) break;
      frames.push(this.#take(this.#expected));
      this.#expected = 0;
    }
    return { frames };
  }

  /** Bytes held for an incomplete frame. */
  get buffered(): number {
    return this.#buffered;
  }

  #peek(count: number): Uint8Array {
    const first = this.#chunks[0];
    if (first.length >= count) return first.subarray(0, count);
    return this.#take(count, false);
  }

  /** Gathers `count` bytes from the front of the chunk list, removing them when `consume`. */
  #take(count: number, consume = true): Uint8Array {
    const first = this.#chunks[0];
    if (consume && first.length === count) {
      this.#chunks.shift();
      this.#buffered -= count;
      return first;
    }
    const out = new Uint8Array(count);
    let filled = 0;
    let index = 0;
    while (filled < count) {
      const chunk = this.#chunks[index];
      const part = Math.min(chunk.length, count - filled);
      out.set(chunk.subarray(0, part), filled);
      filled += part;
      if (!consume) {
        index += 1;
        continue;
      }
      if (part === chunk.length) this.#chunks.shift();
      else this.#chunks[0] = chunk.subarray(part);
      this.#buffered -= part;
    }
    return out;
  }
}

/** The size a frame prefix declares, or why the stream cannot be Flotilla frames. */
function frameSize(prefixBytes: Uint8Array, maxFrameBytes: number): number | string {
  const prefix = readFramePrefix(prefixBytes);
  if ("reason" in prefix) return prefix.reason;
  if (prefix.length < HEADER_BYTES) return `frame length ${prefix.length} is shorter than a frame header`;
  if (prefix.length > maxFrameBytes) return `frame of ${prefix.length} bytes exceeds the limit of ${maxFrameBytes}`;
  return prefix.length;
}
