// A process group as it runs: its configuration and its process entries in priority order
// (ties keep the configuration order, as Python's stable sort does).

import type { GroupConfig } from "../config/model.ts";
import { ProcessStates, RUNNING_STATES, STOPPED_STATES } from "../process/states.ts";
import { ProcessEntry, type EntryContext } from "./process-entry.ts";

export class ProcessGroup {
  readonly entries: ProcessEntry[];

  constructor(
    readonly config: GroupConfig,
    ctx: EntryContext,
  ) {
    this.entries = config.processes
      .map((p) => new ProcessEntry(p, config.name, ctx))
      .sort((a, b) => a.priority - b.priority);
  }

  get name(): string {
    return this.config.name;
  }

  get priority(): number {
    return this.config.priority;
  }

  find(processName: string): ProcessEntry | undefined {
    return this.entries.find((e) => e.name === processName);
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
  }
}
