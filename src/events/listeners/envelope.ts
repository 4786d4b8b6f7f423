// The envelope supervisord writes on a listener's stdin (EVT-SUP-02): one header line, then the
// payload. `len` is the payload's length as Python's len() of a str counts it — code points, not
// bytes — as Supervisor 4.2.5 does (a real supervisord sends `len:21` for the 22 UTF-8 bytes of
// "type:mytype\nmy data é"). Listeners reading stdin as text (Supervisor's own childutils do)
// read exactly that many characters.
//
// Example: formatEnvelope({ identifier: "supervisor", serial: 3, pool: "rec", poolSerial: 0,
//          event: { type: "TICK_5", payload: "when:1795574590" } })
//   // "ver:3.0 server:supervisor serial:3 pool:rec poolserial:0 eventname:TICK_5 len:15\nwhen:1795574590"

import type { ListenerEvent } from "./payloads.ts";

/** The protocol version in every header. */
export const ENVELOPE_VERSION = "3.0";

export interface EnvelopeFields {
  /** `[supervisord] identifier`. */
  identifier: string;
  /** The event's global serial. */
  serial: number;
  pool: string;
  poolSerial: number;
  event: ListenerEvent;
}

/**
 * Number of code points of `text` (Python's len() of a str).
 * @example pyLength("é😀") // 2
 */
export function pyLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // A high surrogate followed by a low one is one code point.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** The header line (with its newline) and the payload, as one string. */
export function formatEnvelope(f: EnvelopeFields): string {
  return (
    `ver:${ENVELOPE_VERSION} server:${f.identifier} serial:${f.serial} pool:${f.pool} ` +
    `poolserial:${f.poolSerial} eventname:${f.event.type} len:${pyLength(f.event.payload)}\n${f.event.payload}`
  );
}
