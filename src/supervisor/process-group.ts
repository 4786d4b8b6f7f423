// A process group as it runs: its configuration and its process entries in priority order
// (ties keep the configuration order, as Python's stable sort does). A numprocs change
// (ST-DYN-03/04) adds or removes entries; the group's configuration follows, so that
// getAllConfigInfo and a later reloadConfig see the processes that really exist. An
// `[fcgi-program:x]` group holds the socket its processes share (fcgi-socket.ts).

import type { GroupConfig, ProcessConfig } from "../config/model.ts";
import { ProcessStates, RUNNING_STATES, STOPPED_STATES } from "../process/states.ts";
import { FcgiSocket } from "./fcgi-socket.ts";
import { ProcessEntry, type EntryContext } from "./process-entry.ts";

export class ProcessGroup {
  readonly entries: ProcessEntry[];
  #config: GroupConfig;
  readonly socket: FcgiSocket | null;

  constructor(config: GroupConfig, ctx: EntryContext) {
    this.#config = config;
    this.socket = config.fcgiSocket ? new FcgiSocket(config.fcgiSocket, ctx.log) : null;
    // supervisord creates the socket once as it adds the group, to report a bad one early.
    const problem = this.socket?.check() ?? null;
    if (problem !== null) ctx.log("error", `group ${config.name}: ${problem}`);
    this.entries = config.processes.map((p) => new ProcessEntry(p, config.name, ctx, this.isListenerPool, this.socket));
    this.#sortEntries();
  }

  /** Replaced (never mutated) when processes are added or removed: others may hold the old one. */
  get config(): GroupConfig {
    return this.#config;
  }

  get name(): string {
    return this.#config.name;
  }

  get priority(): number {
    return this.#config.priority;
  }

  /** An `[eventlistener:x]` pool: its processes speak the listener protocol on stdout. */
  get isListenerPool(): boolean {
    return this.#config.listener != null;
  }

  find(processName: string): ProcessEntry | undefined {
    return this.entries.find((e) => e.name === processName);
  }

  /** The entries of one program, in process_num order. */
  programEntries(programName: string): ProcessEntry[] {
    return this.entries
      .filter((e) => e.config.programName === programName)
      .sort((a, b) => a.config.processNum - b.config.processNum);
  }

  /** Adds a process (numprocs increase); its configuration goes after its program's last one. */
  add(config: ProcessConfig, ctx: EntryContext): ProcessEntry {
    const entry = new ProcessEntry(config, this.name, ctx, this.isListenerPool, this.socket);
    const processes = [...this.#config.processes];
    let at = processes.length;
    for (let i = processes.length - 1; i >= 0; i--) {
      if (processes[i].programName === config.programName) {
        at = i + 1;
        break;
      }
    }
    processes.splice(at, 0, config);
    this.#config = { ...this.#config, processes };
    this.entries.push(entry);
    this.#sortEntries();
    return entry;
  }

  /** Removes a stopped process (numprocs decrease) and disposes of it. */
  remove(entry: ProcessEntry): void {
    const index = this.entries.indexOf(entry);
    if (index < 0) return;
    this.entries.splice(index, 1);
    this.#config = { ...this.#config, processes: this.#config.processes.filter((p) => p !== entry.config) };
    entry.dispose();
  }

  /** Processes not yet in a stopped state: what shutdown still waits for. */
  unstopped(): ProcessEntry[] {
    return this.entries.filter((e) => !STOPPED_STATES.includes(e.runner.state));
  }

  /** removeProcessGroup refuses a group with a process in a running state. */
  hasRunning(): boolean {
    return this.entries.some((e) => RUNNING_STATES.includes(e.runner.state));
  }

  /** Shutdown of a group: stops what runs, highest priority number first; BACKOFF gives up. */
  stopAll(): void {
    for (const entry of [...this.entries].reverse()) {
      const state = entry.runner.state;
      if (state === ProcessStates.RUNNING || state === ProcessStates.STARTING) entry.runner.stop();
      else if (state === ProcessStates.BACKOFF) entry.runner.giveUp();
    }
  }

  dispose(): void {
    for (const entry of this.entries) entry.dispose();
    this.socket?.dispose();
  }

  /** Priority order; ties keep the configuration order. */
  #sortEntries(): void {
    const order = new Map(this.#config.processes.map((p, i) => [p, i]));
    this.entries.sort((a, b) => a.priority - b.priority || (order.get(a.config) ?? 0) - (order.get(b.config) ?? 0));
  }
}
