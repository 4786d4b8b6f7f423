// The local supervisor: every process group of this node, the daemon state, and the waits the API
// needs ("return when these processes are RUNNING"). Waits are woken by state changes, never by
// polling: every transition of every process notifies the pending waiters once.

import type { GroupConfig, SupervisordConfig } from "../config/model.ts";
import { Faults, RpcFault } from "../api/faults.ts";
import type { Clock } from "../process/clock.ts";
import type { Spawner } from "../process/spawner.ts";
import type { LogLevel } from "../process/machine.ts";
import type { TransitionEvent } from "../process/runner.ts";
import { SupervisorStates, type SupervisorState } from "../process/states.ts";
import { parseNamespec } from "./namespec.ts";
import type { EntryContext, ProcessEntry } from "./process-entry.ts";
import { ProcessGroup } from "./process-group.ts";

export interface LocalSupervisorOptions {
  config: SupervisordConfig;
  spawner: Spawner;
  clock: Clock;
  log(level: LogLevel, message: string): void;
  /** SUPERVISOR_SERVER_URL for children whose serverurl is AUTO (CFG-UH-05). */
  serverUrl: string | null;
}

export type TransitionListener = (entry: ProcessEntry, event: TransitionEvent) => void;

/** What a namespec designates: one process, or every process of a group. */
export interface Selection {
  group: ProcessGroup;
  entries: ProcessEntry[];
  /** True when the namespec named a whole group (`group:*`). */
  wholeGroup: boolean;
}

export class LocalSupervisor {
  readonly #opts: LocalSupervisorOptions;
  readonly #groups = new Map<string, ProcessGroup>();
  /** The group configurations last read from the file (reloadConfig), used by addProcessGroup. */
  #configured: GroupConfig[];
  #state: SupervisorState = SupervisorStates.RUNNING;
  readonly #waiters = new Set<() => void>();
  readonly #listeners = new Set<TransitionListener>();
  readonly #groupListeners = new Set<() => void>();

  constructor(opts: LocalSupervisorOptions) {
    this.#opts = opts;
    this.#configured = opts.config.groups;
    for (const group of opts.config.groups) this.#groups.set(group.name, new ProcessGroup(group, this.#context()));
  }

  get config(): SupervisordConfig {
    return this.#opts.config;
  }

  get state(): SupervisorState {
    return this.#state;
  }

  get clock(): Clock {
    return this.#opts.clock;
  }

  /** Groups by priority, then name. */
  groups(): ProcessGroup[] {
    return [...this.#groups.values()].sort((a, b) => a.priority - b.priority || cmp(a.name, b.name));
  }

  /** Every process, groups by priority and processes by priority: start order. */
  entries(): ProcessEntry[] {
    return this.groups().flatMap((g) => g.entries);
  }

  /** Every process in lexical order of group then process name (getAllProcessInfo). */
  lexicalEntries(): ProcessEntry[] {
    return [...this.#groups.values()]
      .sort((a, b) => cmp(a.name, b.name))
      .flatMap((g) => [...g.entries].sort((a, b) => cmp(a.name, b.name)));
  }

  group(name: string): ProcessGroup | undefined {
    return this.#groups.get(name);
  }

  /** Resolves a namespec (RPC-GEN-09); BAD_NAME when nothing matches. */
  select(namespec: string): Selection {
    const { group: groupName, process } = parseNamespec(namespec);
    const group = this.#groups.get(groupName);
    if (!group) throw new RpcFault(Faults.BAD_NAME, namespec);
    if (process === null) return { group, entries: [...group.entries], wholeGroup: true };
    const entry = group.find(process);
    if (!entry) throw new RpcFault(Faults.BAD_NAME, namespec);
    return { group, entries: [entry], wholeGroup: false };
  }

  /** A single process, as getProcessInfo and the per-process log methods want. */
  process(namespec: string): ProcessEntry {
    const sel = this.select(namespec);
    if (sel.wholeGroup) throw new RpcFault(Faults.BAD_NAME, namespec);
    return sel.entries[0];
  }

  onTransition(listener: TransitionListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Called after a process group was added or removed. */
  onGroupsChanged(listener: () => void): () => void {
    this.#groupListeners.add(listener);
    return () => this.#groupListeners.delete(listener);
  }

  /** Starts the autostart processes, in priority order (ST-PR-20). */
  start(): void {
    for (const entry of this.entries()) entry.runner.tick();
  }

  /**
   * Resolves with the first defined value `check` returns, re-checking after every process state
   * change and every daemon state change. `check` may throw to reject.
   */
  waitFor<T>(check: () => T | undefined): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const attempt = (): boolean => {
        try {
          const value = check();
          if (value === undefined) return false;
          resolve(value);
        } catch (err) {
          reject(err);
        }
        return true;
      };
      if (attempt()) return;
      const waiter = () => {
        if (attempt()) this.#waiters.delete(waiter);
      };
      this.#waiters.add(waiter);
    });
  }

  /** reloadConfig: keeps the newly read groups for addProcessGroup and tells what differs. */
  setConfigured(groups: GroupConfig[]): void {
    this.#configured = groups;
  }

  configured(): GroupConfig[] {
    return this.#configured;
  }

  /** addProcessGroup (RPC-SUP-11). */
  addGroup(name: string): void {
    if (this.#groups.has(name)) throw new RpcFault(Faults.ALREADY_ADDED, name);
    const config = this.#configured.find((g) => g.name === name);
    if (!config) throw new RpcFault(Faults.BAD_NAME, name);
    const group = new ProcessGroup(config, this.#context());
    this.#groups.set(name, group);
    this.#opts.log("info", `added process group ${name}`);
    for (const listener of [...this.#groupListeners]) listener();
    for (const entry of group.entries) entry.runner.tick();
    this.#notify();
  }

  /** removeProcessGroup (RPC-SUP-12). */
  removeGroup(name: string): void {
    const group = this.#groups.get(name);
    if (!group) throw new RpcFault(Faults.BAD_NAME, name);
    if (group.hasRunning()) throw new RpcFault(Faults.STILL_RUNNING, name);
    group.dispose();
    this.#groups.delete(name);
    this.#opts.log("info", `removed process group ${name}`);
    for (const listener of [...this.#groupListeners]) listener();
    this.#notify();
  }

  /** Refuses every supervisor.* call unless RUNNING (ST-SD-01). */
  assertRunning(): void {
    if (this.#state !== SupervisorStates.RUNNING) throw new RpcFault(Faults.SHUTDOWN_STATE);
  }

  /**
   * Stops every group, highest priority number first, one group at a time as supervisord does,
   * and resolves once every process is in a stopped state. `mood` is SHUTDOWN or RESTARTING.
   */
  async stopEverything(mood: SupervisorState): Promise<void> {
    this.#setState(mood);
    for (const group of this.groups().reverse()) {
      group.stopAll();
      await this.waitFor(() => (group.unstopped().length === 0 ? true : undefined));
    }
  }

  reopenLogs(): void {
    for (const entry of this.entries()) entry.reopenLogs();
  }

  dispose(): void {
    for (const group of this.#groups.values()) group.dispose();
    this.#groups.clear();
  }

  #setState(state: SupervisorState): void {
    this.#state = state;
    for (const entry of this.entries()) entry.runner.setDaemonState(state);
    this.#notify();
  }

  #notify(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }

  #context(): EntryContext {
    const cfg = this.#opts.config.server;
    return {
      spawner: this.#opts.spawner,
      clock: this.#opts.clock,
      log: this.#opts.log,
      childlogdir: cfg.childlogdir,
      identifier: cfg.identifier,
      stripAnsi: cfg.stripAnsi,
      serverEnvironment: cfg.environment,
      serverUrl: this.#opts.serverUrl,
      daemonState: this.#state,
      onTransition: (entry, event) => {
        for (const listener of [...this.#listeners]) listener(entry, event);
        this.#notify();
      },
    };
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
