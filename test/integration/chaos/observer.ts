// The test's side of the observer (observer-main.ts, run in the bridge namespace): starts it,
// keeps every sample it prints, sends it XML-RPC commands for the instances, and waits on
// conditions over the latest samples (polled with a deadline, never slept on).

import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import type { ChaosNetwork } from "./netns.ts";
import { waitFor } from "../../support/wait-for.ts";

/** One answer (or failure to answer) of one instance. Times are epoch milliseconds. */
export interface ObserverSample {
  type: "sample";
  nick: string;
  /** When the question left the observer. */
  sent: number;
  /** When the answer (or the error) came back. */
  t: number;
  ok: boolean;
  error?: string;
  /** supvisors.get_supvisors_state's fsm_statename. */
  fsm?: string | null;
  /** Nick of the Master this instance names; null when it names none. */
  master?: string | null;
  /** nick → instance statename, as this instance sees them. */
  instances?: Record<string, string>;
  /** application → statename (null before DISTRIBUTION, when the call is refused). */
  apps?: Record<string, string> | null;
  /** `group:name` → statename of this instance's processes (supervisor.getAllProcessInfo); STOPPED ones left out. */
  local?: Record<string, string>;
}

export interface ObserverTarget {
  nick: string;
  url: string;
}

export interface ObserverOptions {
  /** Time between two questions to one instance. */
  periodMs?: number;
  /** Deadline of one question (a frozen instance answers nothing). */
  timeoutMs?: number;
}

type Reply = { type: "reply"; id: number; ok: boolean; value?: unknown; error?: string };

export class Observer {
  readonly samples: ObserverSample[] = [];
  #child: ChildProcess;
  #pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  #nextId = 1;
  #ready = false;
  #exit: string | null = null;
  #stderr = "";

  private constructor(child: ChildProcess) {
    this.#child = child;
    let buffer = "";
    child.stdout!.setEncoding("utf8");
    child.stdout!.on("data", (chunk: string) => {
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf("\n")) >= 0) {
        this.#line(buffer.slice(0, nl));
        buffer = buffer.slice(nl + 1);
      }
    });
    child.stderr!.on("data", (d) => (this.#stderr += d));
    child.on("exit", (code, signal) => {
      this.#exit = `observer exited (${code ?? signal}): ${this.#stderr.trim()}`;
      for (const p of this.#pending.values()) p.reject(new Error(this.#exit));
      this.#pending.clear();
    });
  }

  /** Starts the observer in the bridge namespace and waits until it runs. */
  static async start(net: ChaosNetwork, targets: readonly ObserverTarget[], options: ObserverOptions = {}): Promise<Observer> {
    const config = JSON.stringify({ nodes: targets, periodMs: options.periodMs ?? 200, timeoutMs: options.timeoutMs ?? 1000 });
    const argv = net.inNs(net.bridgeNs, [process.execPath, join(import.meta.dir, "observer-main.ts"), config]);
    const child = spawn(argv[0]!, argv.slice(1), { cwd: import.meta.dir, stdio: ["pipe", "pipe", "pipe"] });
    const observer = new Observer(child);
    await waitFor("the observer to start", () => {
      if (observer.#exit) throw new Error(observer.#exit);
      return observer.#ready;
    }, 15_000, 10);
    return observer;
  }

  #line(line: string): void {
    let parsed: { type?: string };
    try {
      parsed = JSON.parse(line);
    } catch {
      this.#stderr += `unparsable line: ${line}\n`;
      return;
    }
    if (parsed.type === "sample") this.samples.push(parsed as ObserverSample);
    else if (parsed.type === "ready") this.#ready = true;
    else if (parsed.type === "reply") {
      const reply = parsed as Reply;
      const pending = this.#pending.get(reply.id);
      this.#pending.delete(reply.id);
      if (reply.ok) pending?.resolve(reply.value);
      else pending?.reject(new Error(reply.error));
    }
  }

  /** Calls `method` on instance `nick` through the observer; rejects on a fault or an error. */
  call(nick: string, method: string, params: unknown[] = [], timeoutMs = 30_000): Promise<unknown> {
    if (this.#exit) return Promise.reject(new Error(this.#exit));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#child.stdin!.write(`${JSON.stringify({ id, nick, method, params, timeoutMs })}\n`);
    });
  }

  /** The last sample of `nick` that is an answer, if any. */
  latestOk(nick: string): ObserverSample | undefined {
    for (let i = this.samples.length - 1; i >= 0; i--) {
      const s = this.samples[i]!;
      if (s.nick === nick && s.ok) return s;
    }
    return undefined;
  }

  /** Samples of `nick` (every instance when omitted) answered at or after `since`. */
  since(since: number, nick?: string): ObserverSample[] {
    return this.samples.filter((s) => s.t >= since && (nick === undefined || s.nick === nick));
  }

  /**
   * Polls `check` (over the samples gathered so far) until it gives a truthy value; rejects after
   * `timeoutMs`, or at once if the observer died.
   */
  until<T>(what: string, check: () => T | undefined | null | false, timeoutMs: number): Promise<T> {
    return waitFor(what, () => {
      if (this.#exit) throw new Error(this.#exit);
      return check();
    }, timeoutMs, 10);
  }

  /** Ends the observer (closing its stdin ends it; SIGKILL if it lingers). */
  async stop(): Promise<void> {
    if (this.#exit) return;
    this.#child.stdin!.end();
    try {
      await waitFor("the observer to exit", () => this.#exit !== null, 3_000, 10);
    } catch {
      this.#child.kill("SIGKILL");
    }
  }
}
