// The local supervisor: every process group of this node, the daemon state, and the waits the API
// needs ("return when these processes are RUNNING"). Waits are woken by state changes, never by
// polling: every transition of every process notifies the pending waiters once.
//
// Supvisors' local dynamic features are methods here too, so that every door (XML-RPC, ctl, web,
// the cluster) gets the same behaviour: disable / enable of a program with its persisted flag
// (ST-DYN-01/02), numprocs changes (ST-DYN-03/04) and extra arguments (ST-DYN-06); how the first
// two are done lives in program-dynamics.ts.

import { LogLevels, type GroupConfig, type SupervisordConfig } from "../config/model.ts";
import { Faults, RpcFault } from "../api/faults.ts";
import type { Clock } from "../process/clock.ts";
import type { Spawner } from "../process/spawner.ts";
import type { LogLevel } from "../process/machine.ts";
import type { TransitionEvent } from "../process/runner.ts";
import { STOPPED_STATES, SupervisorStates, type SupervisorState } from "../process/states.ts";
import type { DisabilityStore } from "./disability-flags.ts";
import { parseNamespec } from "./namespec.ts";
import type { EntryContext, ProcessEntry } from "./process-entry.ts";
import { ProcessGroup } from "./process-group.ts";
import { fanOut, type ProcessObserver } from "./process-observer.ts";
import { ProgramDynamics, type NumprocsChange } from "./program-dynamics.ts";
import { fileProgramExpander, type ProgramExpander } from "./program-expander.ts";

export type { NumprocsChange } from "./program-dynamics.ts";
export type { ProcessObserver } from "./process-observer.ts";

export interface LocalSupervisorOptions {
  config: SupervisordConfig;
  spawner: Spawner;
  clock: Clock;
  log(level: LogLevel, message: string): void;
  /** SUPERVISOR_SERVER_URL for children whose serverurl is AUTO (CFG-UH-05). */
  serverUrl: string | null;
  /** Re-expands a program for updateNumprocs; default: reads it again from the configuration files. */
  expander?: ProgramExpander;
  /**
   * RULE-39b: processes whose crash the cluster answers by stopping or restarting their application;
   * they run with autorestart false, also when created later (reread, numprocs). Absent: none.
   */
  holdsAutorestart?(group: string, processName: string): boolean;
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
  readonly #observers = new Set<ProcessObserver>();
  /** Every observer at once; entries and the dynamics call this one. */
  readonly #observer = fanOut(() => this.#observers);
  readonly #dynamics: ProgramDynamics;

  constructor(opts: LocalSupervisorOptions) {
    this.#opts = opts;
    this.#configured = opts.config.groups;
    this.#dynamics = new ProgramDynamics(
      {
        groups: () => this.groups(),
        group: (name) => this.#groups.get(name),
        context: () => this.#context(),
        daemonRunning: () => this.#state === SupervisorStates.RUNNING,
        log: opts.log,
        groupConfigReplaced: (previous, next) => {
          // getAllConfigInfo reads configured(): it follows the group unless a reread replaced it.
          this.#configured = this.#configured.map((c) => (c === previous ? next : c));
        },
        changed: () => this.#changed(),
        observer: this.#observer,
      },
      opts.expander ?? fileProgramExpander(opts.config),
    );
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

  /**
   * Called after the set of processes changed (a group added or removed, a numprocs change) or an
   * attribute no state change carries did (a program disabled or enabled): read the list again.
   */
  onGroupsChanged(listener: () => void): () => void {
    this.#groupListeners.add(listener);
    return () => this.#groupListeners.delete(listener);
  }

  /**
   * Registers an observer of output events, listener protocol bytes, groups and processes coming
   * and going (process-observer.ts); returns a function that removes it. Groups present before
   * the call are not announced: the observer reads groups() for those.
   */
  observe(observer: ProcessObserver): () => void {
    this.#observers.add(observer);
    return () => this.#observers.delete(observer);
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
    this.#dynamics.flags.addPrograms(group.entries.map((e) => e.config.programName));
    this.#opts.log("info", `added process group ${name}`);
    this.#observer.groupAdded(group);
    this.#changed();
    for (const entry of group.entries) entry.runner.tick();
  }

  /** removeProcessGroup (RPC-SUP-12). */
  removeGroup(name: string): void {
    const group = this.#groups.get(name);
    if (!group) throw new RpcFault(Faults.BAD_NAME, name);
    if (group.hasRunning()) throw new RpcFault(Faults.STILL_RUNNING, name);
    group.dispose();
    this.#groups.delete(name);
    this.#opts.log("info", `removed process group ${name}`);
    this.#observer.groupRemoved(group);
    this.#changed();
  }

  /** Every process of `program`, in every group using it (process_num order within a group). */
  programEntries(program: string): ProcessEntry[] {
    return this.#dynamics.entries(program);
  }

  /**
   * Takes the disabled flags of `store` (the disabilities_file, CFG-SV-19) and saves them back with
   * an entry for every program. Called before start(), so that disabled programs never autostart.
   */
  useDisabilities(store: DisabilityStore): void {
    this.#dynamics.useDisabilities(store);
  }

  isProgramDisabled(program: string): boolean {
    return this.#dynamics.flags.isDisabled(program);
  }

  /**
   * ST-DYN-01: flags the program disabled (saved), then stops its running processes; none is
   * spawned again until enabled. Returns those asked to stop. BAD_NAME.
   */
  disableProgram(program: string): ProcessEntry[] {
    return this.#dynamics.disable(program);
  }

  /** ST-DYN-02: clears the flag (saved) and lets autostart apply again. BAD_NAME. */
  enableProgram(program: string): void {
    this.#dynamics.enable(program);
  }

  /**
   * ST-DYN-03/04: `numprocs` processes for `program` in every group using it; with `lazy`, running
   * processes in excess are left to end rather than stopped. Faults: BAD_NAME, INCORRECT_PARAMETERS,
   * NOT_APPLICABLE (process_name without %(process_num)), FAILED (the section cannot be read again).
   */
  updateNumprocs(program: string, numprocs: number, opts: { lazy?: boolean } = {}): NumprocsChange {
    return this.#dynamics.updateNumprocs(program, numprocs, opts.lazy === true);
  }

  /** ST-DYN-06: the extra arguments of the next start of one process ("" resets). BAD_NAME. */
  setExtraArgs(namespec: string, extraArgs: string): ProcessEntry {
    const entry = this.process(namespec);
    entry.setExtraArgs(extraArgs);
    return entry;
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
    for (const entry of this.entries()) entry.setDaemonState(state);
    this.#notify();
  }

  #notify(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }

  /** The process list changed: group listeners read it again, then waiters check. */
  #changed(): void {
    for (const listener of [...this.#groupListeners]) listener();
    this.#notify();
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
      // supervisord's dispatchers echo every piece of output to the main log at DEBG and below.
      echoOutput: LogLevels[cfg.loglevel] <= LogLevels.debug,
      serverEnvironment: cfg.environment,
      serverUrl: this.#opts.serverUrl,
      daemonState: this.#state,
      isDisabled: (program) => this.#dynamics.flags.isDisabled(program),
      holdsAutorestart: this.#opts.holdsAutorestart,
      observer: this.#observer,
      onTransition: (entry, event) => {
        for (const listener of [...this.#listeners]) listener(entry, event);
        // A retired process leaves once stopped; after the runner's step, as it is disposed of.
        if (entry.obsolete && STOPPED_STATES.includes(event.to)) queueMicrotask(() => this.#dynamics.removeIfRetired(entry));
        this.#notify();
      },
    };
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
