// AUTO child log files (CFG-PG-17, CFG-SD-11/12): their generated names in childlogdir, and the
// start-up cleanup that removes those left by a previous supervisord with the same identifier.

import { closeSync, constants, openSync, readdirSync, unlinkSync } from "node:fs";
import { resolve } from "node:path";
import { pyRepr } from "../pyrepr.ts";

export type LogChannel = "stdout" | "stderr";

/** Python's tempfile draws 8 characters from this alphabet. */
const NAME_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789_";
const NAME_LENGTH = 8;
/** Python's tempfile gives up after TMP_MAX (10000) names that already exist. */
const MAX_ATTEMPTS = 10000;

/**
 * The fixed part of an AUTO log name: `name-channel---identifier-`.
 * @example autoChildLogPrefix("web", "stdout", "supervisor") // "web-stdout---supervisor-"
 */
export function autoChildLogPrefix(processName: string, channel: LogChannel, identifier: string): string {
  return `${processName}-${channel}---${identifier}-`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/**
 * Whether supervisord's start-up cleanup removes this file name: a prefix match of
 * `.+?---IDENTIFIER-\S+\.log\.?\d{0,4}`, so rotated backups (`.log.3`) go too, and so does any
 * name that merely starts like that. The identifier is matched literally (supervisord puts it
 * into the pattern unescaped, so a `.` in it would match any character there).
 * @example isAutoChildLogName("web-stdout---supervisor-k2j4_x0a.log.1", "supervisor") // true
 */
export function isAutoChildLogName(fileName: string, identifier: string): boolean {
  return new RegExp(`^.+?---${escapeRegExp(identifier)}-\\S+\\.log`).test(fileName);
}

function randomName(): string {
  const out: string[] = [];
  const bytes = new Uint8Array(NAME_LENGTH * 2);
  while (out.length < NAME_LENGTH) {
    crypto.getRandomValues(bytes);
    for (const b of bytes) {
      // Rejection sampling keeps the 37 characters equally likely.
      if (b < 256 - (256 % NAME_ALPHABET.length) && out.length < NAME_LENGTH) {
        out.push(NAME_ALPHABET[b % NAME_ALPHABET.length]);
      }
    }
  }
  return out.join("");
}

export interface AutoChildLogOptions {
  /** Source of the random part; tests replace it to force collisions. */
  randomName?: () => string;
}

/**
 * Creates a new, empty AUTO log file (mode 0600, never reusing an existing name, like mkstemp)
 * and returns its absolute path: `childlogdir/name-stdout---identifier-XXXXXXXX.log`.
 * Throws an Error naming childlogdir when the file cannot be created.
 * @example autoChildLogPath("/tmp", "web", "stdout", "supervisor") // "/tmp/web-stdout---supervisor-8fd_0q2k.log"
 */
export function autoChildLogPath(
  childlogdir: string,
  processName: string,
  channel: LogChannel,
  identifier: string,
  options: AutoChildLogOptions = {},
): string {
  const pick = options.randomName ?? randomName;
  const prefix = autoChildLogPrefix(processName, channel, identifier);
  const flags = constants.O_RDWR | constants.O_CREAT | constants.O_EXCL;
  let lastError: unknown = null;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const path = resolve(childlogdir, `${prefix}${pick()}.log`);
    try {
      closeSync(openSync(path, flags, 0o600));
      return path;
    } catch (err) {
      lastError = err;
      if ((err as { code?: string }).code !== "EEXIST") break;
    }
  }
  const reason = lastError instanceof Error ? lastError.message : "no free file name";
  throw new Error(`cannot create the AUTO ${channel} log of ${processName} in childlogdir ${childlogdir}: ${reason}`);
}

/**
 * Removes the AUTO logs (and their backups) of a previous run with the same identifier from
 * childlogdir, as supervisord does at start unless `nocleanup`. Problems are reported through
 * `warn` with supervisord's texts and never thrown. Returns the removed paths.
 * @example cleanupAutoChildLogs("/tmp", "supervisor", (m) => mainlog.warn(m))
 */
export function cleanupAutoChildLogs(
  childlogdir: string,
  identifier: string,
  warn: (message: string) => void = () => {},
): string[] {
  let names: string[];
  try {
    names = readdirSync(childlogdir);
  } catch {
    warn("Could not clear childlog dir");
    return [];
  }
  const removed: string[] = [];
  // Joined without normalising, as os.path.join does, so the warning shows the path as configured.
  const dir = childlogdir.endsWith("/") ? childlogdir : `${childlogdir}/`;
  for (const name of names.sort()) {
    if (!isAutoChildLogName(name, identifier)) continue;
    const path = dir + name;
    try {
      unlinkSync(path);
      removed.push(path);
    } catch {
      warn(`Failed to clean up ${pyRepr(path)}`);
    }
  }
  return removed;
}
