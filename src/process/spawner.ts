// The OS side of a supervised process: starting a child in its own session with the environment,
// directory, umask and user supervisord would give it, piping its output, and signalling it or
// its process group. `Spawner` is the seam the runner uses; tests swap in an in-memory one.

import { existsSync, statSync } from "node:fs";
import { normaliseSignal } from "./signals.ts";

export interface SpawnRequest {
  /** File to execute (already resolved, see command.ts). */
  filename: string;
  /** argv as written; argv[0] is what the child sees as its name. */
  argv: string[];
  env: Record<string, string>;
  cwd: string | null;
  umask: number | null;
  user: { uid: number; gid: number; name: string } | null;
  onStdout(chunk: Uint8Array): void;
  onStderr(chunk: Uint8Array): void;
  /** Deliver stderr through onStdout (redirect_stderr). */
  redirectStderr: boolean;
  /** An fd the child gets as its stdin instead of a pipe (an fcgi-program's socket); absent: a pipe. */
  stdinFd?: number | null;
  /** Called once, after the output pipes were drained (or a short grace period passed). */
  onExit(code: number | null, signal: string | null): void;
}

export interface SpawnedChild {
  pid: number;
  /** false when stdin is closed (child gone or closeStdin called). */
  writeStdin(data: Uint8Array | string): boolean;
  closeStdin(): void;
}

export interface Spawner {
  /** Throws SpawnError when the child cannot be started. */
  spawn(req: SpawnRequest): SpawnedChild;
  /**
   * Sends `signal` to `pid`, or to its process group when `group`. Throws an Error whose `code`
   * is "ESRCH" when no such process exists.
   */
  kill(pid: number, signal: number, group: boolean): void;
}

/**
 * A child that could not be started. `inChild` marks failures supervisord detects in the forked
 * child (chdir, setuid, exec), which it reports on the child's stderr.
 */
export class SpawnError extends Error {
  constructor(
    message: string,
    readonly inChild: boolean,
  ) {
    super(message);
    this.name = "SpawnError";
  }
}

export interface OsSpawnerOptions {
  /** Path of util-linux `setpriv`, used to switch user while keeping supplementary groups. */
  setprivPath?: string;
  /** How long to wait for the output pipes to close after the child exited (ms). */
  drainGraceMs?: number;
}

/** Spawner on Bun.spawn. */
export class OsSpawner implements Spawner {
  readonly #setpriv: string;
  readonly #drainGraceMs: number;

  constructor(options: OsSpawnerOptions = {}) {
    this.#setpriv = options.setprivPath ?? "/usr/bin/setpriv";
    // Grandchildren may keep the pipes open forever; the exit must still be reported promptly.
    this.#drainGraceMs = options.drainGraceMs ?? 100;
  }

  spawn(req: SpawnRequest): SpawnedChild {
    if (req.cwd !== null) checkDirectory(req.cwd);
    const cmd = this.#commandLine(req);
    const previousUmask = req.umask === null ? null : process.umask(req.umask);
    const stdinFd = req.stdinFd ?? null;
    let proc: Bun.Subprocess<"pipe" | number, "pipe", "pipe">;
    const exit = new ExitReporter(req.onExit, this.#drainGraceMs);
    try {
      proc = Bun.spawn({
        cmd,
        argv0: req.user === null ? req.argv[0] : cmd[0],
        env: req.env,
        cwd: req.cwd ?? undefined,
        // setsid(): the child leads its own process group and does not get the daemon's signals.
        detached: true,
        // A number is dup2'ed onto fd 0 of the child.
        stdin: stdinFd ?? "pipe",
        stdout: "pipe",
        stderr: "pipe",
        onExit: (_p, code, signal) =>
          exit.exited(code, signal === null ? null : normaliseSignal(signal)),
      });
    } catch (err) {
      throw new SpawnError(`couldn't exec ${req.argv[0]}: ${errorCode(err)}`, true);
    } finally {
      if (previousUmask !== null) process.umask(previousUmask);
    }
    exit.pump(proc.stdout, req.onStdout);
    exit.pump(proc.stderr, req.redirectStderr ? req.onStdout : req.onStderr);

    const stdin = proc.stdin;
    let stdinOpen = typeof stdin === "object" && stdin !== null;
    exit.onDone(() => {
      stdinOpen = false;
    });
    return {
      pid: proc.pid,
      writeStdin(data: Uint8Array | string): boolean {
        if (!stdinOpen) return false;
        try {
          if (typeof stdin !== "object" || stdin === null) return false;
          stdin.write(data);
          void Promise.resolve(stdin.flush()).catch(() => {
            stdinOpen = false;
          });
          return true;
        } catch {
          stdinOpen = false;
          return false;
        }
      },
      closeStdin(): void {
        if (!stdinOpen) return;
        stdinOpen = false;
        try {
          if (typeof stdin === "object" && stdin !== null) void Promise.resolve(stdin.end()).catch(() => undefined);
        } catch {
          // Already closed by the child's exit: nothing left to close.
        }
      },
    };
  }

  kill(pid: number, signal: number, group: boolean): void {
    process.kill(group ? -pid : pid, signal);
  }

  /** The argv to execute: the program itself, or wrapped in setpriv to run as another user. */
  #commandLine(req: SpawnRequest): string[] {
    const program = [req.filename, ...req.argv.slice(1)];
    const user = req.user;
    if (user === null || user.uid === process.getuid?.()) return program;
    if (process.getuid?.() !== 0) {
      throw new SpawnError(`couldn't setuid to ${user.uid}: Can't drop privilege as nonroot user`, true);
    }
    if (!existsSync(this.#setpriv)) {
      throw new SpawnError(`couldn't setuid to ${user.uid}: ${this.#setpriv} not found`, true);
    }
    return [
      this.#setpriv,
      `--reuid=${user.uid}`,
      `--regid=${user.gid}`,
      // Like supervisord's setgroups(): the user's supplementary groups are kept.
      "--init-groups",
      "--",
      ...program,
    ];
  }
}

/** supervisord's child does chdir itself and reports "couldn't chdir to X: ENOENT". */
function checkDirectory(cwd: string): void {
  let isDir: boolean;
  try {
    isDir = statSync(cwd).isDirectory();
  } catch (err) {
    throw new SpawnError(`couldn't chdir to ${cwd}: ${errorCode(err)}`, true);
  }
  if (!isDir) throw new SpawnError(`couldn't chdir to ${cwd}: ENOTDIR`, true);
}

function errorCode(err: unknown): string {
  if (err && typeof err === "object" && "code" in err && typeof err.code === "string") return err.code;
  return err instanceof Error ? err.message : String(err);
}

/**
 * Reports a child's exit once its output pipes are drained, as supervisord drains the pipes
 * before handling the exit; after the grace period it reports anyway and stops reading, so that
 * output written later by grandchildren is dropped (supervisord closes the pipes then too).
 */
class ExitReporter {
  #openStreams = 0;
  #exit: { code: number | null; signal: string | null } | null = null;
  #reported = false;
  #graceTimer: ReturnType<typeof setTimeout> | null = null;
  readonly #cancels: (() => Promise<void>)[] = [];
  readonly #doneListeners: (() => void)[] = [];

  readonly #report: (code: number | null, signal: string | null) => void;
  readonly #graceMs: number;

  constructor(report: (code: number | null, signal: string | null) => void, graceMs: number) {
    this.#report = report;
    this.#graceMs = graceMs;
  }

  pump(stream: ReadableStream<Uint8Array>, sink: (chunk: Uint8Array) => void): void {
    const reader = stream.getReader();
    this.#cancels.push(() => reader.cancel());
    this.#openStreams += 1;
    const loop = async (): Promise<void> => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done || this.#reported) break;
          if (value.length > 0) sink(value);
        }
      } catch {
        // A cancelled or failed pipe ends like a closed one.
      }
      this.#openStreams -= 1;
      this.#maybeReport();
    };
    void loop();
  }

  onDone(fn: () => void): void {
    this.#doneListeners.push(fn);
  }

  exited(code: number | null, signal: string | null): void {
    this.#exit = { code, signal };
    for (const fn of this.#doneListeners) fn();
    if (!this.#maybeReport()) {
      this.#graceTimer = setTimeout(() => this.#finish(), this.#graceMs);
    }
  }

  #maybeReport(): boolean {
    if (this.#exit === null || this.#reported) return this.#reported;
    if (this.#openStreams > 0) return false;
    this.#finish();
    return true;
  }

  #finish(): void {
    if (this.#reported || this.#exit === null) return;
    this.#reported = true;
    if (this.#graceTimer !== null) clearTimeout(this.#graceTimer);
    for (const cancel of this.#cancels) void cancel().catch(() => undefined);
    this.#report(this.#exit.code, this.#exit.signal);
  }
}
