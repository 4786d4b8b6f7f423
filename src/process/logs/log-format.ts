// Level names and the line layout of supervisord's activity log (CFG-GEN-05), as pure functions,
// so the exact text can be table-tested without touching a file or the clock.

import { LogLevels, type LogLevelName } from "../../config/model.ts";

/** The numbers of CFG-GEN-05; only these are valid levels. */
export type LogLevelNumber = (typeof LogLevels)[LogLevelName];
export type LogLevel = LogLevelName | LogLevelNumber;

/**
 * The four-letter tags supervisord prints for each level (its `LevelsByName` attribute names):
 * note ERRO, DEBG, TRAC and BLAT, not the words of the config file.
 */
export const LevelTags: Readonly<Record<LogLevelNumber, string>> = {
  50: "CRIT",
  40: "ERRO",
  30: "WARN",
  20: "INFO",
  10: "DEBG",
  5: "TRAC",
  3: "BLAT",
};

/**
 * The number of a level given by name or number.
 * @example levelNumber("warn") // 30
 */
export function levelNumber(level: LogLevel): LogLevelNumber {
  return typeof level === "number" ? level : LogLevels[level];
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

/**
 * supervisord's `asctime`: local time, `YYYY-MM-DD HH:MM:SS,mmm`, milliseconds truncated (never
 * rounded up to the next second).
 * @example formatLogTimestamp(Date.UTC(2026, 10, 24, 21, 45, 23, 123)) // "2026-11-24 21:45:23,123" in UTC
 */
export function formatLogTimestamp(epochMs: number): string {
  const d = new Date(Math.floor(epochMs));
  return (
    `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1, 2)}-${pad(d.getDate(), 2)} ` +
    `${pad(d.getHours(), 2)}:${pad(d.getMinutes(), 2)}:${pad(d.getSeconds(), 2)},` +
    pad(d.getMilliseconds(), 3)
  );
}

/**
 * One record of the activity log, newline included: `%(asctime)s %(levelname)s %(message)s\n`.
 * A message containing newlines stays one record, as in supervisord ("'x' stdout output:\n...").
 * @example formatLogLine(t, "info", "spawned: 'x' with pid 12") // "2026-11-24 21:45:23,123 INFO spawned: 'x' with pid 12\n"
 */
export function formatLogLine(epochMs: number, level: LogLevel, message: string): string {
  return `${formatLogTimestamp(epochMs)} ${LevelTags[levelNumber(level)]} ${message}\n`;
}

/** How a record becomes a line; supervisord's own by default. */
export type LineFormat = (epochMs: number, level: LogLevel, message: string) => string;

/**
 * The line format Supvisors gives the logs it writes, and gives supervisord's logger too when its
 * `logfile` is AUTO (CFG-SV-34): `[software_name;]asctime;levelname;message`.
 * @example supvisorsLineFormat("")(t, "info", "x") // "2026-11-24 21:45:23,123;INFO;x\n"
 */
export function supvisorsLineFormat(softwareName: string): LineFormat {
  const prefix = softwareName === "" ? "" : `${softwareName};`;
  return (epochMs, level, message) => `${prefix}${formatLogTimestamp(epochMs)};${LevelTags[levelNumber(level)]};${message}\n`;
}
