// One configured process inside the local supervisor: its runner, its stdout/stderr log files and
// the paths the API reports. Log files follow supervisord: an AUTO file exists from start-up, a
// named file is created when the process is first spawned. Output goes through the dispatchers of
// output-dispatch.ts (capture mode, output events); an event listener's stdout is its protocol.
//
// Supvisors' dynamic attributes live here too: extra arguments appended to the command of the next
// start (ST-DYN-06), and two reasons never to spawn on its own — a disabled program (ST-DYN-01) and
// a process made obsolete by a numprocs decrease (ST-DYN-04). Explicit starts are the API's to refuse.
// A process whose crash its application answers as a whole (RULE-39b) runs with autorestart false.

import type { LogChannelConfig, ProcessConfig } from "../config/model.ts";
import { autoChildLogPath } from "../process/logs/index.ts";
import { ProcessRunner, type OutputSink, type SharedStdin, type TransitionEvent } from "../process/runner.ts";
import type { Clock } from "../process/clock.ts";
import type { Spawner } from "../process/spawner.ts";
import type { LogLevel } from "../process/machine.ts";
import { ProcessStates, SupervisorStates, type SupervisorState } from "../process/states.ts";
import { resolveCommand, type ResolvedCommand } from "../process/command.ts";
import { ChannelLog } from "./channel-log.ts";
import { makeNamespec } from "./namespec.ts";
import { ListenerOutput, ProgramOutput } from "./output-dispatch.ts";
import { processInfo, type ProcessInfo } from "./process-info.ts";
import type { ProcessObserver } from "./process-observer.ts";

export type Channel = "stdout" | "stderr";

export interface EntryContext {
  spawner: Spawner;
  clock: Clock;
  log(level: LogLevel, message: string): void;
  childlogdir: string;
  identifier: string;
  stripAnsi: boolean;
  /** Whether each piece of output is also written to the main log (loglevel debug or lower). */
  echoOutput?: boolean;
  serverEnvironment: Record<string, string>;
  serverUrl: string | null;
  daemonState: SupervisorState;
  /** Whether the program is disabled now: a process created for it starts disabled. */
  isDisabled(programName: string): boolean;
  /**
   * RULE-39b: whether the rules make the application answer a crash of this process (its running
   * failure strategy stops or restarts the application), so that autorestart must not. Absent: never.
   */
  holdsAutorestart?(group: string, processName: string): boolean;
  onTransition(entry: ProcessEntry, event: TransitionEvent): void;
  /** Told about output that makes events and about a listener's protocol bytes. */
  observer?: Required<ProcessObserver>;
}

export class ProcessEntry {
  readonly runner: ProcessRunner;
  readonly namespec: string;
  readonly #logs: Record<Channel, ChannelLog>;
  readonly #searchPath: string | undefined;
  /**
   * The runner's own copy of the configuration: the runner reads `command` at each spawn, so the
   * extra arguments are applied by rewriting this copy (never the configuration shared with the API).
   */
  readonly #runConfig: ProcessConfig;
  #extraArgs = "";
  #daemonState: SupervisorState;
  #disabled: boolean;
  #obsolete = false;

  constructor(
    readonly config: ProcessConfig,
    readonly group: string,
    ctx: EntryContext,
    /** An `[eventlistener:x]` process: its stdout is the listener protocol, not program output. */
    readonly isListener = false,
    /** An fcgi-program's socket, given to each child as stdin. */
    stdinSocket: SharedStdin | null = null,
  ) {
    this.namespec = makeNamespec(group, config.name);
    this.#runConfig = { ...config };
    if (config.autorestart !== "false" && ctx.holdsAutorestart?.(group, config.name) === true) {
      // Only the runner's copy: getAllConfigInfo and `flotilla check` show what was configured.
      this.#runConfig.autorestart = "false";
      ctx.log("warn", `autorestart disabled for ${this.namespec}: its running failure strategy stops or restarts the application`);
    }
    this.#daemonState = ctx.daemonState;
    this.#disabled = ctx.isDisabled(config.programName);
    this.#searchPath = config.environment.PATH ?? ctx.serverEnvironment.PATH ?? process.env.PATH;
    const report = (message: string) => ctx.log("error", message);
    const stdoutPath = logPath(config.stdout, config.name, "stdout", ctx);
    // With redirect_stderr, stderr goes into the stdout log and has no file of its own.
    const stderrPath = config.redirectStderr ? null : logPath(config.stderr, config.name, "stderr", ctx);
    this.#logs = {
      stdout: new ChannelLog(stdoutPath, config.stdout, report),
      stderr: new ChannelLog(stderrPath, config.stderr, report),
    };
    this.runner = new ProcessRunner({
      config: this.#runConfig,
      groupName: group,
      spawner: ctx.spawner,
      clock: ctx.clock,
      log: ctx.log,
      stdout: isListener
        ? new ListenerOutput(this.#logs.stdout, ctx.stripAnsi, (data) => ctx.observer?.listenerOutput(this, data), ctx.echoOutput ? ctx.log : null, config.name)
        : this.#programOutput("stdout", ctx),
      stderr: this.#programOutput("stderr", ctx),
      serverEnvironment: ctx.serverEnvironment,
      serverUrl: ctx.serverUrl,
      daemonState: this.#runnerDaemonState(),
      stdinSocket,
    });
    this.runner.onTransition((event) => {
      // supervisord opens the output files as it spawns.
      if (event.to === ProcessStates.STARTING) {
        this.#logs.stdout.open();
        this.#logs.stderr.open();
      }
      ctx.onTransition(this, event);
    });
  }

  get name(): string {
    return this.config.name;
  }

  /** The sink of one program channel: log file, capture mode and the events they make. */
  #programOutput(channel: Channel, ctx: EntryContext): OutputSink {
    const opts = { stripAnsi: ctx.stripAnsi, name: this.config.name, channel, log: ctx.log, echo: ctx.echoOutput === true };
    return new ProgramOutput(this.#logs[channel], this.config[channel], opts, {
      logged: (data) => ctx.observer?.output(this, channel, data),
      communicated: (data) => ctx.observer?.communication(this, channel, data),
    });
  }

  get priority(): number {
    return this.config.priority;
  }

  /** Path of a channel's log file, or null when it has none (NONE, syslog, redirected). */
  logPath(channel: Channel): string | null {
    return this.#logs[channel].path;
  }

  /** startProcess checks the command before spawning; throws CommandError (NO_FILE / NOT_EXECUTABLE). */
  checkCommand(): ResolvedCommand {
    return resolveCommand(this.#runConfig.command, this.#searchPath);
  }

  /** The command the next spawn runs: the configured one, then the extra arguments if any. */
  get command(): string {
    return this.#runConfig.command;
  }

  get extraArgs(): string {
    return this.#extraArgs;
  }

  /**
   * ST-DYN-06: the next start runs `command + " " + args`; "" goes back to the configured command.
   * @example entry.setExtraArgs("-v --port 8080"); entry.command // "/usr/bin/web -v --port 8080"
   */
  setExtraArgs(args: string): void {
    this.#extraArgs = args;
    this.#runConfig.command = args ? `${this.config.command} ${args}` : this.config.command;
  }

  get disabled(): boolean {
    return this.#disabled;
  }

  /** ST-DYN-01/02: a disabled process is never spawned on its own (autostart, autorestart, retries). */
  setDisabled(disabled: boolean): void {
    this.#disabled = disabled;
    this.runner.setDaemonState(this.#runnerDaemonState());
  }

  /** Set when a numprocs decrease removes this process once it is stopped (ST-DYN-04). */
  get obsolete(): boolean {
    return this.#obsolete;
  }

  setObsolete(obsolete: boolean): void {
    this.#obsolete = obsolete;
    this.runner.setDaemonState(this.#runnerDaemonState());
  }

  /** The daemon entered `state` (shutdown, restart). */
  setDaemonState(state: SupervisorState): void {
    this.#daemonState = state;
    this.runner.setDaemonState(this.#runnerDaemonState());
  }

  /**
   * The process machine spawns on its own only while the daemon it sees is RUNNING (ST-PR-31);
   * a disabled or obsolete process is shown a restarting daemon, which suppresses exactly those
   * spawns and nothing else (explicit starts, stops and signals behave as usual).
   */
  #runnerDaemonState(): SupervisorState {
    const held = this.#disabled || this.#obsolete;
    return held && this.#daemonState > SupervisorStates.RESTARTING ? SupervisorStates.RESTARTING : this.#daemonState;
  }

  info(nowMs: number): ProcessInfo {
    const s = this.runner.info;
    return processInfo(
      {
        name: this.config.name,
        group: this.group,
        state: s.state,
        laststart: s.laststart,
        laststop: s.laststop,
        pid: s.pid,
        spawnerr: s.spawnerr,
        exitstatus: s.exitstatus,
        stdoutLogfile: this.#logs.stdout.path ?? "",
        stderrLogfile: this.#logs.stderr.path ?? "",
      },
      nowMs,
    );
  }

  clearLogs(): void {
    this.#logs.stdout.clear();
    this.#logs.stderr.clear();
  }

  reopenLogs(): void {
    this.#logs.stdout.reopen();
    this.#logs.stderr.reopen();
  }

  dispose(): void {
    this.runner.dispose();
    this.#logs.stdout.close();
    this.#logs.stderr.close();
  }
}

function logPath(cfg: LogChannelConfig, name: string, channel: Channel, ctx: EntryContext): string | null {
  switch (cfg.logfile.kind) {
    case "file":
      return cfg.logfile.path;
    case "auto":
      return autoChildLogPath(ctx.childlogdir, name, channel, ctx.identifier);
    case "none":
    case "syslog":
      return null;
  }
}
