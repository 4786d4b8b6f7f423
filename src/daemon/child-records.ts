// The children of this daemon, recorded on disk so that a daemon killed with SIGKILL and started
// again finds the processes of its previous life. Those cannot be waited on nor have their pipes
// back (platform notes), so they are stopped — group first with SIGTERM, then SIGKILL — before
// anything is spawned: no orphan keeps running unsupervised, and none runs twice.
//
// A pid alone is not an identity (pids are reused), so each record also keeps the process start
// time from /proc/<pid>/stat; a record matches a live process only if both agree.

import { existsSync, readFileSync, unlinkSync } from "node:fs";
import type { SpawnedChild, SpawnRequest, Spawner } from "../process/spawner.ts";
import { CoalescedWrite } from "./coalesced-write.ts";
import { writeFileAtomic } from "./atomic-file.ts";

export interface ChildRecord {
  /** The program file, for the log line that reports stopping it. */
  command: string;
  pid: number;
  /** Field 22 of /proc/<pid>/stat: start time in clock ticks since boot. */
  starttime: string;
}

export interface PreviousLife {
  daemon: ChildRecord | null;
  children: ChildRecord[];
}

function isRecord(r: unknown): r is ChildRecord {
  const x = r as ChildRecord | null;
  return typeof x?.command === "string" && Number.isInteger(x?.pid) && x.pid > 1 && typeof x?.starttime === "string";
}

/** True when the process the record names is still the same live process. */
export function isAlive(record: ChildRecord): boolean {
  return processStartTime(record.pid) === record.starttime;
}

/** Start time of a live process, or null when it does not exist (or is a zombie). */
export function processStartTime(pid: number): string | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return null;
  }
  // The command name (field 2) is in parentheses and may contain spaces: split after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  if (fields[0] === "Z") return null;
  return fields[19] ?? null;
}

export class ChildRecords {
  readonly #path: string;
  readonly #children = new Map<number, ChildRecord>();
  /**
   * Many spawns happen in one turn (startAll), or one per turn (the sliced start queue): one write
   * per 50 ms at most. A record missing for that long only matters if the daemon is killed then.
   */
  readonly #writes = new CoalescedWrite(() => this.#writeFile(), { minGapMs: 50 });

  constructor(path: string) {
    this.#path = path;
  }

  get path(): string {
    return this.#path;
  }

  /**
   * What a previous life of the daemon left: its own identity and its children. A missing or
   * unreadable file means nothing was left.
   */
  readPrevious(): PreviousLife {
    if (!existsSync(this.#path)) return { daemon: null, children: [] };
    try {
      const parsed = JSON.parse(readFileSync(this.#path, "utf8")) as { daemon?: unknown; children?: unknown };
      const children = Array.isArray(parsed.children) ? parsed.children.filter(isRecord) : [];
      return { daemon: isRecord(parsed.daemon) ? parsed.daemon : null, children };
    } catch {
      return { daemon: null, children: [] };
    }
  }

  spawned(command: string, pid: number): void {
    const starttime = processStartTime(pid);
    if (starttime === null) return;
    this.#children.set(pid, { command, pid, starttime });
    this.#writes.request();
  }

  /**
   * Not written at once: a stale record is harmless (a record only matches a live process with the
   * same pid and start time), and rewriting the file for each of 500 exits slowed "stop all" 4x.
   * The next spawn or the shutdown writes it.
   */
  exited(pid: number): void {
    this.#children.delete(pid);
  }

  /** Writes now; used at start and at clean shutdown (empty). */
  flush(): void {
    this.#writes.writeNow();
  }

  #writeFile(): void {
    const daemon: ChildRecord = { command: "flotilla", pid: process.pid, starttime: processStartTime(process.pid) ?? "" };
    // No fsync: the records guard against a killed daemon, not a lost machine (which kills the
    // children too); the rename alone keeps the file whole.
    writeFileAtomic(this.#path, JSON.stringify({ daemon, children: [...this.#children.values()] }), { durable: false });
  }

  remove(): void {
    this.#writes.cancel();
    try {
      unlinkSync(this.#path);
    } catch {
      // Already gone.
    }
  }
}

/** The previous children still alive, matched by pid and start time. */
export function liveOrphans(records: ChildRecord[]): ChildRecord[] {
  return records.filter(isAlive);
}

/**
 * Stops orphans: SIGTERM to each process group, then SIGKILL to what is left after `graceMs`.
 * Resolves when none is alive (or after the SIGKILL deadline plus a short reap wait).
 */
export async function stopOrphans(
  orphans: ChildRecord[],
  graceMs: number,
  log: (message: string) => void,
  waitUntil: (check: () => boolean, timeoutMs: number) => Promise<boolean>,
): Promise<void> {
  if (orphans.length === 0) return;
  const alive = () => orphans.filter(isAlive);
  for (const o of orphans) {
    log(`stopping ${o.command} (pid ${o.pid}) left running by a previous daemon`);
    signalGroup(o.pid, "SIGTERM");
  }
  if (await waitUntil(() => alive().length === 0, graceMs)) return;
  for (const o of alive()) {
    log(`killing ${o.command} (pid ${o.pid}) with SIGKILL`);
    signalGroup(o.pid, "SIGKILL");
  }
  await waitUntil(() => alive().length === 0, 2000);
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // Gone in between.
    }
  }
}

/** A Spawner that records every child it starts and forgets it when it exits. */
export class RecordingSpawner implements Spawner {
  constructor(
    readonly inner: Spawner,
    readonly records: ChildRecords,
  ) {}

  spawn(req: SpawnRequest): SpawnedChild {
    let pid = 0;
    const child = this.inner.spawn({
      ...req,
      onExit: (code, signal) => {
        this.records.exited(pid);
        req.onExit(code, signal);
      },
    });
    pid = child.pid;
    this.records.spawned(req.filename, pid);
    return child;
  }

  kill(pid: number, signal: number, group: boolean): void {
    this.inner.kill(pid, signal, group);
  }
}
