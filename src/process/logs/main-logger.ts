// supervisord's activity log (CFG-SD-01..04): level filtering, the exact line format, an optional
// echo to stdout (nodaemon and not silent), rotation, reopen (SIGUSR2) and clearLog (RPC-SUP-07).

import { existsSync, unlinkSync } from "node:fs";
import { Faults, RpcFault } from "../../api/faults.ts";
import { formatLogLine, levelNumber, type LineFormat, type LogLevel, type LogLevelNumber } from "./log-format.ts";
import { LogFileError, RotatingLogFile } from "./rotating-log-file.ts";

/** The `logfile` value that sends the activity log to syslog. */
export const SYSLOG_TARGET = "syslog";

export interface MainLoggerOptions {
  /** Path of the activity log, or "syslog". */
  path: string;
  maxbytes: number;
  backups: number;
  level: LogLevel;
  /** Receives each record, trailing newline included (write it as is to stdout). */
  echo?: (line: string) => void;
  /** Milliseconds since the epoch; tests pin it. */
  now?: () => number;
  /** The line format; supervisord's by default (Supvisors changes it, CFG-SV-34). */
  format?: LineFormat;
  /** File errors (open, write, rotate); by default written to stderr once per distinct failure. */
  onError?: (err: LogFileError) => void;
  /** Where the syslog fallback writes; stderr by default. */
  stderr?: (text: string) => void;
}

/** Where formatted records go besides the echo. */
interface Sink {
  write(line: string): void;
  reopen(): void;
  close(): void;
}

/**
 * Bun offers no unix datagram socket to reach /dev/log, so `logfile=syslog` writes the same lines
 * to stderr, after one warning saying so.
 */
function stderrSink(write: (text: string) => void): Sink {
  write(
    "flotilla: logfile=syslog: no syslog socket is available to this runtime; " +
      "the activity log is written to stderr instead\n",
  );
  return { write, reopen() {}, close() {} };
}

/**
 * @example
 * const log = new MainLogger({ path: "/var/log/supervisord.log", maxbytes: 50 << 20, backups: 10, level: "info" });
 * log.info("supervisord started with pid 42"); // "2026-11-24 21:45:23,123 INFO supervisord started with pid 42"
 */
export class MainLogger {
  readonly #file: RotatingLogFile | null;
  readonly #sink: Sink;
  readonly #echo: ((line: string) => void) | null;
  readonly #now: () => number;
  readonly #format: LineFormat;
  #level: LogLevelNumber;

  constructor(options: MainLoggerOptions) {
    const stderr = options.stderr ?? ((text: string) => void process.stderr.write(text));
    this.#level = levelNumber(options.level);
    this.#echo = options.echo ?? null;
    this.#now = options.now ?? Date.now;
    this.#format = options.format ?? formatLogLine;
    if (options.path === SYSLOG_TARGET) {
      this.#file = null;
      this.#sink = stderrSink(stderr);
    } else {
      const onError = options.onError ?? ((err: LogFileError) => stderr(`flotilla: ${err.message}\n`));
      this.#file = new RotatingLogFile(options.path, options.maxbytes, options.backups, { onError });
      this.#sink = this.#file;
    }
  }

  /** The file path, or null when the log goes to syslog (readLog then answers NO_FILE). */
  get path(): string | null {
    return this.#file?.path ?? null;
  }

  /** Error of the last failed open of the file, for start-up to report and exit on. */
  get openError(): LogFileError | null {
    return this.#file?.openError ?? null;
  }

  get level(): LogLevelNumber {
    return this.#level;
  }

  setLevel(level: LogLevel): void {
    this.#level = levelNumber(level);
  }

  /** Whether a record of this level would be written (to skip building costly messages). */
  enabled(level: LogLevel): boolean {
    return levelNumber(level) >= this.#level;
  }

  log(level: LogLevel, message: string): void {
    if (!this.enabled(level)) return;
    const line = this.#format(this.#now(), level, message);
    if (this.#echo) this.#echo(line);
    this.#sink.write(line);
  }

  critical(message: string): void {
    this.log(50, message);
  }
  error(message: string): void {
    this.log(40, message);
  }
  warn(message: string): void {
    this.log(30, message);
  }
  info(message: string): void {
    this.log(20, message);
  }
  debug(message: string): void {
    this.log(10, message);
  }
  trace(message: string): void {
    this.log(5, message);
  }
  blather(message: string): void {
    this.log(3, message);
  }

  /** Reopens the file (SIGUSR2). supervisord logs "supervisord logreopen" just before: the caller does. */
  reopen(): void {
    this.#sink.reopen();
  }

  /**
   * clearLog: NO_FILE when there is no log file, FAILED when it cannot be removed; otherwise
   * removes it and starts a new one. As in supervisord, "reopening log file" is logged once per
   * output (echo and file) just before the reopen, so the file copies land in the removed file
   * and the new log starts empty.
   */
  clear(): void {
    const path = this.path;
    if (this.#file === null || path === null || !existsSync(path)) throw new RpcFault(Faults.NO_FILE);
    try {
      unlinkSync(path);
    } catch {
      throw new RpcFault(Faults.FAILED);
    }
    if (this.#echo) this.info("reopening log file");
    this.info("reopening log file");
    this.#file.reopen();
  }

  close(): void {
    this.#sink.close();
  }
}
