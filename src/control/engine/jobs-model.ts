// The data of the starter, the stopper and the failure handler: process commands grouped in
// application jobs, application jobs grouped by application rank (ST-SEQ-01/06/10/20), the
// running-failure jobs waiting for their turn (ST-RFS-07), the requests waiting for a job to end,
// and the lost processes remembered for a future Master. Plain data, copied once per step that
// changes it (cloneJobs) so that a state handed out is never altered afterwards.

import type { StartingStrategy } from "../../config/supvisors-model.ts";
import type { Assignments } from "../model/identifiers.ts";
import type { ControlRequest } from "./types.ts";

/** A start order for one process on one instance (ST-SEQ-02). */
export interface StartCommand {
  /** `group:name`. */
  key: string;
  application: string;
  process: string;
  strategy: StartingStrategy;
  /** Target instance, chosen when its group's turn comes (or ahead for restricted distributions). */
  identifier: string | null;
  extraArgs: string;
  /** Single-process starts do not wait for the exit of a wait_exit program (ST-SEQ-05). */
  ignoreWaitExit: boolean;
  /** Monotonic seconds of the order, or of the last BACKOFF: timeouts count from there. */
  since: number;
}

/** A stop order for one process on one instance where it runs (ST-SEQ-06). */
export interface StopCommand {
  key: string;
  application: string;
  process: string;
  identifier: string;
  since: number;
}

export type JobKind = "start" | "stop";

/** The commands of one application, by process sequence number (start_sequence / stop_sequence). */
export interface AppJob<C> {
  /** Unique in a node's life: requests waiting on a job name it. */
  id: number;
  application: string;
  planned: Map<number, C[]>;
  /** The group in progress. */
  current: C[];
  done: number;
  total: number;
  /** Start jobs: the strategy given for the application. */
  strategy: StartingStrategy;
  /**
   * Start jobs of a SINGLE_INSTANCE / SINGLE_NODE application start: the instances chosen for it
   * (ST-STR-07/08); processes joining later are placed among them. null: each process is placed
   * on its own when its turn comes.
   */
  restricted: string[] | null;
  /** Starting failure strategy STOP (ST-SFS-02): stop the application once this job is over. */
  stopRequest: boolean;
  /**
   * Start jobs: the processes of the application running when the job was planned. A failed start
   * stops what the job started, never these: a repair plan (a DISTRIBUTION after an instance came
   * back, a restart of one process) that cannot be placed must not take down what ran well.
   */
  spared: string[];
  /** Start jobs: an application start (distribution rule applies), not single-process starts. */
  wholeApplication: boolean;
}

/** The starter or the stopper: application jobs by application rank, one rank at a time. */
export interface Commander<C> {
  planned: Map<number, Map<string, AppJob<C>>>;
  current: Map<string, AppJob<C>>;
}

/** Where a running failure was seen (ST-RFS-01): lost (a), crash (b), conciliation (c). */
export type FailureOrigin = "lost" | "crash" | "conciliation";

/** Running-failure jobs in priority order (ST-RFS-07); values are the processes behind each job. */
export interface FailureJobs {
  stopApplications: Map<string, FailureOrigin>;
  restartApplications: Map<string, { origin: FailureOrigin; keys: string[] }>;
  restartProcesses: Map<string, FailureOrigin>;
  continueProcesses: Set<string>;
}

/** Starts deferred until the application's stop jobs are over (ST-SEQ-08). */
export interface DeferredStarts {
  applications: Map<string, StartingStrategy>;
  processes: Map<string, { key: string; strategy: StartingStrategy; extraArgs: string }[]>;
}

/** A request whose reply waits for its jobs to end (RPC-GEN-05). */
export interface Wait {
  id: number;
  request: ControlRequest;
  /** Applications whose jobs must be over; empty with `wholeStarter`. */
  applications: string[];
  /** `group:name` of the processes the end-of-wait check looks at. */
  keys: string[];
  /** restart_sequence waits for the whole starter (RPC-SV-36). */
  wholeStarter: boolean;
  /** start_any_process replies with the namespec it started. */
  value: boolean | string;
}

/** A process left running nowhere by an instance loss, kept until a Master has dealt with it. */
export interface LostProcess {
  /** The instance whose loss left it running nowhere. */
  lostWith: string;
  at: number;
}

export interface JobsState {
  nextJobId: number;
  starter: Commander<StartCommand>;
  stopper: Commander<StopCommand>;
  failures: FailureJobs;
  deferred: DeferredStarts;
  waits: Wait[];
  lost: Map<string, LostProcess>;
  /** `#` / `@` assignments, final once made (RULE-48). */
  assignments: Assignments;
}

export function emptyCommander<C>(): Commander<C> {
  return { planned: new Map(), current: new Map() };
}

export function emptyFailureJobs(): FailureJobs {
  return { stopApplications: new Map(), restartApplications: new Map(), restartProcesses: new Map(), continueProcesses: new Set() };
}

export function emptyJobs(): JobsState {
  return {
    nextJobId: 1,
    starter: emptyCommander(),
    stopper: emptyCommander(),
    failures: emptyFailureJobs(),
    deferred: { applications: new Map(), processes: new Map() },
    waits: [],
    lost: new Map(),
    assignments: { processes: new Map(), applications: new Map() },
  };
}

function cloneJob<C extends object>(job: AppJob<C>): AppJob<C> {
  const planned = new Map<number, C[]>();
  for (const [seq, commands] of job.planned) planned.set(seq, commands.map((c) => ({ ...c })));
  return { ...job, planned, current: job.current.map((c) => ({ ...c })), restricted: job.restricted && [...job.restricted] };
}

function cloneCommander<C extends object>(commander: Commander<C>): Commander<C> {
  const planned = new Map<number, Map<string, AppJob<C>>>();
  for (const [rank, jobs] of commander.planned) {
    planned.set(rank, new Map([...jobs].map(([app, job]) => [app, cloneJob(job)])));
  }
  return { planned, current: new Map([...commander.current].map(([app, job]) => [app, cloneJob(job)])) };
}

/** A deep copy of everything a step may change (assignments are replaced, never edited). */
export function cloneJobs(jobs: JobsState): JobsState {
  const f = jobs.failures;
  return {
    nextJobId: jobs.nextJobId,
    starter: cloneCommander(jobs.starter),
    stopper: cloneCommander(jobs.stopper),
    failures: {
      stopApplications: new Map(f.stopApplications),
      restartApplications: new Map([...f.restartApplications].map(([app, job]) => [app, { ...job, keys: [...job.keys] }])),
      restartProcesses: new Map(f.restartProcesses),
      continueProcesses: new Set(f.continueProcesses),
    },
    deferred: {
      applications: new Map(jobs.deferred.applications),
      processes: new Map([...jobs.deferred.processes].map(([app, list]) => [app, [...list]])),
    },
    waits: [...jobs.waits],
    lost: new Map(jobs.lost),
    assignments: jobs.assignments,
  };
}

/** Every application job of a commander, current ones first. */
export function* allJobs<C>(commander: Commander<C>): Generator<AppJob<C>> {
  yield* commander.current.values();
  for (const jobs of commander.planned.values()) yield* jobs.values();
}

/** True when the commander has anything planned or in progress (ST-MOD-03). */
export function commanderBusy<C>(commander: Commander<C>): boolean {
  return commander.current.size > 0 || commander.planned.size > 0;
}

/** True when `application` has a job in the commander, current or planned. */
export function hasJob<C>(commander: Commander<C>, application: string): boolean {
  if (commander.current.has(application)) return true;
  for (const jobs of commander.planned.values()) if (jobs.has(application)) return true;
  return false;
}
