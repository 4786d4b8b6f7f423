// A node's supervised processes in the simulator: each configured program runs through Supervisor's
// states on the virtual clock (STARTING → RUNNING after startsecs, then maybe an exit; STOPPING →
// STOPPED), and every change is reported as the local process struct the cluster shares.
import type { ProcessInfo } from "../../src/cluster/messages.ts";
import { ProcessStates, processStateName, type ProcessState } from "../../src/process/states.ts";
import type { Scheduler } from "./clock.ts";

export interface SimProgram {
  group: string;
  name: string;
  startsecs?: number;
  /** Never reaches RUNNING: FATAL after startsecs (a start failure). */
  failStart?: boolean;
  /** Exits this long after RUNNING (a one-shot such as an init step, or a crash). */
  runFor?: number;
  exitCode?: number;
  /** Exit codes counted as expected (default [0]). */
  exitcodes?: number[];
  /** Seconds between stop request and STOPPED (default 0.05). */
  stopDelay?: number;
  /** Nicks where this program is configured (default: every node). */
  on?: string[];
  programName?: string;
  processIndex?: number;
}

interface SimProcess {
  program: SimProgram;
  state: ProcessState;
  start: number;
  stop: number;
  expected: boolean;
  extraArgs: string;
  /** Bumped on each transition so timers of an earlier run do nothing. */
  run: number;
}

export class SimSupervisor {
  readonly #processes = new Map<string, SimProcess>();

  constructor(
    programs: SimProgram[],
    private readonly clock: Scheduler & { now(): number },
    private readonly wallOrigin: number,
    private readonly report: (info: ProcessInfo) => void,
  ) {
    for (const program of programs) {
      this.#processes.set(`${program.group}:${program.name}`, {
        program,
        state: ProcessStates.STOPPED,
        start: 0,
        stop: 0,
        expected: true,
        extraArgs: "",
        run: 0,
      });
    }
  }

  all(): ProcessInfo[] {
    return [...this.#processes.keys()].map((key) => this.info(key));
  }

  state(key: string): ProcessState | undefined {
    return this.#processes.get(key)?.state;
  }

  /** `group:name` of the processes in a running state (STARTING, RUNNING, BACKOFF) here. */
  running(): string[] {
    const running: number[] = [ProcessStates.STARTING, ProcessStates.RUNNING, ProcessStates.BACKOFF];
    return [...this.#processes].filter(([, p]) => running.includes(p.state)).map(([key]) => key);
  }

  info(key: string): ProcessInfo {
    const p = this.#processes.get(key)!;
    const wall = this.wallOrigin + this.clock.now();
    return {
      group: p.program.group,
      name: p.program.name,
      state: p.state,
      statename: processStateName(p.state),
      start: p.start,
      stop: p.stop,
      now: wall,
      pid: p.state === ProcessStates.RUNNING || p.state === ProcessStates.STARTING || p.state === ProcessStates.STOPPING ? 1000 + p.run : 0,
      description: "",
      spawnerr: "",
      expected: p.expected,
      start_monotonic: p.start ? p.start - this.wallOrigin : 0,
      stop_monotonic: p.stop ? p.stop - this.wallOrigin : 0,
      now_monotonic: this.clock.now(),
      extra_args: p.extraArgs,
      startsecs: p.program.startsecs ?? 1,
      stopwaitsecs: 10,
      process_index: p.program.processIndex ?? 0,
      program_name: p.program.programName ?? p.program.name,
      disabled: false,
      has_stdout: true,
      has_stderr: true,
    };
  }

  /** start_args(ns, args, false): the fault text, or null when the start is under way. */
  start(key: string, extraArgs: string): string | null {
    const p = this.#processes.get(key);
    if (p === undefined) return `BAD_NAME: ${key}`;
    if (p.state === ProcessStates.STARTING || p.state === ProcessStates.RUNNING || p.state === ProcessStates.BACKOFF || p.state === ProcessStates.STOPPING) {
      return `ALREADY_STARTED: ${key}`;
    }
    p.extraArgs = extraArgs;
    p.start = this.wallOrigin + this.clock.now();
    this.#set(key, ProcessStates.STARTING, true);
    const run = p.run;
    this.clock.schedule(p.program.startsecs ?? 1, () => {
      if (p.run !== run) return;
      if (p.program.failStart) return this.#set(key, ProcessStates.FATAL, false);
      this.#set(key, ProcessStates.RUNNING, true);
      const runFor = p.program.runFor;
      if (runFor === undefined) return;
      const running = p.run;
      this.clock.schedule(runFor, () => {
        if (p.run !== running) return;
        const code = p.program.exitCode ?? 0;
        p.stop = this.wallOrigin + this.clock.now();
        this.#set(key, ProcessStates.EXITED, (p.program.exitcodes ?? [0]).includes(code));
      });
    });
    return null;
  }

  /** stopProcess(ns, false): the fault text, or null. */
  stop(key: string): string | null {
    const p = this.#processes.get(key);
    if (p === undefined) return `BAD_NAME: ${key}`;
    if (p.state !== ProcessStates.STARTING && p.state !== ProcessStates.RUNNING && p.state !== ProcessStates.BACKOFF) return `NOT_RUNNING: ${key}`;
    this.#set(key, ProcessStates.STOPPING, true);
    const run = p.run;
    this.clock.schedule(p.program.stopDelay ?? 0.05, () => {
      if (p.run !== run) return;
      p.stop = this.wallOrigin + this.clock.now();
      this.#set(key, ProcessStates.STOPPED, true);
    });
    return null;
  }

  /** A crash now (kill -9 of the child): EXITED unexpectedly. */
  crash(key: string): void {
    const p = this.#processes.get(key)!;
    p.stop = this.wallOrigin + this.clock.now();
    this.#set(key, ProcessStates.EXITED, false);
  }

  #set(key: string, state: ProcessState, expected: boolean): void {
    const p = this.#processes.get(key)!;
    p.state = state;
    p.expected = expected;
    p.run += 1;
    this.report(this.info(key));
  }
}
