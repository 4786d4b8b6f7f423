// What a listener writes on its stdout, read as supervisord's PEventListenerDispatcher reads it
// (EVT-SUP-01): `READY\n` makes it ready; once an event was sent it answers `RESULT <n>\n` and n
// bytes, which the default result handler accepts when they are exactly `OK`. Anything else out of
// turn (garbage, data while READY) puts it in the UNKNOWN state for good — until the process is
// spawned again. Tokens may arrive split across reads in any way.
//
// Pure: `feed` takes bytes and returns what happened, in the order supervisord logs it; the pool
// owns the event in flight and carries the outcomes out.
//
// Example: const p = new ListenerProtocol(); p.feed(bytes("READY\n")) // [{ kind: "state", from: "ACKNOWLEDGED", to: "READY" }]

import { bytesStartWith, concatBytes } from "../../bytes.ts";
/** EventListenerStates of Supervisor (states.py), with their numbers. */
export const ListenerStates = { READY: 10, BUSY: 20, ACKNOWLEDGED: 30, UNKNOWN: 40 } as const;
export type ListenerStateName = keyof typeof ListenerStates;

export type ProtocolOutcome =
  /** The listener state changed (supervisord logs `name: FROM -> TO` at debug). */
  | { kind: "state"; from: ListenerStateName; to: ListenerStateName }
  /** A complete result; `accepted` by the default handler (body exactly `OK`). */
  | { kind: "result"; accepted: boolean; body: Uint8Array }
  /** The line after an event is not `RESULT <int>`: the event goes back to the pool. */
  | { kind: "badResultLine"; line: Uint8Array }
  /** The event in flight is handed back to the pool (rejected, or a bad result line). */
  | { kind: "requeue" };

const READY_TOKEN = new TextEncoder().encode("READY\n");
/** `RESULT ` is skipped by length, without checking it, as supervisord does. */
const RESULT_PREFIX_LENGTH = "RESULT ".length;
const OK = new TextEncoder().encode("OK");
const EMPTY = new Uint8Array(0);

/** `supervisor.dispatchers:default_handler`: only the exact bytes `OK` accept. */
export function defaultResultHandler(body: Uint8Array): boolean {
  return body.length === OK.length && body.every((b, i) => b === OK[i]);
}

/**
 * Python's int() of the bytes after `RESULT `: optional spaces, an optional sign, ASCII digits
 * (with single underscores between them). A negative length is refused here (supervisord would
 * loop on it without end); "-0" is 0, as int() reads it.
 * @example resultLength(bytes(" 12 ")) // 12
 */
export function resultLength(text: Uint8Array): number | null {
  const s = new TextDecoder("latin1").decode(text);
  const m = /^[ \t\n\v\f\r]*([+-])?(\d+(?:_\d+)*)[ \t\n\v\f\r]*$/.exec(s);
  if (!m) return null;
  const n = Number(m[2]!.replaceAll("_", ""));
  if (m[1] === "-" && n !== 0) return null;
  return Number.isSafeInteger(n) ? n : null;
}

export class ListenerProtocol {
  #state: ListenerStateName = "ACKNOWLEDGED";
  #buffer: Uint8Array = EMPTY;
  #resultLength: number | null = null;
  #result: Uint8Array = EMPTY;
  readonly #judge: (body: Uint8Array) => boolean;

  constructor(judge: (body: Uint8Array) => boolean = defaultResultHandler) {
    this.#judge = judge;
  }

  /** A new process starts ACKNOWLEDGED: it must say READY before it gets anything. */
  get state(): ListenerStateName {
    return this.#state;
  }

  /** An event was written to the listener: it is BUSY until its result (supervisord logs no change here). */
  sent(): void {
    this.#state = "BUSY";
  }

  /** Output of the listener's stdout. */
  feed(data: Uint8Array): ProtocolOutcome[] {
    const out: ProtocolOutcome[] = [];
    if (data.length === 0) return out;
    this.#buffer = concatBytes(this.#buffer, data);
    while (this.#buffer.length > 0) {
      if (!this.#step(out)) break;
    }
    return out;
  }

  /** One decision on the buffer; false when more data is needed or the rest is dropped. */
  #step(out: ProtocolOutcome[]): boolean {
    switch (this.#state) {
      case "UNKNOWN":
        // A fatal state: everything the listener writes from now on is ignored.
        this.#buffer = EMPTY;
        return false;
      case "ACKNOWLEDGED":
        if (this.#buffer.length < READY_TOKEN.length) return false;
        if (bytesStartWith(this.#buffer, READY_TOKEN)) {
          out.push(this.#change("READY"));
          this.#buffer = this.#buffer.subarray(READY_TOKEN.length);
          return true;
        }
        out.push(this.#change("UNKNOWN"));
        this.#buffer = EMPTY;
        return false;
      case "READY":
        // Nothing may come before an event was sent: be strict, as supervisord is.
        out.push(this.#change("UNKNOWN"));
        this.#buffer = EMPTY;
        return false;
      case "BUSY":
        return this.#busy(out);
    }
  }

  #busy(out: ProtocolOutcome[]): boolean {
    if (this.#resultLength === null) {
      const eol = this.#buffer.indexOf(0x0a);
      if (eol < 0) return false;
      const line = this.#buffer.subarray(0, eol);
      this.#buffer = this.#buffer.subarray(eol + 1);
      const length = resultLength(line.subarray(RESULT_PREFIX_LENGTH));
      if (length === null) {
        out.push({ kind: "badResultLine", line: line.slice() });
        out.push(this.#change("UNKNOWN"));
        out.push({ kind: "requeue" });
        this.#buffer = EMPTY;
        return false;
      }
      this.#resultLength = length;
      return true;
    }
    const needed = this.#resultLength - this.#result.length;
    if (needed > 0) {
      this.#result = concatBytes(this.#result, this.#buffer.subarray(0, needed).slice());
      this.#buffer = this.#buffer.subarray(Math.min(needed, this.#buffer.length));
    }
    if (this.#result.length < this.#resultLength) return false;
    const body = this.#result;
    this.#result = EMPTY;
    this.#resultLength = null;
    const accepted = this.#judge(body);
    out.push({ kind: "result", accepted, body });
    out.push(this.#change("ACKNOWLEDGED"));
    if (!accepted) out.push({ kind: "requeue" });
    return true;
  }

  #change(to: ListenerStateName): ProtocolOutcome {
    const from = this.#state;
    this.#state = to;
    return { kind: "state", from, to };
  }
}
