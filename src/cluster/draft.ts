// The working copy a step edits: copy-on-write over the previous state, so `step` stays pure
// (its input state is never touched) without copying every instance and process on each tick.
import type { LogLevelName } from "../config/model.ts";
import type { ClusterEffect, ClusterEvent, JobsCommand, StepResult, RequestReply } from "./effects.ts";
import type { ClusterMessage, ProcessInfo } from "./messages.ts";
import type { ClusterState, InstanceRecord } from "./state.ts";
import { LayeredMap } from "../layered-map.ts";

export class Draft {
  /** The next state: a fresh top-level object whose instance map is private to this step. */
  readonly state: ClusterState;
  readonly effects: ClusterEffect[] = [];
  reply: RequestReply | undefined;
  /** Identifiers invalidated by the current FSM evaluation (ST-SFA-01 USER failure). */
  lostThisEvaluation: string[] = [];
  #instances: Map<string, InstanceRecord>;
  #copied = new Set<string>();
  #processesCopied = new Set<string>();

  constructor(
    base: ClusterState,
    readonly now: number,
  ) {
    this.#instances = new Map(base.instances);
    this.state = { ...base, instances: this.#instances };
  }

  get localId(): string {
    return this.state.localId;
  }

  /** Read-only view of one instance (may be the previous step's object: do not mutate it). */
  get(identifier: string): InstanceRecord | undefined {
    return this.#instances.get(identifier);
  }

  get local(): InstanceRecord {
    return this.#instances.get(this.state.localId)!;
  }

  all(): IterableIterator<InstanceRecord> {
    return this.#instances.values();
  }

  /** A record of this step that may be mutated (copied on first edit). */
  edit(identifier: string): InstanceRecord {
    const record = this.#instances.get(identifier);
    if (!record) throw new RangeError(`unknown instance ${identifier}`);
    if (this.#copied.has(identifier)) return record;
    const copy = { ...record, times: { ...record.times } };
    this.#instances.set(identifier, copy);
    this.#copied.add(identifier);
    return copy;
  }

  /**
   * The process map of one instance, mutable for this step: derived from the previous one, which
   * stays as it was (a layered map, so one change does not copy the instance's whole list).
   */
  editProcesses(identifier: string): LayeredMap<string, ProcessInfo> {
    const record = this.edit(identifier);
    if (!this.#processesCopied.has(identifier)) {
      record.processes = LayeredMap.derive(record.processes);
      this.#processesCopied.add(identifier);
    }
    return record.processes as LayeredMap<string, ProcessInfo>;
  }

  /** Replaces the process map of one instance with `processes` (owned by the state from now on). */
  replaceProcesses(identifier: string, processes: ReadonlyMap<string, ProcessInfo>): void {
    this.edit(identifier).processes = processes;
    this.#processesCopied.delete(identifier);
  }

  add(record: InstanceRecord): void {
    this.#instances.set(record.identity.identifier, record);
    this.#copied.add(record.identity.identifier);
    // Its process map is derived on first edit like any other (cheap: a layer over it), so a map
    // shared with another state is never written to.
  }

  log(level: LogLevelName, text: string): void {
    this.effects.push({ type: "log", level, text });
  }

  send(to: string, payload: ClusterMessage): void {
    this.effects.push({ type: "send", to, payload });
  }

  publish(event: ClusterEvent): void {
    this.effects.push({ type: "publish", event });
  }

  jobs(command: JobsCommand): void {
    this.effects.push({ type: "jobs", command });
    // The control layer runs the command after this step: until its view answers this very
    // command, count the work as under way (see ClusterState.pendingJobs).
    if (command === "startApplications") this.state.pendingJobs = { ...this.state.pendingJobs, start: true };
    if (command === "stopApplications") this.state.pendingJobs = { ...this.state.pendingJobs, stop: true };
  }

  emit(effect: ClusterEffect): void {
    this.effects.push(effect);
  }

  finish(): StepResult {
    return this.reply ? { state: this.state, effects: this.effects, reply: this.reply } : { state: this.state, effects: this.effects };
  }
}
