// The activity-log record supervisord writes for each piece of child output when its loglevel is
// debug or lower ("'web' stdout output:\n..."), including the fallback for bytes that are not UTF-8.

import { pyRepr } from "../pyrepr.ts";
import type { LogChannel } from "./auto-child-logs.ts";

const STRICT = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Python's repr() of a bytes object: b'...' with \\xNN for non-printable bytes.
 * @example pyBytesRepr(new Uint8Array([0x61, 0xff, 0x0a])) // "b'a\\xff\\n'"
 */
export function pyBytesRepr(data: Uint8Array): string {
  const hasSingle = data.includes(0x27);
  const quote = hasSingle && !data.includes(0x22) ? '"' : "'";
  let out = "b" + quote;
  for (const b of data) {
    const ch = String.fromCharCode(b);
    if (ch === quote || ch === "\\") out += "\\" + ch;
    else if (b === 0x09) out += "\\t";
    else if (b === 0x0a) out += "\\n";
    else if (b === 0x0d) out += "\\r";
    else if (b < 0x20 || b >= 0x7f) out += "\\x" + b.toString(16).padStart(2, "0");
    else out += ch;
  }
  return out + quote;
}

/**
 * Child output as supervisord shows it in text (its log records, event payloads): UTF-8, or
 * `Undecodable: b'...'` (Python's repr) when it is not.
 * @example outputText(new Uint8Array([0xff])) // "Undecodable: b'\\xff'"
 */
export function outputText(data: Uint8Array): string {
  try {
    return STRICT.decode(data);
  } catch {
    return `Undecodable: ${pyBytesRepr(data)}`;
  }
}

/**
 * The message (without timestamp and level) of supervisord's DEBG record for child output; the
 * caller logs it at debug level.
 * @example childOutputLogMessage("web", "stdout", bytes("hi\n")) // "'web' stdout output:\nhi\n"
 */
export function childOutputLogMessage(processName: string, channel: LogChannel, data: Uint8Array): string {
  return `${pyRepr(processName)} ${channel} output:\n${outputText(data)}`;
}
