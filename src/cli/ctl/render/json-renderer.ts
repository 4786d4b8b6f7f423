// `flotilla ctl --json`: one JSON document per command on stdout, printed when the command is
// over, built from the records the command reported (renderer.ts):
//
// - the command's answer: the value it reported (version, strategies, supervisord's pid...), or
//   else the array of its items in the order reported (process structs, table rows, outcomes
//   `{"name", "ok", "result"?, "error"?: {"code", "text"}}`), `[]` when there were none;
// - after a failure: `{"error": {"kind", "code", "text", "message", "help"?}}`, with
//   `"partial": <answer so far>` when something was reported before it. Only the first failure
//   counts: supervisorctl sometimes prints more lines after one (a second attempt after a 401,
//   "no running instance" after a fault), which add nothing a script needs.
//
// Notes and raw stream text are text-only and dropped; the exit status is the text mode's.

import type { XmlRpcValue } from "../../../api/xmlrpc/value.ts";
import { jsonText, type JsonSource } from "./json-text.ts";
import { failureStruct, type Failure } from "./records.ts";
import type { Renderer } from "./renderer.ts";

export class JsonRenderer implements Renderer {
  readonly live = false;
  #items: XmlRpcValue[] = [];
  #value: { v: XmlRpcValue } | null = null;
  #failure: Failure | null = null;

  constructor(
    readonly stdout: (s: string) => void,
    readonly stderr: (s: string) => void,
    /** Spaces per indentation level (0: the whole document on one line). */
    readonly indent = 2,
  ) {}

  // The lines are supervisorctl's text for the record: not part of the document.
  note(_lines: readonly string[]): void {}

  item(value: XmlRpcValue, _lines: readonly string[]): void {
    if (this.#failure === null) this.#items.push(value);
  }

  value(value: XmlRpcValue, _lines: readonly string[]): void {
    if (this.#failure === null) this.#value = { v: value };
  }

  failure(failure: Failure, _lines: readonly string[]): void {
    this.#failure ??= failure;
  }

  raw(_text: string): void {}

  rawError(text: string): void {
    // stderr is not the document's channel: what goes there is kept for the reader.
    this.stderr(text);
  }

  /** The document as it stands. */
  document(): JsonSource {
    const answer: XmlRpcValue = this.#value !== null ? this.#value.v : this.#items;
    if (this.#failure === null) return answer;
    const reported = this.#value !== null || this.#items.length > 0;
    return reported ? { error: failureStruct(this.#failure), partial: answer } : { error: failureStruct(this.#failure) };
  }

  /** Prints the document and starts afresh for a next command. */
  finish(): void {
    this.stdout(jsonText(this.document(), this.indent) + "\n");
    this.#items = [];
    this.#value = null;
    this.#failure = null;
  }
}
