// Hand-written fakes for the runner: a virtual clock with real timer semantics and an in-memory
// spawner whose children the test ends at will.

import type { LogChannelConfig, ProcessConfig } from "../../../src/config/model.ts";
import type { Clock } from "../../../src/process/clock.ts";
import { SpawnError, type SpawnRequest, type SpawnedChild, type Spawner } from "../../../src/process/spawner.ts";

export class FakeClock implements Clock {
  #now: number;
  #seq = 0;
  readonly #timers = new Map<number, { at: number; fn: () => void }>();

  constructor(start = 1_700_000_000_000) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimer(at: number, fn: () => void): () => void {
    const id = ++this.#seq;
    this.#timers.set(id, { at, fn });
    return () => this.#timers.delete(id);
  }

  get pendingTimers(): number {
    return this.#timers.size;
  }

  get nextTimer(): number | null {
    let next: number | null = null;
    for (const t of this.#timers.values()) if (next === null || t.at < next) next = t.at;
    return next;
  }

  /** Moves time forward, firing due timers in time order (each at its own time). */
  advance(ms: number): void {
    const end = this.#now + ms;
    for (;;) {
      let dueId: number | null = null;
      let due: { at: number; fn: () => void } | null = null;
      for (const [id, t] of this.#timers) {
        if (t.at <= end && (due === null || t.at < due.at)) {
          dueId = id;
          due = t;
        }
      }
      if (due === null || dueId === null) break;
      this.#timers.delete(dueId);
      this.#now = Math.max(this.#now, due.at);
      due.fn();
    }
    this.#now = end;
  }
}

export class FakeChild implements SpawnedChild {
  readonly stdin: string[] = [];
  stdinOpen = true;
  constructor(
    readonly pid: number,
    readonly req: SpawnRequest,
  ) {}

  writeStdin(data: Uint8Array | string): boolean {
    if (!this.stdinOpen) return false;
    this.stdin.push(typeof data === "string" ? data : new TextDecoder().decode(data));
    return true;
  }

  closeStdin(): void {
    this.stdinOpen = false;
  }

  stdout(text: string): void {
    this.req.onStdout(new TextEncoder().encode(text));
  }

  stderr(text: string): void {
    (this.req.redirectStderr ? this.req.onStdout : this.req.onStderr)(new TextEncoder().encode(text));
  }

  exit(code: number | null, signal: string | null = null): void {
    this.stdinOpen = false;
    this.req.onExit(code, signal);
  }
}

export class FakeSpawner implements Spawner {
  readonly children: FakeChild[] = [];
  readonly kills: { pid: number; signal: number; group: boolean }[] = [];
  /** When set, the next spawn throws it (then it is cleared). */
  failNext: SpawnError | null = null;
  /** When set, kill throws an error with this code. */
  killError: string | null = null;
  #pid = 1000;

  spawn(req: SpawnRequest): SpawnedChild {
    if (this.failNext) {
      const err = this.failNext;
      this.failNext = null;
      throw err;
    }
    const child = new FakeChild(++this.#pid, req);
    this.children.push(child);
    return child;
  }

  kill(pid: number, signal: number, group: boolean): void {
    this.kills.push({ pid, signal, group });
    if (this.killError) throw Object.assign(new Error(`kill failed: ${this.killError}`), { code: this.killError });
  }

  get last(): FakeChild {
    const child = this.children.at(-1);
    if (!child) throw new Error("nothing spawned");
    return child;
  }
}


const channel: LogChannelConfig = {
  logfile: { kind: "none" },
  maxbytes: 0,
  backups: 0,
  captureMaxbytes: 0,
  eventsEnabled: false,
  syslog: false,
};

/** A ProcessConfig with supervisord's defaults, running /bin/sh unless told otherwise. */
export function processConfig(over: Partial<ProcessConfig> = {}): ProcessConfig {
  return {
    name: "x",
    programName: "x",
    processNum: 0,
    command: "/bin/sh -c 'exit 0'",
    environment: {},
    directory: null,
    umask: null,
    user: null,
    priority: 999,
    autostart: true,
    autorestart: "unexpected",
    exitcodes: [0],
    startsecs: 1,
    startretries: 3,
    stopsignal: 15,
    stopwaitsecs: 10,
    stopasgroup: false,
    killasgroup: false,
    redirectStderr: false,
    stdout: channel,
    stderr: channel,
    serverurl: "AUTO",
    source: { file: "test.conf", line: 1 },
    ...over,
  };
}

/** An output sink keeping what it got as text. */
export class TextSink {
  text = "";
  write(chunk: Uint8Array): void {
    this.text += new TextDecoder().decode(chunk);
  }
}
