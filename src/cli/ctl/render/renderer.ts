// The one seam between the ctl's commands and its output. A command reports what it obtained as
// records, each with the lines supervisorctl prints for it, in the order it learns them: a note
// (text only: table titles, help, notices), an item of its list answer (a process struct, an
// outcome), its whole answer when that is one value, or the failure that ends it. The text
// renderer prints the lines at once, so text output stays line for line what it was (and a slow
// command shows its lines as they come); the JSON renderer keeps the records and prints one
// document when the command is over (json-renderer.ts).

import type { XmlRpcValue } from "../../../api/xmlrpc/value.ts";
import type { Failure } from "./records.ts";

export interface Renderer {
  /** Whether output that only makes sense live is shown: log streams, fg, the progress line. */
  readonly live: boolean;
  /** Lines that carry no data of their own (titles, help, notices). */
  note(lines: readonly string[]): void;
  /** One element of the command's list answer. */
  item(value: XmlRpcValue, lines: readonly string[]): void;
  /** The command's whole answer, when it is one value rather than a list. */
  value(value: XmlRpcValue, lines: readonly string[]): void;
  /** What ends the command (or would, for supervisorctl's quirks that go on). */
  failure(failure: Failure, lines: readonly string[]): void;
  /** Text to stdout as is (a followed log, the progress line). */
  raw(text: string): void;
  /** Text to stderr as is (why a followed log stopped). */
  rawError(text: string): void;
  /** The command is over: a renderer that waits for the end prints now. */
  finish(): void;
}

/**
 * supervisorctl's output: every line as soon as it is reported.
 * @example new TextRenderer((s) => process.stdout.write(s), (s) => process.stderr.write(s))
 */
export class TextRenderer implements Renderer {
  readonly live = true;

  constructor(
    readonly stdout: (s: string) => void,
    readonly stderr: (s: string) => void,
  ) {}

  #print(lines: readonly string[]): void {
    for (const line of lines) this.stdout(line + "\n");
  }

  note(lines: readonly string[]): void {
    this.#print(lines);
  }

  item(_value: XmlRpcValue, lines: readonly string[]): void {
    this.#print(lines);
  }

  value(_value: XmlRpcValue, lines: readonly string[]): void {
    this.#print(lines);
  }

  failure(_failure: Failure, lines: readonly string[]): void {
    this.#print(lines);
  }

  raw(text: string): void {
    this.stdout(text);
  }

  rawError(text: string): void {
    this.stderr(text);
  }

  finish(): void {}
}
