// Capture mode of a process's output channel (EVT-SUP-06, `*_capture_maxbytes` > 0), as
// Supervisor 4.2.5's POutputDispatcher.record_output does it: output between
// `<!--XSUPERVISOR:BEGIN-->` and `<!--XSUPERVISOR:END-->` goes to a bounded capture buffer instead
// of the log file, and its content becomes a PROCESS_COMMUNICATION event at the end token. Tokens
// may be split across reads. Kept quirks: output is held back while the buffer is no longer than
// the awaited token (so a short line after a token waits for more output), and the capture buffer
// drops as many old bytes as a write brings once it would exceed its limit (BoundIO).
//
// Pure: `push` returns what to do with each piece; the caller writes, strips ANSI and notifies.
//
// Example: const s = new CaptureSplitter(true);
//          s.push(bytes("a<!--XSUPERVISOR:BEGIN-->x<!--XSUPERVISOR:END-->\n"))
//          // [{ kind: "output", data: "a", capturing: false }, { kind: "begin" },
//          //  { kind: "output", data: "x", capturing: true }, { kind: "end" }]  (the "\n" waits)

import { concatBytes, indexOfBytes } from "../../bytes.ts";
const encoder = new TextEncoder();
export const CAPTURE_BEGIN_TOKEN = encoder.encode("<!--XSUPERVISOR:BEGIN-->");
export const CAPTURE_END_TOKEN = encoder.encode("<!--XSUPERVISOR:END-->");

export type CaptureAction =
  /** One piece of output (supervisord's `_log`): to the log file, or to the capture buffer. */
  | { kind: "output"; data: Uint8Array; capturing: boolean }
  /** The begin token was seen: what follows is captured. */
  | { kind: "begin" }
  /** The end token was seen: the capture buffer makes an event, then is emptied. */
  | { kind: "end" };

const EMPTY = new Uint8Array(0);

/**
 * Length of the longest proper prefix of `needle` that ends `haystack` (medusa's
 * find_prefix_at_end): that many bytes are held back, as they may start a token.
 * @example findPrefixAtEnd(bytes("abc<!--XSUP"), CAPTURE_BEGIN_TOKEN) // 8
 */
export function findPrefixAtEnd(haystack: Uint8Array, needle: Uint8Array): number {
  for (let l = needle.length - 1; l > 0; l--) {
    if (l > haystack.length) continue;
    let match = true;
    for (let j = 0; j < l; j++) {
      if (haystack[haystack.length - l + j] !== needle[j]) {
        match = false;
        break;
      }
    }
    if (match) return l;
  }
  return 0;
}

export class CaptureSplitter {
  #buffer: Uint8Array = EMPTY;
  #capturing = false;

  /** `enabled`: the channel has a capture buffer (capture_maxbytes > 0); otherwise output passes through. */
  constructor(readonly enabled: boolean) {}

  get capturing(): boolean {
    return this.#capturing;
  }

  push(chunk: Uint8Array): CaptureAction[] {
    const out: CaptureAction[] = [];
    this.#buffer = concatBytes(this.#buffer, chunk);
    this.#record(out);
    return out;
  }

  #record(out: CaptureAction[]): void {
    for (;;) {
      if (!this.enabled) {
        this.#emit(out, this.#buffer);
        this.#buffer = EMPTY;
        return;
      }
      const token = this.#capturing ? CAPTURE_END_TOKEN : CAPTURE_BEGIN_TOKEN;
      if (this.#buffer.length <= token.length) return;
      let data = this.#buffer;
      this.#buffer = EMPTY;
      const at = indexOfBytes(data, token);
      if (at < 0) {
        const keep = findPrefixAtEnd(data, token);
        if (keep > 0) {
          this.#buffer = data.slice(data.length - keep);
          data = data.subarray(0, data.length - keep);
        }
        this.#emit(out, data);
        return;
      }
      this.#emit(out, data.subarray(0, at));
      this.#capturing = !this.#capturing;
      out.push({ kind: this.#capturing ? "begin" : "end" });
      this.#buffer = data.slice(at + token.length);
      if (this.#buffer.length === 0) return;
    }
  }

  #emit(out: CaptureAction[], data: Uint8Array): void {
    if (data.length > 0) out.push({ kind: "output", data, capturing: this.#capturing });
  }
}

/**
 * Supervisor's BoundIO: the capture buffer. A write that would go past `maxbytes` first drops as
 * many bytes from the front as it brings (not necessarily down to the limit).
 */
export class BoundBuffer {
  #data: Uint8Array = EMPTY;
  constructor(readonly maxbytes: number) {}

  write(data: Uint8Array): void {
    if (this.#data.length + data.length > this.maxbytes) this.#data = this.#data.subarray(data.length);
    this.#data = concatBytes(this.#data, data);
  }

  value(): Uint8Array {
    return this.#data;
  }

  clear(): void {
    this.#data = EMPTY;
  }
}
