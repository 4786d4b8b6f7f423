// One step of the engine at work: the state it started from, the snapshot and clock of the step,
// the effects produced so far, and copy-on-write access to what the step changes. The process
// table is copied per application (only the records a step touches), the jobs once per step that
// needs them; what the step was given is never altered.

import type { ProcessInfo } from "../../cluster/messages.ts";
import type { LogLevelName } from "../../config/model.ts";
import type { ApplicationStatus } from "../model/application-status.ts";
import { LayeredMap } from "../../layered-map.ts";
import { LoadBook } from "../model/load.ts";
import type { RulesBook } from "../model/rules-book.ts";
import type { ClusterSnapshot, ForcedState } from "../model/snapshot.ts";
import { type ProcessStatus, processStatus } from "../model/synthesis.ts";
import { type Clock, minTicks } from "./command-progress.ts";
import { allJobs, cloneJobs, type JobKind, type JobsState } from "./jobs-model.ts";
import { isStopped } from "./process-kinds.ts";
import { type AppRecord, type ControlState, applicationOf } from "./state.ts";
import type { ControlEffect, ControlOptions } from "./types.ts";

/** FSM states in which the Master deals with lost processes (ST-FSM-15). */
const WORKING: readonly string[] = ["DISTRIBUTION", "OPERATION", "CONCILIATION"];

export class Step {
  readonly effects: ControlEffect[] = [];
  readonly options: ControlOptions;
  readonly book: RulesBook;
  /** Process keys whose displayed status must be computed again before the step ends. */
  readonly touched = new Set<string>();
  /** Process keys this step forced FATAL: the crash rules look at them once the jobs are done. */
  readonly forcedFatal: string[] = [];
  /** Commanders whose next group must be looked at before the step ends (see settle). */
  readonly scheduled = new Set<JobKind>();
  applications: Map<string, AppRecord> | null = null;
  seen: Map<string, ReadonlyMap<string, ProcessInfo>> | null = null;
  conflicts: Set<string> | null = null;
  #jobs: JobsState | null = null;
  #loads: LoadBook | null = null;
  #clock: Clock | null = null;

  constructor(
    readonly base: ControlState,
    readonly snapshot: ClusterSnapshot,
    readonly now: number,
  ) {
    this.options = base.options;
    this.book = base.book;
  }

  /** The jobs, copied on first use in this step. */
  get jobs(): JobsState {
    if (this.#jobs === null) this.#jobs = cloneJobs(this.base.jobs);
    return this.#jobs;
  }

  /** The jobs for reading only: the copy when there is one, else the state's. */
  get peekJobs(): JobsState {
    return this.#jobs ?? this.base.jobs;
  }

  /** The application (group) of a `group:name` key. */
  appOf(key: string): string {
    return applicationOf(key);
  }

  /** The clock job timeouts are measured with (ST-SEQ-04). */
  clock(): Clock {
    this.#clock ??= { now: this.now, tickPeriod: this.options.tickPeriod, minTicks: minTicks(this.snapshot) };
    return this.#clock;
  }

  get isMaster(): boolean {
    return this.snapshot.master !== "" && this.snapshot.master === this.snapshot.localId;
  }

  /** Master in DISTRIBUTION, OPERATION or CONCILIATION: automatic failure handling applies. */
  get masterWorking(): boolean {
    return this.isMaster && WORKING.includes(this.snapshot.fsm);
  }

  log(level: LogLevelName, text: string): void {
    this.effects.push({ type: "log", level, text });
  }

  emit(effect: ControlEffect): void {
    this.effects.push(effect);
  }

  /** Asks for the starter's or stopper's next jobs to be triggered before the step ends. */
  schedule(kind: JobKind): void {
    this.scheduled.add(kind);
  }

  /** A new job id (requests waiting on a job name it). */
  newJobId(): number {
    const id = this.jobs.nextJobId;
    this.jobs.nextJobId = id + 1;
    return id;
  }

  // --- process table -------------------------------------------------------------------------

  record(app: string): AppRecord | undefined {
    return (this.applications ?? this.base.table.applications).get(app);
  }

  setRecord(app: string, record: AppRecord | undefined): void {
    if (this.applications === null) this.applications = new Map(this.base.table.applications);
    if (record === undefined) this.applications.delete(app);
    else this.applications.set(app, record);
  }

  /** Every known application name (those with at least one process). */
  applicationNames(): string[] {
    return [...(this.applications ?? this.base.table.applications).keys()];
  }

  /** The `group:name` keys of an application's processes, as last indexed. */
  keysOf(app: string): string[] {
    return [...(this.record(app)?.statuses.keys() ?? [])];
  }

  forcedOf(key: string): ForcedState | undefined {
    return this.record(applicationOf(key))?.forced.get(key);
  }

  eventTimesOf(key: string): ReadonlyMap<string, number> | undefined {
    return this.record(applicationOf(key))?.eventTimes.get(key);
  }

  /** The displayed status (forced state shown), as of the last refresh of the table. */
  shown(key: string): ProcessStatus | undefined {
    return this.record(applicationOf(key))?.statuses.get(key);
  }

  /** The synthetic status without any forced state: what starts and stops decide on. */
  real(key: string): ProcessStatus | undefined {
    return processStatus(this.snapshot, key, undefined, this.eventTimesOf(key));
  }

  applicationStatus(app: string): ApplicationStatus | undefined {
    return this.record(app)?.status;
  }

  /** What `key` reports on `identifier`, if anything. */
  infoOn(identifier: string, key: string): ProcessInfo | undefined {
    return this.snapshot.instances.get(identifier)?.processes.get(key);
  }

  touch(key: string): void {
    this.touched.add(key);
  }

  /** Edits the record of `key`'s application (copying it) with `change`. */
  editRecord(key: string, change: (record: AppRecord) => AppRecord): void {
    const app = applicationOf(key);
    const record = this.record(app);
    if (record !== undefined) this.setRecord(app, change(record));
  }

  /** A real event arrived: its time is kept, any forced state is over (ST-PS-05). */
  noteEvent(identifier: string, key: string): void {
    this.noteTime(identifier, key);
    const record = this.record(applicationOf(key));
    if (record === undefined || !record.forced.has(key)) return;
    const forced = new Map(record.forced);
    forced.delete(key);
    this.setRecord(applicationOf(key), { ...record, forced });
  }

  /** noteEvent for many events at once, copying each application's record once. */
  noteEvents(reports: readonly [identifier: string, key: string][]): void {
    this.noteTimes(reports);
    const byApp = new Map<string, Map<string, ForcedState>>();
    for (const [, key] of reports) {
      const app = applicationOf(key);
      const record = this.record(app);
      if (record === undefined || !(byApp.get(app) ?? record.forced).has(key)) continue;
      let forced = byApp.get(app);
      if (forced === undefined) byApp.set(app, (forced = new Map(record.forced)));
      forced.delete(key);
    }
    for (const [app, forced] of byApp) this.setRecord(app, { ...this.record(app)!, forced });
  }

  /** Keeps the local time at which `identifier` last told something about `key`. */
  noteTime(identifier: string, key: string): void {
    this.noteTimes([[identifier, key]]);
  }

  /** noteTime for many reports at once, copying each application's record once. */
  noteTimes(reports: Iterable<[identifier: string, key: string]>): void {
    const byApp = new Map<string, LayeredMap<string, ReadonlyMap<string, number>>>();
    for (const [identifier, key] of reports) {
      const app = applicationOf(key);
      let times = byApp.get(app);
      if (times === undefined) {
        times = LayeredMap.derive(this.record(app)?.eventTimes ?? new Map<string, ReadonlyMap<string, number>>());
        byApp.set(app, times);
      }
      times.set(key, new Map(times.get(key)).set(identifier, this.now));
      this.touch(key);
    }
    for (const [app, eventTimes] of byApp) {
      const record = this.record(app) ?? emptyRecord(app);
      this.setRecord(app, { ...record, eventTimes });
    }
  }

  /**
   * Imposes a state (ST-PS-05): kept here, shown until the next real event, told to every peer.
   * `identifier`: the instance where another state was expected, "" when there is none.
   * @example step.force("store:db", "FATAL", "No resource available")
   */
  force(key: string, state: "FATAL" | "STOPPED", reason: string, identifier = ""): void {
    this.setForced(key, state, reason);
    this.emit({ type: "forced", namespec: key, state, reason, identifier, at: this.now });
    this.log("warn", `${key} forced ${state}: ${reason}`);
    if (state === "FATAL") this.forcedFatal.push(key);
  }

  /** Records a forced state (own or received from a peer). */
  setForced(key: string, state: "FATAL" | "STOPPED", reason: string): void {
    const app = applicationOf(key);
    const record = this.record(app) ?? emptyRecord(app);
    const forced = new Map(record.forced).set(key, { state, reason, at: this.now });
    this.setRecord(app, { ...record, forced });
    this.touch(key);
  }

  // --- loads -----------------------------------------------------------------------------------

  /**
   * Loads for placing starts in this step (ST-LD-01..04): processes running now, plus every start
   * already planned on an instance whose process is still stopped (ST-LD-03). Placing adds to it.
   */
  loads(): LoadBook {
    if (this.#loads !== null) return this.#loads;
    const statuses: ProcessStatus[] = [];
    for (const record of (this.applications ?? this.base.table.applications).values()) statuses.push(...record.statuses.values());
    const loads = LoadBook.from(this.snapshot, this.book, statuses);
    for (const job of allJobs(this.peekJobs.starter)) {
      const commands = [...job.current, ...[...job.planned.values()].flat()];
      for (const command of commands) {
        if (command.identifier === null) continue;
        const status = this.real(command.key);
        if (status !== undefined && !isStopped(status)) continue;
        loads.addPending(command.identifier, this.book.program(command.application, command.process).expected_loading);
      }
    }
    this.#loads = loads;
    return loads;
  }

  /** Statuses changed: the next placement builds its loads again. */
  dropLoads(): void {
    this.#loads = null;
  }

  jobsChanged(): boolean {
    return this.#jobs !== null;
  }
}

export function emptyRecord(app: string): AppRecord {
  return {
    statuses: new Map(),
    forced: new Map(),
    eventTimes: new Map(),
    status: { name: app, managed: false, state: "STOPPED", majorFailure: false, minorFailure: false, operational: "" },
    formulaError: null,
  };
}
