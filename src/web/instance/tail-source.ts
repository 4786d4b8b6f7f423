// Following a log through the daemon's XML-RPC methods, for the live `tail -f` of the tail pages:
// a process stdout log with `supervisor.tailProcessStdoutLog` (for its size) and
// `readProcessStdoutLog` (for the bytes), the supervisord log with `supervisor.readLog(offset, length)` (which does
// not, so its size is found by probing, and offsets advance by the UTF-8 length of what was read).
// Each step returns what was appended since the last one; a log that got shorter (cleared,
// rotated) restarts from its beginning and says so.

import type { XmlRpcValue } from "../../api/xmlrpc/value.ts";

export type Rpc = (method: string, params: XmlRpcValue[]) => Promise<XmlRpcValue>;

export interface TailStep {
  text: string;
  /** The log got shorter: what the page shows is no longer in it. */
  reset: boolean;
}

export interface TailCursor {
  /** Byte offset of the next read. */
  readonly offset: number;
  step(): Promise<TailStep>;
}

/** Largest read per step, so a burst of output reaches the page in pieces. */
export const MAX_STEP_BYTES = 64 * 1024;

const utf8 = new TextEncoder();

/** The UTF-8 length of a text: how far a read of it moved in the file. */
export function byteLength(text: string): number {
  return utf8.encode(text).length;
}

/**
 * Follows a process stdout log from `offset` (null: `initialBytes` before its end). The log size
 * comes from `tailProcessStdoutLog(name, offset, 0)` (its next offset is the size), the bytes
 * from `readProcessStdoutLog(name, offset, n)`, an exact range: tailProcessStdoutLog itself
 * returns the last `length` bytes of the file, not the bytes after `offset`.
 */
export class ProcessTailCursor implements TailCursor {
  #offset: number;
  #started: boolean;

  constructor(
    readonly rpc: Rpc,
    readonly namespec: string,
    offset: number | null,
    readonly initialBytes: number,
  ) {
    this.#offset = offset ?? 0;
    this.#started = offset !== null;
  }

  get offset(): number {
    return this.#offset;
  }

  async #size(): Promise<number> {
    return tailAnswer(await this.rpc("supervisor.tailProcessStdoutLog", [this.namespec, this.#offset, 0]))[1];
  }

  async #read(from: number, length: number): Promise<string> {
    if (length <= 0) return "";
    const text = await this.rpc("supervisor.readProcessStdoutLog", [this.namespec, from, length]);
    return typeof text === "string" ? text : "";
  }

  async step(): Promise<TailStep> {
    const size = await this.#size();
    if (!this.#started) {
      this.#started = true;
      this.#offset = Math.max(0, size - this.initialBytes);
    }
    if (size < this.#offset) {
      // Shorter than where we were: read it again from its start.
      const length = Math.min(size, MAX_STEP_BYTES);
      const text = await this.#read(0, length);
      this.#offset = length;
      return { text, reset: true };
    }
    const length = Math.min(size - this.#offset, MAX_STEP_BYTES);
    const text = await this.#read(this.#offset, length);
    this.#offset += length;
    return { text, reset: false };
  }
}

function tailAnswer(value: XmlRpcValue): [string, number] {
  if (!Array.isArray(value)) return ["", 0];
  const text = typeof value[0] === "string" ? value[0] : "";
  const next = typeof value[1] === "number" ? value[1] : 0;
  return [text, next];
}

/**
 * The size of the supervisord log, found with `readLog(p, 1)` (empty exactly when p is at or past
 * the end): doubling, then bisection — about 2·log2(size) calls.
 */
export async function mainLogSize(rpc: Rpc): Promise<number> {
  const has = async (p: number) => {
    const text = await rpc("supervisor.readLog", [p, 1]);
    return typeof text === "string" && text !== "";
  };
  if (!(await has(0))) return 0;
  let low = 0; // a byte exists at `low`
  let high = 1;
  while (await has(high)) {
    low = high;
    high *= 2;
  }
  // Byte at low exists, none at high: the size is in (low, high].
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (await has(mid)) low = mid;
    else high = mid;
  }
  return low + 1;
}

/** Follows the supervisord log from `offset` (null: `initialBytes` before its end). */
export class MainTailCursor implements TailCursor {
  #offset: number;
  #started: boolean;

  constructor(
    readonly rpc: Rpc,
    offset: number | null,
    readonly initialBytes: number,
  ) {
    this.#offset = offset ?? 0;
    this.#started = offset !== null;
  }

  get offset(): number {
    return this.#offset;
  }

  async #read(from: number): Promise<string> {
    const text = await this.rpc("supervisor.readLog", [from, MAX_STEP_BYTES]);
    return typeof text === "string" ? text : "";
  }

  async step(): Promise<TailStep> {
    if (!this.#started) {
      const size = await mainLogSize(this.rpc);
      this.#started = true;
      this.#offset = Math.max(0, size - this.initialBytes);
    }
    const text = await this.#read(this.#offset);
    if (text === "" && this.#offset > 0) {
      // Nothing new, or the log got shorter than our offset: only the size tells them apart.
      const size = await mainLogSize(this.rpc);
      if (size < this.#offset) {
        const again = await this.#read(0);
        this.#offset = byteLength(again);
        return { text: again, reset: true };
      }
    }
    this.#offset += byteLength(text);
    return { text, reset: false };
  }
}
