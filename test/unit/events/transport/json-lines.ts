// A child process that speaks JSON lines (the python clients of these tests): its stdout is
// parsed line by line as it arrives, and its stdin takes JSON commands.

import type { Subprocess } from "bun";

export { PYTHON, pythonModuleMissing } from "../../../support/python.ts";

export class JsonLinesProcess {
  readonly lines: Record<string, unknown>[] = [];
  readonly #proc: Subprocess<"pipe", "pipe", "pipe">;
  #stderr = "";
  readonly done: Promise<number>;

  constructor(argv: string[], env: Record<string, string> = {}) {
    this.#proc = Bun.spawn(argv, { stdin: "pipe", stdout: "pipe", stderr: "pipe", env: { ...process.env, ...env } });
    const out = this.#pump(this.#proc.stdout, (line) => this.lines.push(parseLine(line)));
    const err = this.#pump(this.#proc.stderr, (line) => (this.#stderr += `${line}\n`));
    this.done = Promise.all([out, err]).then(() => this.#proc.exited);
  }

  /** What the process wrote on stderr so far (python tracebacks), for failure messages. */
  get stderr(): string {
    return this.#stderr;
  }

  get exitCode(): number | null {
    return this.#proc.exitCode;
  }

  send(command: unknown): void {
    this.#proc.stdin.write(`${JSON.stringify(command)}\n`);
    this.#proc.stdin.flush();
  }

  /** Ends stdin (the clients exit on it), and kills the process if it has not exited within 5 s. */
  async stop(): Promise<void> {
    try {
      this.#proc.stdin.end();
    } catch {
      // Already closed: the process is gone.
    }
    const timer = setTimeout(() => this.#proc.kill("SIGKILL"), 5000);
    await this.#proc.exited;
    clearTimeout(timer);
  }

  kill(): void {
    this.#proc.kill("SIGKILL");
  }

  async #pump(stream: ReadableStream<Uint8Array>, onLine: (line: string) => void): Promise<void> {
    const decoder = new TextDecoder();
    let pending = "";
    for await (const chunk of stream) {
      pending += decoder.decode(chunk, { stream: true });
      let newline = pending.indexOf("\n");
      while (newline !== -1) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        if (line.trim() !== "") onLine(line);
        newline = pending.indexOf("\n");
      }
    }
  }
}

/** A stdout line as an object; a line that is not JSON is kept as `{ unparsed }` for the failure message. */
function parseLine(line: string): Record<string, unknown> {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return { unparsed: line };
  }
}
