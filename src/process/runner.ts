// Runs one supervised process: binds its configuration, the pure state machine (machine.ts), a
// Spawner and a Clock, and carries out the machine's effects — spawning (after resolving the
// command), signalling, one timer at the process's next deadline, log lines, output to sinks and
// state-change notifications. Inputs are queued so that effects which produce inputs (a spawn
// answering "spawned") are applied after the current step, in order.

import type { ProcessConfig } from "../config/model.ts";
import type { Clock } from "./clock.ts";
import {
  initialState,
  step,
  type Effect,
  type LogLevel,
  type MachineConfig,
  type MachineInput,
  type MachineState,
} from "./machine.ts";
import { SpawnError, type SpawnedChild, type Spawner } from "./spawner.ts";
import { SupervisorStates, type ProcessState, type SupervisorState } from "./states.ts";
import { failingChildPlan, planSpawn, type SpawnPlan } from "./spawn-plan.ts";
import { lookupUser, type UserRecord } from "./users.ts";

export interface OutputSink {
  write(chunk: Uint8Array): void;
}

export interface RunnerOptions {
  config: ProcessConfig;
  groupName: string;
  spawner: Spawner;
  clock: Clock;
  log(level: LogLevel, message: string): void;
  stdout: OutputSink;
  stderr: OutputSink;
  /** The daemon's own environment; defaults to process.env. */
  daemonEnv?: Record<string, string | undefined>;
  /** `[supervisord] environment`. */
  serverEnvironment?: Record<string, string>;
  /** The daemon's URL for SUPERVISOR_SERVER_URL when the program's serverurl is AUTO. */
  serverUrl?: string | null;
  /** Resolves `user=`; defaults to a lookup in /etc/passwd. */
  resolveUser?(user: string): UserRecord | string;
  daemonState?: SupervisorState;
  /** An fcgi-program's shared socket: held from each spawn until that child's exit is handled. */
  stdinSocket?: SharedStdin | null;
}

/** A reference-counted fd given to children as stdin (see supervisor/fcgi-socket.ts). */
export interface SharedStdin {
  /** Opens the socket on the first reference; throws when it cannot be created. */
  acquire(): number;
  release(): void;
}

/**
 * A state change. `pid` and `tries` are as at the change (what PROCESS_STATE events carry);
 * `info` is the state once the input that caused it was applied (before any input it queued).
 */
export interface TransitionEvent {
  from: ProcessState;
  to: ProcessState;
  expected: boolean;
  pid: number;
  tries: number;
  info: ProcessInfoSnapshot;
}

/** What getProcessInfo needs about one process. */
export interface ProcessInfoSnapshot extends Readonly<MachineState> {
  name: string;
  group: string;
}

export type StdinResult = "ok" | "notRunning" | "closed";

// Immediate deadlines are handled in the same turn; this bounds such chains all the same.
const MAX_IMMEDIATE_TICKS = 100;

export class ProcessRunner {
  readonly #opts: RunnerOptions;
  readonly #cfg: MachineConfig;
  #state: MachineState = initialState();
  #daemonState: SupervisorState;
  #child: SpawnedChild | null = null;
  readonly #queue: MachineInput[] = [];
  #draining = false;
  #timer: { at: number; cancel: () => void } | null = null;
  readonly #listeners = new Set<(event: TransitionEvent) => void>();

  constructor(opts: RunnerOptions) {
    this.#opts = opts;
    this.#cfg = machineConfig(opts.config);
    this.#daemonState = opts.daemonState ?? SupervisorStates.RUNNING;
  }

  get name(): string {
    return this.#opts.config.name;
  }

  get config(): ProcessConfig {
    return this.#opts.config;
  }

  get state(): ProcessState {
    return this.#state.state;
  }

  /** The pid of the running child, 0 when there is none (what output events carry). */
  get pid(): number {
    return this.#state.pid;
  }

  get info(): ProcessInfoSnapshot {
    return { ...this.#state, name: this.#opts.config.name, group: this.#opts.groupName };
  }

  /** Spawns from STOPPED/EXITED/FATAL/BACKOFF; ignored in other states (the API refuses those). */
  start(): void {
    this.#feed({ type: "start" });
  }

  /** Stops with stopsignal (BACKOFF → STOPPED at once). `waiting`: a client waits for the end. */
  stop(opts: { waiting?: boolean } = {}): void {
    this.#feed({ type: "stop", waiting: opts.waiting });
  }

  /** Sends a signal to the process only (not its group). */
  signal(sig: number): void {
    this.#feed({ type: "signal", signal: sig });
  }

  /** BACKOFF → FATAL without further retries, as a shutting-down supervisord does. */
  giveUp(): void {
    this.#feed({ type: "giveUp" });
  }

  /** Forces an evaluation of the time-driven edges now. */
  tick(): void {
    this.#feed({ type: "tick" });
  }

  setDaemonState(state: SupervisorState): void {
    this.#daemonState = state;
    this.#feed({ type: "tick" });
  }

  /** sendProcessStdin: "notRunning" when there is no pid or a stop is under way. */
  writeStdin(data: Uint8Array | string): StdinResult {
    if (this.#state.pid === 0 || this.#state.killing || this.#child === null) return "notRunning";
    return this.#child.writeStdin(data) ? "ok" : "closed";
  }

  /** Registers a listener for state changes; returns a function that removes it. */
  onTransition(listener: (event: TransitionEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Cancels the pending timer; the child, if any, is left alone. */
  dispose(): void {
    this.#timer?.cancel();
    this.#timer = null;
  }

  #feed(input: MachineInput): void {
    this.#queue.push(input);
    if (this.#draining) return;
    this.#draining = true;
    let immediate = 0;
    try {
      for (let next = this.#queue.shift(); next; next = this.#queue.shift()) {
        const now = this.#opts.clock.now();
        const result = step(this.#cfg, this.#state, next, now, { state: this.#daemonState });
        this.#state = result.state;
        let wake: number | null = null;
        for (const effect of result.effects) {
          if (effect.type === "wake") wake = effect.at;
          else this.#apply(effect);
        }
        if (wake !== null && wake <= now && immediate < MAX_IMMEDIATE_TICKS && this.#queue.length === 0) {
          immediate += 1;
          this.#cancelTimer();
          this.#queue.push({ type: "tick" });
        } else {
          this.#schedule(wake);
        }
      }
    } finally {
      this.#draining = false;
    }
  }

  #apply(effect: Exclude<Effect, { type: "wake" }>): void {
    switch (effect.type) {
      case "spawn":
        this.#spawn();
        break;
      case "kill":
        this.#kill(effect.pid, effect.signal, effect.group, effect.purpose);
        break;
      case "log":
        this.#opts.log(effect.level, effect.message);
        break;
      case "transition": {
        const event: TransitionEvent = {
          from: effect.from,
          to: effect.to,
          expected: effect.expected ?? true,
          pid: effect.pid,
          tries: effect.tries,
          info: this.info,
        };
        for (const listener of [...this.#listeners]) listener(event);
        break;
      }
    }
  }

  #schedule(at: number | null): void {
    if (at === null) {
      this.#cancelTimer();
      return;
    }
    if (this.#timer?.at === at) return;
    this.#cancelTimer();
    const cancel = this.#opts.clock.setTimer(at, () => {
      this.#timer = null;
      this.#feed({ type: "tick" });
    });
    this.#timer = { at, cancel };
  }

  #cancelTimer(): void {
    this.#timer?.cancel();
    this.#timer = null;
  }

  #spawn(): void {
    const opts = this.#opts;
    const planned = planSpawn(opts.config, {
      groupName: opts.groupName,
      daemonEnv: opts.daemonEnv ?? process.env,
      serverEnvironment: opts.serverEnvironment ?? {},
      serverUrl: opts.serverUrl ?? null,
      resolveUser: opts.resolveUser ?? ((user) => lookupUser(user)),
    });
    if (!planned.ok && !planned.inChild) {
      this.#queue.push({ type: "spawnFailed", error: planned.error });
      return;
    }
    const plan = planned.ok ? planned.plan : failingChildPlan(this.#opts.config.redirectStderr, planned.error);
    try {
      this.#launch(plan);
    } catch (err) {
      if (!(err instanceof SpawnError && err.inChild && planned.ok)) {
        this.#queue.push({ type: "spawnFailed", error: `unknown error during fork for '${opts.config.name}': ${String(err)}` });
        return;
      }
      try {
        this.#launch(failingChildPlan(this.#opts.config.redirectStderr, err.message));
      } catch (again) {
        this.#queue.push({ type: "spawnFailed", error: `unknown error during fork for '${opts.config.name}': ${String(again)}` });
      }
    }
  }

  /** Starts a child for `plan` with this runner's output and exit handlers. */
  #launch(plan: SpawnPlan): void {
    const opts = this.#opts;
    // Output of a previous child (after its exit was handled) is ignored. A sink that fails (a log
    // file, an event listener) loses that chunk only: the pipe must go on being read, or the child
    // would block on it.
    const deliver = (sink: OutputSink, chunk: Uint8Array) => {
      if (this.#child !== child) return;
      try {
        sink.write(chunk);
      } catch (error) {
        opts.log("error", `output of ${opts.config.name} lost: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
    // As supervisord's FastCGI processes: a reference to the socket from before the spawn until
    // the exit is handled, or until the spawn fails.
    const socket = opts.stdinSocket ?? null;
    const stdinFd = socket === null ? null : socket.acquire();
    let child: SpawnedChild;
    try {
      child = opts.spawner.spawn({
        ...plan,
        stdinFd,
        onStdout: (chunk) => deliver(opts.stdout, chunk),
        onStderr: (chunk) => deliver(opts.stderr, chunk),
        onExit: (code, signal) => {
          socket?.release();
          if (this.#child !== child) return;
          this.#child = null;
          this.#feed({ type: "exited", code, signal });
        },
      });
    } catch (err) {
      socket?.release();
      throw err;
    }
    this.#child = child;
    this.#queue.push({ type: "spawned", pid: child.pid });
  }

  #kill(pid: number, sig: number, group: boolean, purpose: "stop" | "signal"): void {
    const name = this.#opts.config.name;
    try {
      this.#opts.spawner.kill(pid, sig, group);
    } catch (err) {
      if (errnoCode(err) === "ESRCH") {
        // The exit is on its way; the state changes when it is reported, as in supervisord.
        const when = purpose === "stop" ? "just exited" : "just now exited";
        this.#opts.log("debug", `unable to signal ${name} (pid ${pid}), it probably ${when} on its own: [Errno 3] No such process`);
        return;
      }
      const error = err instanceof Error ? err.message : String(err);
      this.#queue.push(purpose === "stop" ? { type: "killFailed", error } : { type: "signalFailed", error });
    }
  }
}

/** The machine's view of a ProcessConfig. */
export function machineConfig(cfg: ProcessConfig): MachineConfig {
  return {
    name: cfg.name,
    startsecs: cfg.startsecs,
    startretries: cfg.startretries,
    stopwaitsecs: cfg.stopwaitsecs,
    autostart: cfg.autostart,
    autorestart: cfg.autorestart,
    exitcodes: cfg.exitcodes,
    stopsignal: cfg.stopsignal,
    stopasgroup: cfg.stopasgroup,
    killasgroup: cfg.killasgroup,
  };
}

function errnoCode(err: unknown): string | undefined {
  if (err && typeof err === "object" && "code" in err && typeof err.code === "string") return err.code;
  return undefined;
}
