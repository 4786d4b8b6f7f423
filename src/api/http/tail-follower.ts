// Follows a growing log file like Supervisor's tail_f_producer: starts with its last bytes, then
// hands over every byte appended. When the path is replaced (rotation: another inode) it reopens
// and continues from the new file's start; when the file shrinks (truncation) it says so with
// Supervisor's "==> File truncated <==" line and continues from the start. A deleted file that
// is not replaced keeps being read through the open descriptor.

import { open, stat, type FileHandle } from "node:fs/promises";

/** Supervisor's marker, sent when the followed file got shorter. */
export const TRUNCATED_MARKER = "==> File truncated <==\n";

/** Largest read per step, so a big backlog is sent in pieces the socket can take. */
const READ_CHUNK = 64 * 1024;

/** Receives bytes; returns false when the consumer wants a pause (socket buffer full). */
export type TailSink = (bytes: Uint8Array) => boolean;

export class TailFollower {
  #path: string;
  #sink: TailSink;
  #pollMs: number;
  #file: FileHandle | null = null;
  #ino = 0;
  #pos = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #stopped = false;
  #paused = false;
  /** A step is in progress: resume() must not start a second one beside it. */
  #running = false;

  /** Use `TailFollower.open`, which opens the file first. */
  private constructor(path: string, sink: TailSink, pollMs: number) {
    this.#path = path;
    this.#sink = sink;
    this.#pollMs = pollMs;
  }

  /**
   * Opens `path`, positioned `initialBytes` before its end (or at its start when shorter).
   * Nothing is sent before begin(). Rejects (ENOENT…) when the file cannot be opened.
   * @example const f = await TailFollower.open("/var/log/x.log", 1024, (b) => res.write(b), 100); f.begin()
   */
  static async open(path: string, initialBytes: number, sink: TailSink, pollMs: number): Promise<TailFollower> {
    const follower = new TailFollower(path, sink, pollMs);
    await follower.#open();
    try {
      const size = (await follower.#file!.stat()).size;
      follower.#pos = size >= initialBytes ? size - initialBytes : 0;
    } catch (err) {
      follower.stop();
      throw err;
    }
    return follower;
  }

  /** Starts sending: the initial bytes at once, then whatever is appended. */
  begin(): void {
    if (this.#stopped || this.#timer !== null || this.#running) return;
    void this.#step();
  }

  /** True until stop(). */
  get active(): boolean {
    return !this.#stopped;
  }

  /** Stops following and releases the file; safe to call twice. */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    const file = this.#file;
    this.#file = null;
    void file?.close().catch(() => undefined);
  }

  /** The consumer has room again (socket drained): carry on at once. */
  resume(): void {
    if (!this.#paused || this.#stopped) return;
    this.#paused = false;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    void this.#step();
  }

  async #open(): Promise<void> {
    const file = await open(this.#path, "r");
    this.#ino = (await file.stat()).ino;
    this.#file = file;
    this.#pos = 0;
  }

  /** One look at the file, then the next one is scheduled (unless paused or stopped). */
  async #step(): Promise<void> {
    this.#timer = null;
    if (this.#running) return;
    this.#running = true;
    try {
      await this.#follow();
      await this.#drain();
    } catch {
      // A transient error (file vanished between stat and open): try again next time.
    } finally {
      this.#running = false;
    }
    if (this.#stopped || this.#paused) return;
    this.#timer = setTimeout(() => void this.#step(), this.#pollMs);
  }

  /** Reopens when the path now names another file (rotation). */
  async #follow(): Promise<void> {
    let ino: number;
    try {
      ino = (await stat(this.#path)).ino;
    } catch {
      return; // unlinked and not replaced yet: keep reading the old descriptor
    }
    if (ino === this.#ino || this.#stopped) return;
    const old = this.#file;
    await this.#open();
    await old?.close().catch(() => undefined);
    if (this.#stopped) {
      // stop() ran while the new file was opening: it could not see it, so close it here.
      const fresh = this.#file;
      this.#file = null;
      await fresh?.close().catch(() => undefined);
    }
  }

  /** Sends whatever lies between the position and the end of the file. */
  async #drain(): Promise<void> {
    while (!this.#stopped && !this.#paused && this.#file !== null) {
      const file = this.#file;
      const size = (await file.stat()).size;
      if (size < this.#pos) {
        this.#pos = 0;
        this.#emit(new TextEncoder().encode(TRUNCATED_MARKER));
        continue;
      }
      if (size === this.#pos) return;
      const buf = new Uint8Array(Math.min(READ_CHUNK, size - this.#pos));
      const { bytesRead } = await file.read(buf, 0, buf.length, this.#pos);
      if (bytesRead === 0 || this.#stopped || file !== this.#file) return;
      this.#pos += bytesRead;
      this.#emit(buf.subarray(0, bytesRead));
    }
  }

  #emit(bytes: Uint8Array): void {
    if (this.#stopped) return;
    if (!this.#sink(bytes)) this.#paused = true;
  }
}
