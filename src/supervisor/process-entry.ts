// One configured process inside the local supervisor: its runner, its stdout/stderr log files and
// the paths the API reports. Log files follow supervisord: an AUTO file exists from start-up, a
// named file is created when the process is first spawned.

import type { LogChannelConfig, ProcessConfig } from "../config/model.ts";
import { autoChildLogPath, AnsiStripper, RotatingLogFile } from "../process/logs/index.ts";
import { ProcessRunner, type OutputSink, type TransitionEvent } from "../process/runner.ts";
import type { Clock } from "../process/clock.ts";
import type { Spawner } from "../process/spawner.ts";
import type { LogLevel } from "../process/machine.ts";
import { ProcessStates, type SupervisorState } from "../process/states.ts";
import { resolveCommand, type ResolvedCommand } from "../process/command.ts";
import { makeNamespec } from "./namespec.ts";
import { processInfo, type ProcessInfo } from "./process-info.ts";

export type Channel = "stdout" | "stderr";

export interface EntryContext {
  spawner: Spawner;
  clock: Clock;
  log(level: LogLevel, message: string): void;
  childlogdir: string;
  identifier: string;
  stripAnsi: boolean;
  serverEnvironment: Record<string, string>;
  serverUrl: string | null;
  daemonState: SupervisorState;
  onTransition(entry: ProcessEntry, event: TransitionEvent): void;
}

/** A log channel: where it is written, and the file once opened. */
class ChannelLog implements OutputSink {
  #file: RotatingLogFile | null = null;
  readonly #stripper: AnsiStripper | null;

  constructor(
    readonly path: string | null,
    readonly cfg: LogChannelConfig,
    stripAnsi: boolean,
    readonly report: (message: string) => void,
  ) {
    this.#stripper = stripAnsi ? new AnsiStripper() : null;
  }

  open(): void {
    if (this.path === null || this.#file !== null) return;
    this.#file = new RotatingLogFile(this.path, this.cfg.maxbytes, this.cfg.backups, {
      onError: (err) => this.report(err.message),
    });
  }

  write(chunk: Uint8Array): void {
    if (this.path === null) return;
    this.open();
    this.#file!.write(this.#stripper ? this.#stripper.push(chunk) : chunk);
  }

  reopen(): void {
    this.#file?.reopen();
  }

  /** clearProcessLogs: empties the live file (backups stay, as in supervisord); throws LogFileError. */
  clear(): void {
    this.#file?.clear();
  }

  close(): void {
    this.#file?.close();
    this.#file = null;
  }
}

export class ProcessEntry {
  readonly runner: ProcessRunner;
  readonly namespec: string;
  readonly #logs: Record<Channel, ChannelLog>;
  readonly #searchPath: string | undefined;

  constructor(
    readonly config: ProcessConfig,
    readonly group: string,
    ctx: EntryContext,
  ) {
    this.namespec = makeNamespec(group, config.name);
    this.#searchPath = config.environment.PATH ?? ctx.serverEnvironment.PATH ?? process.env.PATH;
    const report = (message: string) => ctx.log("error", message);
    const stdoutPath = logPath(config.stdout, config.name, "stdout", ctx);
    // With redirect_stderr, stderr goes into the stdout log and has no file of its own.
    const stderrPath = config.redirectStderr ? null : logPath(config.stderr, config.name, "stderr", ctx);
    this.#logs = {
      stdout: new ChannelLog(stdoutPath, config.stdout, ctx.stripAnsi, report),
      stderr: new ChannelLog(stderrPath, config.stderr, ctx.stripAnsi, report),
    };
    this.runner = new ProcessRunner({
      config,
      groupName: group,
      spawner: ctx.spawner,
      clock: ctx.clock,
      log: ctx.log,
      stdout: this.#logs.stdout,
      stderr: this.#logs.stderr,
      serverEnvironment: ctx.serverEnvironment,
      serverUrl: ctx.serverUrl,
      daemonState: ctx.daemonState,
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

  get priority(): number {
    return this.config.priority;
  }

  /** Path of a channel's log file, or null when it has none (NONE, syslog, redirected). */
  logPath(channel: Channel): string | null {
    return this.#logs[channel].path;
  }

  /** startProcess checks the command before spawning; throws CommandError (NO_FILE / NOT_EXECUTABLE). */
  checkCommand(): ResolvedCommand {
    return resolveCommand(this.config.command, this.#searchPath);
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
