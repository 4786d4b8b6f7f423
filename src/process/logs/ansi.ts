// The `strip_ansi` option (CFG-SD-15): removes terminal escape sequences from child output before
// it reaches the log files. Same rule as supervisord's stripEscapes, but the streaming form also
// removes a sequence cut in two by the pipe, which supervisord (stripping each read alone) lets through.

import { concatBytes } from "../../bytes.ts";
const ESC = 0x1b;
const OPEN_BRACKET = 0x5b; // "["
/** supervisord ends a sequence at the first of these bytes after "ESC[": H f A B C D R s u J K h l p m. */
const TERMINATORS = new Set(Array.from("HfABCDRsuJKhlpm", (c) => c.charCodeAt(0)));
const ENCODER = new TextEncoder();
const DECODER = new TextDecoder("utf-8", { ignoreBOM: true });

function toBytes(chunk: string | Uint8Array): Uint8Array {
  return typeof chunk === "string" ? ENCODER.encode(chunk) : chunk;
}

/**
 * Stateful stripper for one output channel. Everything from "ESC[" up to and including the first
 * terminator byte is dropped, whatever lies between; text outside sequences passes unchanged.
 * A trailing lone ESC is held back until the next chunk tells whether "[" follows; flush() at end
 * of stream returns it.
 * @example
 * const s = new AnsiStripper();
 * s.push("a\x1b[3"); // "a"
 * s.push("1mred");   // "red"
 */
export class AnsiStripper {
  /** Inside a sequence: dropping bytes until a terminator. */
  #inSequence = false;
  /** The previous chunk ended with ESC, outside any sequence. */
  #pendingEscape = false;

  push(chunk: string | Uint8Array): Uint8Array {
    let data = toBytes(chunk);
    if (this.#pendingEscape) {
      this.#pendingEscape = false;
      const joined = new Uint8Array(data.length + 1);
      joined[0] = ESC;
      joined.set(data, 1);
      data = joined;
    }
    if (data.length === 0) return data;
    // Fast path: nothing to strip and not inside a sequence.
    if (!this.#inSequence && !data.includes(ESC)) return data;

    const out = new Uint8Array(data.length);
    let n = 0;
    let i = 0;
    while (i < data.length) {
      const b = data[i];
      if (this.#inSequence) {
        if (TERMINATORS.has(b)) this.#inSequence = false;
        i += 1;
      } else if (b === ESC) {
        if (i + 1 === data.length) {
          this.#pendingEscape = true;
          i += 1;
        } else if (data[i + 1] === OPEN_BRACKET) {
          this.#inSequence = true;
          i += 2;
        } else {
          out[n++] = b;
          i += 1;
        }
      } else {
        out[n++] = b;
        i += 1;
      }
    }
    return out.subarray(0, n);
  }

  /** End of stream: returns a held-back ESC (if any) and resets the state. */
  flush(): Uint8Array {
    const rest = this.#pendingEscape ? new Uint8Array([ESC]) : new Uint8Array(0);
    this.#pendingEscape = false;
    this.#inSequence = false;
    return rest;
  }
}

/**
 * Stateless stripping of one chunk, exactly as supervisord's stripEscapes: an unterminated sequence
 * swallows the rest of the chunk, a lone trailing ESC is kept.
 * @example stripAnsi("\x1b[1;31mERROR\x1b[0m done") // "ERROR done"
 */
export function stripAnsi(chunk: string): string;
export function stripAnsi(chunk: Uint8Array): Uint8Array;
export function stripAnsi(chunk: string | Uint8Array): string | Uint8Array;
export function stripAnsi(chunk: string | Uint8Array): string | Uint8Array {
  const stripper = new AnsiStripper();
  const bytes = toBytes(chunk);
  const body = stripper.push(bytes);
  const tail = stripper.flush();
  const result = tail.length === 0 ? body : concatBytes(body, tail);
  return typeof chunk === "string" ? DECODER.decode(result) : result;
}

