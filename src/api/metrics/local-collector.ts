// The metrics of the local daemon and its processes, read at scrape time from the local supervisor
// (states, pids, start times), the spawn counter (restarts) and, when statistics run, the latest
// CPU and memory figures. The family building is pure (processFamilies, daemonFamilies) so it is
// tested over hand-made rows.

import { processStateName, supervisorStateName, ProcessStates, type ProcessState, type SupervisorState } from "../../process/states.ts";
import { Families, PROCESS_STATE_NAMES, SUPERVISOR_STATE_NAMES } from "./catalogue.ts";
import { oneHot, scalarFamily, type ScalarRow } from "./family.ts";
import { SpawnCounter } from "./spawn-counter.ts";
import type { MetricFamily } from "./text-format.ts";

/** The latest statistics of one local process. */
export interface ProcessFigures {
  /** CPU of the process and its descendants, in cores (1 = one core). */
  cpuCores: number;
  /** Resident memory of the process and its descendants. */
  memoryBytes: number;
}

/** Where the latest figures come from; null for a process without figures (not sampled, stats off). */
export interface ProcessFiguresSource {
  figures(namespec: string): ProcessFigures | null;
}

/** One process as the collector needs it. */
export interface ProcessRow {
  group: string;
  name: string;
  state: ProcessState;
  pid: number;
  /** Epoch ms of the last spawn, 0 when never. */
  laststart: number;
  restarts: number;
  figures: ProcessFigures | null;
}

/** The parts of a local process the collector reads (ProcessEntry has them). */
export interface LocalProcessView {
  readonly group: string;
  readonly name: string;
  readonly namespec: string;
  readonly runner: { readonly info: { readonly state: ProcessState; readonly pid: number; readonly laststart: number } };
}

/** The parts of the local supervisor the collector reads (LocalSupervisor has them). */
export interface LocalSupervisorView {
  readonly state: SupervisorState;
  readonly clock: { now(): number };
  entries(): readonly LocalProcessView[];
  onTransition(listener: (entry: LocalProcessView, event: { to: ProcessState }) => void): () => void;
}

/**
 * Families of the processes at `nowMs` (epoch ms). CPU and memory series exist only for processes
 * with figures: absent, not zero, when statistics are off.
 * @example processFamilies([{ group: "web", name: "app", state: 20, pid: 42, laststart: 0, restarts: 0, figures: null }], Date.now())
 */
export function processFamilies(rows: readonly ProcessRow[], nowMs: number): MetricFamily[] {
  const state: ScalarRow[] = [];
  const restarts: ScalarRow[] = [];
  const uptime: ScalarRow[] = [];
  const pid: ScalarRow[] = [];
  const cpu: ScalarRow[] = [];
  const memory: ScalarRow[] = [];
  for (const row of rows) {
    const id = [row.group, row.name];
    state.push(...oneHot(id, PROCESS_STATE_NAMES, processStateName(row.state)));
    restarts.push([id, row.restarts]);
    const running = row.state === ProcessStates.RUNNING && row.laststart > 0;
    uptime.push([id, running ? Math.max(0, nowMs - row.laststart) / 1000 : 0]);
    pid.push([id, row.pid]);
    if (row.figures !== null) {
      cpu.push([id, row.figures.cpuCores]);
      memory.push([id, row.figures.memoryBytes]);
    }
  }
  return [
    scalarFamily(Families.processState, state),
    scalarFamily(Families.processRestarts, restarts),
    scalarFamily(Families.processUptime, uptime),
    scalarFamily(Families.processPid, pid),
    scalarFamily(Families.processCpu, cpu),
    scalarFamily(Families.processMemory, memory),
  ];
}

/** The daemon's own families: its version and its state. */
export function daemonFamilies(state: SupervisorState, version: string): MetricFamily[] {
  return [
    scalarFamily(Families.buildInfo, [[[version], 1]]),
    scalarFamily(Families.supervisorState, oneHot([], SUPERVISOR_STATE_NAMES, supervisorStateName(state))),
  ];
}

/** Reads the local supervisor at each scrape; counts spawns from the moment it is created. */
export class LocalCollector {
  readonly #sup: LocalSupervisorView;
  readonly #stats: ProcessFiguresSource | null;
  readonly #version: string;
  readonly #spawns: SpawnCounter<LocalProcessView>;

  constructor(sup: LocalSupervisorView, stats: ProcessFiguresSource | null, version: string) {
    this.#sup = sup;
    this.#stats = stats;
    this.#version = version;
    this.#spawns = new SpawnCounter(sup);
  }

  rows(): ProcessRow[] {
    return this.#sup.entries().map((entry) => {
      const info = entry.runner.info;
      return {
        group: entry.group,
        name: entry.name,
        state: info.state,
        pid: info.pid,
        laststart: info.laststart,
        restarts: this.#spawns.restarts(entry),
        figures: info.pid > 0 ? (this.#stats?.figures(entry.namespec) ?? null) : null,
      };
    });
  }

  families(): MetricFamily[] {
    return [...daemonFamilies(this.#sup.state, this.#version), ...processFamilies(this.rows(), this.#sup.clock.now())];
  }

  close(): void {
    this.#spawns.close();
  }
}
