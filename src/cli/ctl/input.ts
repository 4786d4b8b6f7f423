// Where the ctl reads the user's lines (shell commands, y/N answers, credentials, `fg` input) and
// how Ctrl-C reaches the command that should react to it. A terminal gets node:readline (editing,
// history, hidden password); anything else is read as plain lines, the prompt still written to
// stdout as Python's input() does.

import readline from "node:readline";
import { Writable } from "node:stream";

export interface ReadOptions {
  /** Do not echo what is typed (passwords). */
  secret?: boolean;
  signal?: AbortSignal;
}

/** Resolves null when `signal` aborts (never, without one). */
function whenAborted(signal: AbortSignal | undefined): Promise<null> {
  return new Promise((resolve) => {
    if (!signal) return;
    if (signal.aborted) resolve(null);
    else signal.addEventListener("abort", () => resolve(null), { once: true });
  });
}

export interface LineSource {
  /**
   * Shows `prompt`, then gives the next line without its newline, or null at end of input.
   * An aborted read gives null at once and leaves the next line for the next read.
   */
  read(prompt: string, opts?: ReadOptions): Promise<string | null>;
  close(): void;
}

/**
 * Lines from any async iterable of text chunks (piped stdin, tests).
 * @example new PlainLineSource(["a\nb"], write).read("> ") // "a", then "b", then null
 */
export class PlainLineSource implements LineSource {
  readonly #chunks: AsyncIterator<string | Uint8Array> | null;
  readonly #write: (s: string) => void;
  readonly #decoder = new TextDecoder("utf-8");
  #buffer = "";
  #ended = false;
  // Reads are served one after another even if callers overlap (fg reads while streaming).
  #queue: Promise<unknown> = Promise.resolve();

  readonly #writeError: (s: string) => void;

  /** `writeError` gets the prompt of a secret read, as Python's getpass does off a terminal. */
  constructor(
    chunks: AsyncIterable<string | Uint8Array> | null | undefined,
    write: (s: string) => void,
    writeError: (s: string) => void = write,
  ) {
    this.#chunks = chunks ? chunks[Symbol.asyncIterator]() : null;
    this.#write = write;
    this.#writeError = writeError;
  }

  read(prompt: string, opts?: ReadOptions): Promise<string | null> {
    const signal = opts?.signal;
    if (opts?.secret) {
      const next = this.#queue.then(async () => {
        this.#writeError(`Warning: Password input may be echoed.\n${prompt}`);
        const line = await this.#readLine("", signal);
        this.#writeError("\n");
        return line;
      });
      this.#queue = next.catch(() => undefined);
      return next;
    }
    const next = this.#queue.then(() => this.#readLine(prompt, signal));
    this.#queue = next.catch(() => undefined);
    return signal ? Promise.race([next, whenAborted(signal)]) : next;
  }

  async #readLine(prompt: string, signal: AbortSignal | undefined): Promise<string | null> {
    if (signal?.aborted) return null;
    if (prompt !== "") this.#write(prompt);
    for (;;) {
      // A read abandoned while waiting for input leaves what arrived for the next one.
      if (signal?.aborted) return null;
      const nl = this.#buffer.indexOf("\n");
      if (nl >= 0) {
        const line = this.#buffer.slice(0, nl);
        this.#buffer = this.#buffer.slice(nl + 1);
        return line;
      }
      if (this.#ended || this.#chunks === null) {
        this.#ended = true;
        if (this.#buffer === "") return null;
        const last = this.#buffer;
        this.#buffer = "";
        return last;
      }
      const { value, done } = await this.#chunks.next();
      if (done) this.#ended = true;
      else this.#buffer += typeof value === "string" ? value : this.#decoder.decode(value, { stream: true });
    }
  }

  close(): void {
    this.#ended = true;
    void this.#chunks?.return?.();
  }
}

/** Ctrl-C goes to the most recent listener only (a `tail -f` inside the shell, not the shell). */
export class InterruptHub {
  readonly #handlers: Array<() => void> = [];
  readonly #watchProcess: boolean;
  readonly #onSignal = () => this.fire();

  /** `watchProcess`: also listen to the process's SIGINT while someone is listening here. */
  constructor(watchProcess: boolean) {
    this.#watchProcess = watchProcess;
  }

  /** Registers a handler; the returned function removes it. */
  listen(handler: () => void): () => void {
    this.#handlers.push(handler);
    if (this.#watchProcess && this.#handlers.length === 1) process.on("SIGINT", this.#onSignal);
    return () => {
      const i = this.#handlers.lastIndexOf(handler);
      if (i >= 0) this.#handlers.splice(i, 1);
      if (this.#watchProcess && this.#handlers.length === 0) process.off("SIGINT", this.#onSignal);
    };
  }

  /** Delivers one interrupt; false when nobody listens. */
  fire(): boolean {
    const handler = this.#handlers[this.#handlers.length - 1];
    if (!handler) return false;
    handler();
    return true;
  }
}

/** A terminal: readline editing and history; secret reads do not echo. */
export class TtyLineSource implements LineSource {
  readonly #rl: readline.Interface;
  readonly #lines: string[] = [];
  readonly #waiters: Array<(line: string | null) => void> = [];
  readonly #historyFile: string | null;
  readonly #saveHistory: ((file: string, lines: string[]) => void) | null;
  readonly #write: (s: string) => void;
  #history: string[] = [];
  #muted = false;
  #closed = false;

  constructor(
    input: NodeJS.ReadableStream,
    write: (s: string) => void,
    interrupts: InterruptHub,
    history: { file: string | null; initial: string[]; save: ((file: string, lines: string[]) => void) | null },
  ) {
    const output = new Writable({
      write: (chunk: Buffer | string, _enc, cb) => {
        if (!this.#muted) write(typeof chunk === "string" ? chunk : chunk.toString("utf8"));
        cb();
      },
    });
    this.#write = write;
    this.#historyFile = history.file;
    this.#saveHistory = history.save;
    this.#history = [...history.initial].reverse();
    this.#rl = readline.createInterface({
      input,
      output,
      terminal: true,
      history: [...history.initial].reverse(),
      historySize: 1000,
    });
    this.#rl.on("line", (line) => {
      const waiter = this.#waiters.shift();
      if (waiter) waiter(line);
      else this.#lines.push(line);
    });
    this.#rl.on("close", () => {
      this.#closed = true;
      for (const waiter of this.#waiters.splice(0)) waiter(null);
    });
    // The 'history' event hands over the list newest first at each change.
    this.#rl.on("history", (lines: string[]) => {
      this.#history = lines;
    });
    this.#rl.on("SIGINT", () => {
      interrupts.fire();
    });
  }

  async read(prompt: string, opts?: ReadOptions): Promise<string | null> {
    if (opts?.signal?.aborted) return null;
    const queued = this.#lines.shift();
    this.#rl.setPrompt(prompt);
    this.#rl.prompt();
    if (queued !== undefined) return queued;
    if (this.#closed) return null;
    this.#muted = opts?.secret === true;
    let waiter: (line: string | null) => void = () => {};
    const line = new Promise<string | null>((resolve) => {
      waiter = resolve;
      this.#waiters.push(resolve);
    });
    try {
      const result = await Promise.race([line, whenAborted(opts?.signal)]);
      const i = this.#waiters.indexOf(waiter);
      if (i >= 0) this.#waiters.splice(i, 1);
      return result;
    } finally {
      if (this.#muted) {
        this.#muted = false;
        this.#write("\n");
      }
    }
  }

  close(): void {
    if (this.#historyFile && this.#saveHistory) {
      this.#saveHistory(this.#historyFile, [...this.#history].reverse());
    }
    this.#rl.close();
  }
}
