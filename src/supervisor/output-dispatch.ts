// Where each piece of a process's output goes, as supervisord's dispatchers route it:
// - a program channel (POutputDispatcher): ANSI stripped if asked, then to its log file — or, in
//   capture mode, to the capture buffer, whose content becomes a PROCESS_COMMUNICATION event at
//   the end token — and, when `*_events_enabled`, every piece also makes a PROCESS_LOG event
//   (captured pieces included, as a real supervisord sends them);
// - an event listener's stdout (PEventListenerDispatcher): raw bytes to the listener protocol,
//   and to its stdout log file.
//
// Example: new ProgramOutput(log, cfg.stdout, { stripAnsi: false, log: ..., name: "web", channel: "stdout" }, sink)

import type { LogChannelConfig } from "../config/model.ts";
import { AnsiStripper, BoundBuffer, CaptureSplitter, childOutputLogMessage, pyBytesRepr } from "../process/logs/index.ts";
import type { LogLevel } from "../process/machine.ts";
import { pyRepr } from "../process/pyrepr.ts";
import type { OutputSink } from "../process/runner.ts";
import type { ChannelLog } from "./channel-log.ts";

/** Where the events of one channel go. */
export interface ChannelEvents {
  /** A piece of output (called only when the channel's events are enabled). */
  logged(data: Uint8Array): void;
  /** The captured data at an end token. */
  communicated(data: Uint8Array): void;
}

export interface ProgramOutputOptions {
  stripAnsi: boolean;
  /** Process name and channel, for the debug line of a communication. */
  name: string;
  channel: "stdout" | "stderr";
  log(level: LogLevel, message: string): void;
  /** supervisord's DEBG record of each piece of output in the main log (loglevel debug or lower). */
  echo?: boolean;
}

/** The output of one program channel. */
export class ProgramOutput implements OutputSink {
  readonly #file: ChannelLog;
  readonly #stripper: AnsiStripper | null;
  readonly #splitter: CaptureSplitter;
  readonly #capture: BoundBuffer | null;
  readonly #eventsEnabled: boolean;

  constructor(
    file: ChannelLog,
    cfg: LogChannelConfig,
    readonly opts: ProgramOutputOptions,
    readonly events: ChannelEvents,
  ) {
    this.#file = file;
    this.#stripper = opts.stripAnsi ? new AnsiStripper() : null;
    this.#capture = cfg.captureMaxbytes > 0 ? new BoundBuffer(cfg.captureMaxbytes) : null;
    this.#splitter = new CaptureSplitter(this.#capture !== null);
    this.#eventsEnabled = cfg.eventsEnabled;
  }

  write(chunk: Uint8Array): void {
    for (const action of this.#splitter.push(chunk)) {
      switch (action.kind) {
        case "output": {
          const data = this.#stripper ? this.#stripper.push(action.data) : action.data;
          if (action.capturing) this.#capture!.write(data);
          else this.#file.write(data);
          if (this.opts.echo) this.opts.log("debug", childOutputLogMessage(this.opts.name, this.opts.channel, data));
          if (this.#eventsEnabled) this.events.logged(data);
          break;
        }
        case "begin":
          break;
        case "end": {
          const captured = this.#capture!.value();
          this.#capture!.clear();
          this.events.communicated(captured);
          this.opts.log("debug", `${pyRepr(this.opts.name)} ${this.opts.channel} emitted a comm event`);
          break;
        }
      }
    }
  }
}

/** The stdout of an event listener: the protocol channel, also kept in its stdout log. */
export class ListenerOutput implements OutputSink {
  readonly #file: ChannelLog;
  readonly #stripper: AnsiStripper | null;

  /**
   * `echoTo`: where supervisord's DEBG record of each read goes (loglevel debug or lower), or null;
   * a listener's is the raw bytes' repr (`'watch' stdout output:\nb'READY\\n'`).
   */
  constructor(
    file: ChannelLog,
    stripAnsi: boolean,
    readonly protocol: (data: Uint8Array) => void,
    readonly echoTo: ((level: LogLevel, message: string) => void) | null = null,
    readonly name = "",
  ) {
    this.#file = file;
    this.#stripper = stripAnsi ? new AnsiStripper() : null;
  }

  write(chunk: Uint8Array): void {
    // The protocol reads the bytes as written; only the log file sees them stripped.
    this.echoTo?.("debug", `${pyRepr(this.name)} stdout output:\n${pyBytesRepr(chunk)}`);
    this.#file.write(this.#stripper ? this.#stripper.push(chunk) : chunk);
    this.protocol(chunk);
  }
}
