// Reading the instances' activity logs after a measured action, to say where its time went: each
// line carries the wall-clock time (milliseconds) at which the daemon logged it, e.g. when the
// Master planned a start, sent its last start order, or when an instance saw a process RUNNING.
// All instances run on this host, so their clocks are the same clock as the benchmark's Date.now().

import { openSync, readSync, closeSync, statSync } from "node:fs";

export interface LogLine {
  /** Wall-clock milliseconds since the epoch (the daemon's local-time stamp, read back as local time). */
  at: number;
  level: string;
  text: string;
}

/** `2026-11-25 00:40:28,463 INFO text` (supervisord) or `2026-11-25 00:40:28,463;INFO;text` (Supvisors). */
const LINE = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d),(\d{3})[ ;](\w+)[ ;](.*)$/;

/** One parsed line, or null for a continuation line of a multi-line record. */
export function parseLogLine(line: string): LogLine | null {
  const m = LINE.exec(line);
  if (m === null) return null;
  const [y, mo, d, h, mi, s, ms] = m.slice(1, 8).map(Number) as [number, number, number, number, number, number, number];
  return { at: new Date(y, mo - 1, d, h, mi, s, ms).getTime(), level: m[8]!, text: m[9]! };
}

/** Follows one log file: `mark()` remembers its end, `since()` parses what was appended after it. */
export class LogCursor {
  readonly path: string;
  #offset = 0;

  constructor(path: string) {
    this.path = path;
  }

  #size(): number {
    try {
      return statSync(this.path).size;
    } catch {
      return 0;
    }
  }

  mark(): void {
    this.#offset = this.#size();
  }

  since(): LogLine[] {
    const end = this.#size();
    if (end <= this.#offset) return [];
    const buffer = Buffer.alloc(end - this.#offset);
    const fd = openSync(this.path, "r");
    try {
      readSync(fd, buffer, 0, buffer.length, this.#offset);
    } finally {
      closeSync(fd);
    }
    return buffer
      .toString("utf8")
      .split("\n")
      .map(parseLogLine)
      .filter((l): l is LogLine => l !== null);
  }
}

/** The time of the last line matching `pattern`, or null. */
export function lastAt(lines: LogLine[], pattern: RegExp): number | null {
  let at: number | null = null;
  for (const line of lines) if (pattern.test(line.text) && (at === null || line.at > at)) at = line.at;
  return at;
}

/** The time of the first line matching `pattern`, or null. */
export function firstAt(lines: LogLine[], pattern: RegExp): number | null {
  let at: number | null = null;
  for (const line of lines) if (pattern.test(line.text) && (at === null || line.at < at)) at = line.at;
  return at;
}
