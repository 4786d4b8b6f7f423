// The bounded queue of frames waiting for one peer, while its link is down or its socket is full.
// Bounded by count and bytes; when full, the oldest frames go first (the newest state matters
// most to a peer that re-syncs anyway) and the caller is told how many were dropped.

export interface QueuedFrame {
  payloadJson: string;
  /** UTF-8 size of the payload, counted against the byte bound. */
  bytes: number;
}

export class Outbox {
  readonly #maxFrames: number;
  readonly #maxBytes: number;
  #items: QueuedFrame[] = [];
  #bytes = 0;

  constructor(maxFrames: number, maxBytes: number) {
    this.#maxFrames = maxFrames;
    this.#maxBytes = maxBytes;
  }

  /**
   * Appends a frame; returns how many older frames were dropped to make room.
   * @example if (outbox.push({ payloadJson, bytes }) > 0) log("warn", "dropped…")
   */
  push(frame: QueuedFrame): number {
    this.#items.push(frame);
    this.#bytes += frame.bytes;
    let dropped = 0;
    while (this.#items.length > 1 && (this.#items.length > this.#maxFrames || this.#bytes > this.#maxBytes)) {
      this.#bytes -= this.#items.shift()!.bytes;
      dropped += 1;
    }
    return dropped;
  }

  shift(): QueuedFrame | undefined {
    const frame = this.#items.shift();
    if (frame) this.#bytes -= frame.bytes;
    return frame;
  }

  clear(): void {
    this.#items = [];
    this.#bytes = 0;
  }

  get length(): number {
    return this.#items.length;
  }
}
