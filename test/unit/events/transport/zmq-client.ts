// A libzmq SUB socket in a python3-zmq process (zmq-sub.py), as the tests see it: the messages it
// received, decoded, and commands to change its subscriptions.

import { join } from "node:path";
import { JsonLinesProcess, PYTHON, pythonModuleMissing } from "./json-lines.ts";

const SCRIPT = join(import.meta.dir, "zmq-sub.py");

/** Null when python3-zmq is importable, else why the libzmq tests are skipped. */
export const zmqMissing: string | null = pythonModuleMissing("zmq", "python3-zmq");

export interface PyZmqOptions {
  /** Stop reading after this many messages. */
  stallAfter?: number;
  /** SO_RCVBUF for the socket (with a receive high-water mark of 1). */
  receiveBuffer?: number;
}

export class PyZmqSubscriber {
  readonly #process: JsonLinesProcess;
  #commands = 0;

  constructor(port: number, topics: string[], options: PyZmqOptions = {}) {
    const env: Record<string, string> = {};
    if (options.stallAfter !== undefined) env.ZMQ_SUB_STALL_AFTER = String(options.stallAfter);
    if (options.receiveBuffer !== undefined) env.ZMQ_SUB_RCVBUF = String(options.receiveBuffer);
    this.#process = new JsonLinesProcess([PYTHON, SCRIPT, String(port), ...topics], env);
  }

  /** Every message received so far, each as its list of frames. */
  frames(): Buffer[][] {
    return this.#process.lines
      .filter((line) => Array.isArray(line.frames))
      .map((line) => (line.frames as string[]).map((frame) => Buffer.from(frame, "base64")));
  }

  /** Every message received so far as [header, parsed body]; throws if one is not 2 frames of JSON. */
  events(): [string, unknown][] {
    return this.frames().map((frames) => {
      if (frames.length !== 2) throw new Error(`message of ${frames.length} frames, expected 2`);
      return [frames[0].toString("utf8"), JSON.parse(frames[1].toString("utf8"))];
    });
  }

  get stalled(): boolean {
    return this.#process.lines.some((line) => line.stalled === true);
  }

  /** Number of subscription commands python has applied. */
  get acks(): number {
    return this.#process.lines.filter((line) => typeof line.ack === "number").length;
  }

  /** Problems to show when a wait fails: stderr, unparsed output, exit code. */
  get diagnostics(): string {
    const unparsed = this.#process.lines.filter((line) => "unparsed" in line).map((line) => line.unparsed);
    return `exit=${this.#process.exitCode} stderr=${this.#process.stderr} unparsed=${unparsed.join("\n")}`;
  }

  subscribe(topic: string): number {
    this.#process.send({ op: "sub", topic });
    return ++this.#commands;
  }

  unsubscribe(topic: string): number {
    this.#process.send({ op: "unsub", topic });
    return ++this.#commands;
  }

  stop(): Promise<void> {
    return this.#process.stop();
  }

  kill(): void {
    this.#process.kill();
  }
}
