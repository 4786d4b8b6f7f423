// Collects what a publisher logs, so tests can wait for a line (a subscription applied, a client
// dropped) instead of sleeping, and check the levels and texts of what was logged.

import type { PublisherLogLevel } from "../../../../src/events/transport/publisher.ts";

export interface LogLine {
  level: PublisherLogLevel;
  text: string;
}

export class LogRecorder {
  readonly lines: LogLine[] = [];
  /** Set to echo every line on stderr while debugging a test. */
  echo = false;

  /** The function to give as PublisherOptions.log. */
  readonly log = (level: PublisherLogLevel, text: string): void => {
    this.lines.push({ level, text });
    if (this.echo) console.error(`[${level}] ${text}`);
  };

  /** Lines matching the pattern (and the level, when given). */
  matching(pattern: RegExp, level?: PublisherLogLevel): LogLine[] {
    return this.lines.filter((line) => pattern.test(line.text) && (level === undefined || line.level === level));
  }

  count(pattern: RegExp, level?: PublisherLogLevel): number {
    return this.matching(pattern, level).length;
  }
}
