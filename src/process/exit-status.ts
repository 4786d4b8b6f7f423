// How a child's end is reported: supervisord's `decode_wait_status` gives an exit status (−1 for a
// signal death) and the text used in "exited: x (exit status 1; not expected)".

import { normaliseSignal } from "./signals.ts";

export interface DecodedExit {
  /** The exit code, or −1 when a signal ended the process. */
  status: number;
  /** "exit status N" or "terminated by SIGNAME". */
  message: string;
}

/**
 * @example decodeExit(1, null) // { status: 1, message: "exit status 1" }
 * @example decodeExit(null, "SIGTERM") // { status: -1, message: "terminated by SIGTERM" }
 */
export function decodeExit(code: number | null, signal: string | null): DecodedExit {
  if (code !== null) {
    const status = code & 0xffff;
    return { status, message: `exit status ${status}` };
  }
  if (signal !== null) return { status: -1, message: `terminated by ${normaliseSignal(signal)}` };
  return { status: -1, message: "unknown termination cause 0x0000" };
}
