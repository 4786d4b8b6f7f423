// A log file that appends synchronously and rolls over like supervisord's RotatingFileHandler:
// used for every child stdout/stderr log and for the activity log. It never throws from write():
// OS errors go to `onError` (once per distinct failure) and logging resumes when the cause goes away.

import {
  closeSync,
  constants,
  existsSync,
  fstatSync,
  openSync,
  renameSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { rotationSteps, shouldRotate } from "./rotation.ts";

const { O_WRONLY, O_CREAT, O_APPEND, O_TRUNC } = constants;
/** supervisord opens logs with mode "ab": create if needed, always write at the end. */
const APPEND_FLAGS = O_WRONLY | O_CREAT | O_APPEND;
/** After a rollover it opens "wb"; O_APPEND is kept so an outside appender cannot be overwritten. */
const TRUNCATE_FLAGS = APPEND_FLAGS | O_TRUNC;
const ENCODER = new TextEncoder();

export type LogFileOperation = "open" | "write" | "rotate" | "remove";

/** An OS error on a log file, naming the operation and the path so the message is actionable. */
export class LogFileError extends Error {
  readonly code: string | undefined;
  constructor(
    readonly operation: LogFileOperation,
    readonly path: string,
    readonly cause: unknown,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`cannot ${operation} log file ${path}: ${reason}`);
    this.name = "LogFileError";
    this.code = errnoCode(cause);
  }
}

export interface RotatingLogFileOptions {
  /** Called once per distinct failure (operation + errno); a later success re-arms it. */
  onError?: (err: LogFileError) => void;
}

function errnoCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

function closeQuietly(fd: number | null): void {
  if (fd === null) return;
  try {
    closeSync(fd);
  } catch {
    // Closing can only fail on an already-invalid descriptor: nothing left to release.
  }
}

/** Removes `to` if present, then renames; a vanished source or target is not an error (races with cleanup scripts). */
function removeAndRename(from: string, to: string): void {
  if (existsSync(to)) {
    try {
      unlinkSync(to);
    } catch (err) {
      if (errnoCode(err) !== "ENOENT") throw err;
    }
  }
  try {
    renameSync(from, to);
  } catch (err) {
    if (errnoCode(err) !== "ENOENT") throw err;
  }
}

/**
 * @example
 * const log = new RotatingLogFile("/var/log/app.log", 50 * 1024 * 1024, 10, { onError: (e) => mainlog.warn(e.message) });
 * log.write(chunk); // rolls over to app.log.1 once the file has reached 50 MiB
 */
export class RotatingLogFile {
  onError: (err: LogFileError) => void;
  readonly #path: string;
  readonly #maxbytes: number;
  readonly #backups: number;
  #fd: number | null = null;
  /** Bytes in the live file as far as this writer knows (checked with fstat before any rollover). */
  #size = 0;
  /** Pipes and devices (/dev/stdout) are never rotated nor removed. */
  #regular = true;
  #closed = false;
  #openError: LogFileError | null = null;
  /** Per operation, the failure last reported: a persistent failure is reported once, not per chunk. */
  readonly #failing = new Map<LogFileOperation, string>();

  constructor(path: string, maxbytes: number, backups: number, options: RotatingLogFileOptions = {}) {
    this.#path = path;
    this.#maxbytes = maxbytes;
    this.#backups = backups;
    this.onError = options.onError ?? (() => {});
    this.#open(APPEND_FLAGS);
  }

  get path(): string {
    return this.#path;
  }

  /** Size of the live file as tracked by this writer. */
  get size(): number {
    return this.#size;
  }

  /** The error of the last failed open, or null while the file is open (a spawner checks it). */
  get openError(): LogFileError | null {
    return this.#openError;
  }

  /** Appends the whole chunk, then rolls over if the file has reached maxbytes. Never throws. */
  write(chunk: Uint8Array | string): void {
    const bytes = typeof chunk === "string" ? ENCODER.encode(chunk) : chunk;
    if (bytes.length === 0) return;
    if (this.#closed) {
      this.#report(new LogFileError("write", this.#path, new Error("the log file was closed")));
      return;
    }
    // A failed open (missing directory, EMFILE...) is retried on each write, so logging resumes by itself.
    if (this.#fd === null && !this.#open(APPEND_FLAGS)) return;
    const fd = this.#fd as number;
    let done = 0;
    try {
      while (done < bytes.length) {
        const n = writeSync(fd, bytes, done, bytes.length - done);
        if (n <= 0) throw new Error("the system wrote no bytes");
        done += n;
      }
      this.#failing.delete("write");
    } catch (err) {
      this.#report(new LogFileError("write", this.#path, err));
    }
    this.#size += done;
    if (this.#regular && shouldRotate(this.#size, this.#maxbytes)) this.#checkRollover();
  }

  /** Closes and reopens the path (SIGUSR2, external logrotate). Errors go to onError. */
  reopen(): void {
    closeQuietly(this.#fd);
    this.#fd = null;
    this.#closed = false;
    this.#open(APPEND_FLAGS);
  }

  /**
   * Removes the live file and starts a new empty one, as clearProcessLogs does: backups are kept.
   * Throws the LogFileError (the API answers FAILED); the file is reopened even after a failed removal.
   */
  clear(): void {
    closeQuietly(this.#fd);
    this.#fd = null;
    this.#closed = false;
    let failure: LogFileError | null = null;
    if (this.#regular) {
      try {
        unlinkSync(this.#path);
        this.#failing.delete("remove");
      } catch (err) {
        if (errnoCode(err) !== "ENOENT") failure = new LogFileError("remove", this.#path, err);
      }
    }
    this.#open(APPEND_FLAGS);
    if (failure) throw failure;
    if (this.#openError) throw this.#openError;
  }

  /** Releases the descriptor; later writes are dropped and reported until reopen(). */
  close(): void {
    closeQuietly(this.#fd);
    this.#fd = null;
    this.#closed = true;
  }

  #open(flags: number): boolean {
    try {
      const fd = openSync(this.#path, flags, 0o666);
      const stat = fstatSync(fd);
      this.#fd = fd;
      this.#size = stat.size;
      this.#regular = stat.isFile();
      this.#openError = null;
      this.#failing.delete("open");
      return true;
    } catch (err) {
      this.#fd = null;
      this.#openError = new LogFileError("open", this.#path, err);
      this.#report(this.#openError);
      return false;
    }
  }

  /** The tracked size said "full": confirm with fstat, since an outside copytruncate may have emptied it. */
  #checkRollover(): void {
    if (this.#fd !== null) {
      try {
        this.#size = fstatSync(this.#fd).size;
      } catch {
        // Keep the tracked size: rolling over is the safe choice when the file cannot be inspected.
      }
    }
    if (shouldRotate(this.#size, this.#maxbytes)) this.#rollover();
  }

  #rollover(): void {
    closeQuietly(this.#fd);
    this.#fd = null;
    // If the live file could not be moved aside, keep appending to it rather than truncating it.
    let keepLive = false;
    let failed = false;
    for (const step of rotationSteps(this.#path, this.#backups)) {
      if (step.ifExists && !existsSync(step.from)) continue;
      try {
        removeAndRename(step.from, step.to);
      } catch (err) {
        failed = true;
        this.#report(new LogFileError("rotate", this.#path, err));
        if (!step.ifExists) keepLive = true;
      }
    }
    if (!failed) this.#failing.delete("rotate");
    this.#open(keepLive ? APPEND_FLAGS : TRUNCATE_FLAGS);
  }

  #report(err: LogFileError): void {
    const key = err.code ?? err.message;
    if (this.#failing.get(err.operation) === key) return;
    this.#failing.set(err.operation, key);
    try {
      this.onError(err);
    } catch {
      // A faulty error callback must not break the writer's caller either.
    }
  }
}
