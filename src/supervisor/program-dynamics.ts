// Supvisors' local dynamic features over the running groups (states.md §17): disable / enable of
// a program with its persisted flag (ST-DYN-01/02) and numprocs changes (ST-DYN-03/04). The
// LocalSupervisor exposes these through its own methods; this module holds how they are done, on
// a narrow view of the supervisor so that it stays testable and the supervisor stays small.
// Faults carry Supvisors' texts (`program=x unknown to Supvisors`), whichever door the call took.

import { Faults, RpcFault } from "../api/faults.ts";
import type { GroupConfig } from "../config/model.ts";
import type { LogLevel } from "../process/machine.ts";
import { ProcessStates, RUNNING_STATES, STOPPED_STATES } from "../process/states.ts";
import { DisabilityFlags, type DisabilityStore } from "./disability-flags.ts";
import { liveCount, planDecrease, planIncrease } from "./numprocs-plan.ts";
import type { EntryContext, ProcessEntry } from "./process-entry.ts";
import type { ProcessGroup } from "./process-group.ts";
import type { ProcessObserver } from "./process-observer.ts";
import { NumprocsNotApplicable, type ProgramExpander } from "./program-expander.ts";

/** What the dynamics need from the LocalSupervisor. */
export interface DynamicsHost {
  /** Running groups, by priority. */
  groups(): ProcessGroup[];
  group(name: string): ProcessGroup | undefined;
  context(): EntryContext;
  /** Whether autostart may apply (the daemon is RUNNING). */
  daemonRunning(): boolean;
  log(level: LogLevel, message: string): void;
  /** A group's configuration was replaced by a new object (processes added or removed). */
  groupConfigReplaced(previous: GroupConfig, next: GroupConfig): void;
  /** Tells group listeners (the process list changed) and waiters. */
  changed(): void;
  /** Told of processes added, removed, enabled and disabled (Supvisors' PROCESS_* events). */
  observer: Required<ProcessObserver>;
}

/** What updateNumprocs did. */
export interface NumprocsChange {
  /** Namespecs of the processes created (or kept after all, when they were retired but running). */
  added: string[];
  /** Namespecs of the stopped processes removed at once. */
  removed: string[];
  /** Processes removed once they stop: being stopped, or (lazy) left to end on their own. */
  retired: ProcessEntry[];
}

export class ProgramDynamics {
  readonly #host: DynamicsHost;
  readonly #expander: ProgramExpander;
  readonly flags = new DisabilityFlags();

  constructor(host: DynamicsHost, expander: ProgramExpander) {
    this.#host = host;
    this.#expander = expander;
  }

  /** Every process of `program`, in every group using it. */
  entries(program: string): ProcessEntry[] {
    return this.#host.groups().flatMap((g) => g.programEntries(program));
  }

  /** The programs of the running groups. */
  programs(): string[] {
    return [...new Set(this.#host.groups().flatMap((g) => g.entries.map((e) => e.config.programName)))];
  }

  useDisabilities(store: DisabilityStore): void {
    this.flags.use(store, this.programs());
    for (const group of this.#host.groups()) {
      for (const entry of group.entries) {
        const disabled = this.flags.isDisabled(entry.config.programName);
        if (entry.disabled !== disabled) entry.setDisabled(disabled);
      }
    }
  }

  disable(program: string): ProcessEntry[] {
    const entries = this.#known(program);
    // Flag first, as Supvisors does: nothing may respawn what the stop below ends.
    this.flags.set(program, true);
    for (const entry of entries) entry.setDisabled(true);
    // Supvisors fires PROCESS_DISABLED as it sets the flag, before the processes are stopped.
    for (const entry of entries) this.#host.observer.processDisabled(entry);
    // BACKOFF is a running state: a stop ends it at once (ST-PR-25).
    const stopping = entries.filter((e) => RUNNING_STATES.includes(e.runner.state));
    for (const entry of stopping) entry.runner.stop();
    this.#host.log("info", `program ${program} disabled`);
    this.#host.changed();
    return stopping;
  }

  enable(program: string): void {
    const entries = this.#known(program);
    this.flags.set(program, false);
    for (const entry of entries) {
      // Supvisors fires PROCESS_ENABLED first, then lets autostart and autorestart apply.
      this.#host.observer.processEnabled(entry);
      // Lifting the hold lets an EXITED process follow autorestart and a never-started one autostart.
      entry.setDisabled(false);
      // Supvisors also resets laststart, so that autostart applies to a process stopped before.
      const stopped = entry.runner.state === ProcessStates.STOPPED;
      if (stopped && entry.config.autostart && this.#host.daemonRunning()) entry.runner.start();
    }
    this.#host.log("info", `program ${program} enabled`);
    this.#host.changed();
  }

  updateNumprocs(program: string, numprocs: number, lazy: boolean): NumprocsChange {
    this.#known(program);
    if (!Number.isInteger(numprocs) || numprocs <= 0) {
      throw new RpcFault(Faults.INCORRECT_PARAMETERS, `program=${program} incorrect numprocs=${numprocs} - integer > 0 expected`);
    }
    const groups = this.#host.groups().filter((g) => g.programEntries(program).length > 0);
    const current = liveCount(existing(groups[0], program));
    const change: NumprocsChange = { added: [], removed: [], retired: [] };
    if (numprocs === current) return change;
    if (numprocs > current) this.#increase(program, numprocs, groups, change);
    else this.#decrease(program, numprocs, groups, lazy, change);
    this.#host.log("info", `numprocs of program ${program} set to ${numprocs}`);
    this.#host.changed();
    // After the listeners know the new processes: their first transitions must not come first.
    for (const namespec of change.added) {
      for (const group of groups) group.entries.find((e) => e.namespec === namespec)?.runner.tick();
    }
    return change;
  }

  /** A retired process that reached a stopped state leaves its group (ST-DYN-04). */
  removeIfRetired(entry: ProcessEntry): void {
    const group = this.#host.group(entry.group);
    if (!group || !group.entries.includes(entry)) return;
    if (!entry.obsolete || !STOPPED_STATES.includes(entry.runner.state)) return;
    this.#remove(group, entry);
    this.#host.changed();
  }

  #increase(program: string, numprocs: number, groups: ProcessGroup[], change: NumprocsChange): void {
    const wanted = this.#expand(program, groups.map((g) => g.name), numprocs);
    const ctx = this.#host.context();
    for (const group of groups) {
      const plan = planIncrease(existing(group, program), wanted.get(group.name) ?? []);
      for (const { entry } of plan.revive) {
        entry.setObsolete(false);
        change.added.push(entry.namespec);
      }
      const previous = group.config;
      for (const config of plan.add) {
        const entry = group.add(config, ctx);
        change.added.push(entry.namespec);
        this.#host.log("info", `added process ${entry.namespec}`);
        this.#host.observer.processAdded(entry);
      }
      if (group.config !== previous) this.#host.groupConfigReplaced(previous, group.config);
    }
  }

  #decrease(program: string, numprocs: number, groups: ProcessGroup[], lazy: boolean, change: NumprocsChange): void {
    for (const group of groups) {
      const plan = planDecrease(existing(group, program), numprocs);
      for (const { entry } of plan.removeNow) {
        this.#remove(group, entry);
        change.removed.push(entry.namespec);
      }
      for (const { entry } of plan.retire) {
        entry.setObsolete(true);
        change.retired.push(entry);
        // Lazy lets running processes end on their own; a BACKOFF one runs nothing, so it ends now.
        // A STOPPING one is already on its way out.
        const state = entry.runner.state;
        if (RUNNING_STATES.includes(state) && (!lazy || state === ProcessStates.BACKOFF)) entry.runner.stop();
      }
    }
  }

  #remove(group: ProcessGroup, entry: ProcessEntry): void {
    const previous = group.config;
    // Supvisors fires PROCESS_REMOVED before the process leaves its group.
    this.#host.observer.processRemoved(entry);
    group.remove(entry);
    this.#host.groupConfigReplaced(previous, group.config);
    this.#host.log("info", `removed process ${entry.namespec}`);
  }

  #expand(program: string, groups: string[], numprocs: number) {
    try {
      return this.#expander.expand(program, groups, numprocs);
    } catch (err) {
      if (err instanceof NumprocsNotApplicable) {
        throw new RpcFault(Faults.NOT_APPLICABLE, `numprocs not applicable to program=${program}`);
      }
      throw new RpcFault(Faults.FAILED, `program=${program} cannot be read again: ${(err as Error).message}`);
    }
  }

  /** The program's processes; BAD_NAME worded as Supvisors words it when there are none. */
  #known(program: string): ProcessEntry[] {
    const entries = this.entries(program);
    if (entries.length === 0) throw new RpcFault(Faults.BAD_NAME, `program=${program} unknown to Supvisors`);
    return entries;
  }
}

function existing(group: ProcessGroup, program: string) {
  return group.programEntries(program).map((entry) => ({
    entry,
    name: entry.name,
    processNum: entry.config.processNum,
    state: entry.runner.state,
    obsolete: entry.obsolete,
  }));
}
