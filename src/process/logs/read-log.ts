// Reading log files back for the API: readLog / readProcess*Log (readLogRange) and
// tailProcess*Log (tailLogFile), with the faults supervisord answers (RPC-SUP-06, 25..28).

import { closeSync, existsSync, fstatSync, openSync, readSync, constants } from "node:fs";
import { Faults, RpcFault } from "../../api/faults.ts";
import { readWindow, tailWindow } from "./log-window.ts";

/** O_NONBLOCK so that a FIFO named as a log file can never block the event loop at open. */
const READ_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK;

/** ignoreBOM keeps a leading U+FEFF, as Python's utf-8 codec does. */
const DECODER = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });

/**
 * Log bytes as text. supervisord 4.2.5 decodes strictly and answers HTTP 500 when the range holds
 * invalid UTF-8 (often just a multibyte character cut by the range start: Supervisor issues #1485,
 * #1693). We replace each invalid sequence with U+FFFD instead, so `tail` keeps working.
 * @example decodeLogBytes(new Uint8Array([0x61, 0xff])) // "a\uFFFD"
 */
export function decodeLogBytes(bytes: Uint8Array): string {
  return DECODER.decode(bytes);
}

function readAt(fd: number, start: number, length: number): Uint8Array {
  const buf = new Uint8Array(length);
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buf, got, length - got, start + got);
    if (n <= 0) break; // the file shrank while we read: return what is there
    got += n;
  }
  return got === length ? buf : buf.subarray(0, got);
}

/** Opens a regular file for reading, or returns null (missing rights, directory, pipe, device...). */
function openRegular(path: string): { fd: number; size: number } | null {
  let fd: number;
  try {
    fd = openSync(path, READ_FLAGS);
  } catch {
    return null;
  }
  try {
    const stat = fstatSync(fd);
    // supervisord cannot seek in pipes and fails opening directories: both read as FAILED there.
    if (stat.isFile()) return { fd, size: stat.size };
  } catch {
    // fall through: an unreadable descriptor is a failure like any other
  }
  closeSync(fd);
  return null;
}

/**
 * readLog semantics on one file. Missing file → NO_FILE (detail: the path); cannot be opened or read
 * → FAILED; negative offset with a non-zero length, or a negative length → BAD_ARGUMENTS. The open
 * failure is checked before the arguments, as in supervisord.
 * @example readLogRange("/var/log/supervisord.log", -1600, 0) // the last 1600 bytes, as `maintail` asks
 */
export function readLogRange(path: string, offset: number, length: number): string {
  if (!existsSync(path)) throw new RpcFault(Faults.NO_FILE, path);
  const file = openRegular(path);
  if (file === null) throw new RpcFault(Faults.FAILED);
  try {
    const window = readWindow(Math.trunc(offset), Math.trunc(length), file.size);
    if ("fault" in window) throw new RpcFault(Faults.BAD_ARGUMENTS);
    return decodeLogBytes(readAt(file.fd, window.start, window.end - window.start));
  } catch (err) {
    if (err instanceof RpcFault) throw err;
    throw new RpcFault(Faults.FAILED);
  } finally {
    closeSync(file.fd);
  }
}

/**
 * tailProcessLog semantics: `[text, nextOffset, overflow]`. A missing file gives `["", 0, false]`;
 * a file that cannot be read gives `["", offset, false]`.
 * @example tailLogFile(path, 0, 1024) // [last 1024 bytes, file size, true] once the file exceeds 1 KiB
 */
export function tailLogFile(path: string, offset: number, length: number): [string, number, boolean] {
  if (!existsSync(path)) return ["", 0, false];
  const file = openRegular(path);
  if (file === null) return ["", offset, false];
  try {
    const w = tailWindow(Math.trunc(offset), Math.trunc(length), file.size);
    const bytes = w.length === 0 ? new Uint8Array(0) : readAt(file.fd, w.start, w.length);
    return [decodeLogBytes(bytes), w.nextOffset, w.overflow];
  } catch {
    return ["", offset, false];
  } finally {
    closeSync(file.fd);
  }
}
