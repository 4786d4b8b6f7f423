// The log file of one output channel of a process: where it is written and the file once opened.
// supervisord opens it as the process spawns (or at first output); rotation lives in
// RotatingLogFile. ANSI stripping happens before, in the output dispatcher, which also decides
// what reaches the file at all (capture mode, output-dispatch.ts).

import type { LogChannelConfig } from "../config/model.ts";
import { RotatingLogFile } from "../process/logs/index.ts";

export class ChannelLog {
  #file: RotatingLogFile | null = null;

  constructor(
    /** null when the channel has no file (NONE, syslog, redirected). */
    readonly path: string | null,
    readonly cfg: LogChannelConfig,
    readonly report: (message: string) => void,
  ) {}

  open(): void {
    if (this.path === null || this.#file !== null) return;
    this.#file = new RotatingLogFile(this.path, this.cfg.maxbytes, this.cfg.backups, {
      onError: (err) => this.report(err.message),
    });
  }

  write(data: Uint8Array): void {
    if (this.path === null || data.length === 0) return;
    this.open();
    this.#file!.write(data);
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
