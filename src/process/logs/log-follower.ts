// Follows a growing log file, for every live `tail -f` of the daemon (the HTTP /logtail streams and
// the dashboard's tail pages): starts at a byte offset (or some bytes before the end), then hands
// over every byte appended. When the path is replaced (rotation: another inode) it reopens and
// continues from the new file's start; when the file shrinks (truncation, clear) it continues from
// the start too. Both restarts are reported, so each consumer says so its own way. A deleted file
// that is not replaced keeps being read through the open descriptor.

import { open, stat, type FileHandle } from "node:fs/promises";

/** Largest read per step, so a big backlog is sent in pieces the consumer can take. */
const READ_CHUNK = 64 * 1024;

/** Why the follower went back to the start of a file. */
export type RestartReason = "truncated" | "rotated";

export interface FollowSink {
  /** Appended bytes; returns false when the consumer wants a pause (until resume()). */
  data(bytes: Uint8Array): boolean;
  /** What follows starts again from the beginning of the (shorter or replaced) file. */
  restart(reason: RestartReason): void;
}

/** Where following begins: `back` bytes before the end (the whole file when shorter), or an offset. */
export type FollowStart = { back: number } | { offset: number };

export class LogFollower {
  #path: string;
  #sink: FollowSink;
  #pollMs: number;
  #file: FileHandle | null = null;
  #ino = 0;
  #pos = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #stopped = false;
  #paused = false;
  /** A step is in progress: resume() must not start a second one beside it. */
  #running = false;

  /** Use `LogFollower.open`, which opens the file first. */
  private constructor(path: string, sink: FollowSink, pollMs: number) {
    this.#path = path;
    this.#sink = sink;
    this.#pollMs = pollMs;
  }

  /**
   * Opens `path` and positions it at `start`. Nothing is sent before begin(). An offset past the
   * end is a file that got shorter since the offset was taken: the first step restarts it.
   * Rejects (ENOENT…) when the file cannot be opened.
   * @example const f = await LogFollower.open("/var/log/x.log", { back: 1024 }, { data: (b) => res.write(b), restart: () => undefined }, 100); f.begin()
   */
  static async open(path: string, start: FollowStart, sink: FollowSink, pollMs: number): Promise<LogFollower> {
    const follower = new LogFollower(path, sink, pollMs);
    await follower.#open();
    try {
      if ("offset" in start) {
        follower.#pos = Math.max(0, Math.trunc(start.offset));
      } else {
        const size = (await follower.#file!.stat()).size;
        follower.#pos = Math.max(0, size - Math.max(0, start.back));
      }
    } catch (err) {
      follower.stop();
      throw err;
    }
    return follower;
  }

  /** Starts sending: what lies after the start position at once, then whatever is appended. */
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

  /** The consumer has room again (socket drained, stream pulled): carry on at once. */
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
      return;
    }
    this.#sink.restart("rotated");
  }

  /** Sends whatever lies between the position and the end of the file. */
  async #drain(): Promise<void> {
    while (!this.#stopped && !this.#paused && this.#file !== null) {
      const file = this.#file;
      const size = (await file.stat()).size;
      if (size < this.#pos) {
        this.#pos = 0;
        if (!this.#stopped) this.#sink.restart("truncated");
        continue;
      }
      if (size === this.#pos) return;
      const buf = new Uint8Array(Math.min(READ_CHUNK, size - this.#pos));
      const { bytesRead } = await file.read(buf, 0, buf.length, this.#pos);
      if (bytesRead === 0 || this.#stopped || file !== this.#file) return;
      this.#pos += bytesRead;
      if (!this.#sink.data(buf.subarray(0, bytesRead))) this.#paused = true;
    }
  }
}
