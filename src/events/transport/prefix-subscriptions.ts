// One ZeroMQ subscriber's filter: the set of topic prefixes it subscribed to, counted as libzmq
// counts them (subscribing twice to the same prefix needs two cancels), matched against event
// headers byte for byte. The empty prefix matches everything.
//
// Headers come from a handful of names (EVT-04), so the answer per header is cached until the
// subscriptions change: a publish then costs one map lookup per subscriber.

import { bytesStartWith } from "../../bytes.ts";
/** More distinct headers than this and the cache starts over, so odd headers cannot grow it. */
const CACHE_LIMIT = 256;

/** One char per byte (true ISO-8859-1, unlike TextDecoder's "latin1", which is windows-1252). */
function keyOf(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("latin1");
}

export class PrefixSubscriptions {
  /** Prefix bytes (as a latin1 string, one char per byte) → how many times subscribed. */
  readonly #counts = new Map<string, { bytes: Uint8Array; count: number }>();
  readonly #cache = new Map<string, boolean>();

  /** Number of distinct prefixes. */
  get size(): number {
    return this.#counts.size;
  }

  /**
   * Adds one subscription to `prefix`.
   * @example subs.add(new TextEncoder().encode("proc"))
   */
  add(prefix: Uint8Array): void {
    const key = keyOf(prefix);
    const entry = this.#counts.get(key);
    if (entry) entry.count += 1;
    else this.#counts.set(key, { bytes: prefix.slice(), count: 1 });
    this.#cache.clear();
  }

  /** Removes one subscription to `prefix`; false when there was none (libzmq ignores that too). */
  remove(prefix: Uint8Array): boolean {
    const key = keyOf(prefix);
    const entry = this.#counts.get(key);
    if (!entry) return false;
    entry.count -= 1;
    if (entry.count === 0) this.#counts.delete(key);
    this.#cache.clear();
    return true;
  }

  /**
   * Whether an event with this header passes the filter. `headerBytes` is the header's UTF-8,
   * given by the caller so that it is encoded once per publish, not once per subscriber.
   * @example subs.matches("process", utf8("process"))
   */
  matches(header: string, headerBytes: Uint8Array): boolean {
    const cached = this.#cache.get(header);
    if (cached !== undefined) return cached;
    let result = false;
    for (const { bytes } of this.#counts.values()) {
      if (bytesStartWith(headerBytes, bytes)) {
        result = true;
        break;
      }
    }
    if (this.#cache.size >= CACHE_LIMIT) this.#cache.clear();
    this.#cache.set(header, result);
    return result;
  }
}

