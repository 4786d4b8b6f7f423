// The live progress line shown on a terminal while start_application / stop_application /
// restart_application wait for the server: every REFRESH_MS at most it reads the application's
// processes (`get_process_info('<app>:*')`, and `get_process_rules` once), redraws one line in
// place, and erases it before the command prints its result. Off a terminal, or when the
// output is not live (--json), nothing is added, so scripts see exactly the original lines. The timer and the terminal checks are injected,
// so tests drive the refreshes without sleeping.

import type { XmlRpcValue } from "../../../api/xmlrpc/value.ts";
import type { Controller } from "../controller.ts";
import { asArray, asStruct, namespec, truthy, type Struct } from "./results.ts";
import {
  initialProgress,
  observe,
  progressLine,
  progressView,
  withRules,
  type ProcessSnapshot,
  type ProgressKind,
  type ProgressRule,
  type ProgressState,
} from "./supvisors-progress.ts";

/** Time between the end of a refresh and the start of the next: at most 4 requests a second. */
export const REFRESH_MS = 250;

/** Back to the start of the line and clear it (ANSI "erase in line"). */
export const ERASE_LINE = "\r\x1b[K";

/** Runs `fn` once after `ms`; the function returned cancels it. */
export interface RefreshTimer {
  after(ms: number, fn: () => void): () => void;
}

export interface ProgressDeps {
  /** Whether the ctl's standard output is a terminal. */
  isTerminal(): boolean;
  /** The terminal width in columns. */
  columns(): number;
  timer: RefreshTimer;
}

/** The process's own terminal and real timers. */
export const terminalProgress: ProgressDeps = {
  isTerminal: () => process.stdout.isTTY === true,
  columns: () => process.stdout.columns || 80,
  timer: {
    after(ms, fn) {
      const handle = setTimeout(fn, ms);
      return () => clearTimeout(handle);
    },
  },
};

/** No progress line at all (what a non-terminal gets). */
export const noProgress: ProgressDeps = {
  isTerminal: () => false,
  columns: () => 80,
  timer: { after: () => () => {} },
};

function str(s: Struct, key: string): string | null {
  const v = s[key];
  return typeof v === "string" ? v : null;
}

function num(s: Struct, key: string): number {
  const v: XmlRpcValue | undefined = s[key];
  return typeof v === "number" ? v : 0;
}

/** The namespec of a struct with application_name and process_name, or null. */
function structName(s: Struct): string | null {
  const app = str(s, "application_name");
  const proc = str(s, "process_name");
  return app === null || proc === null ? null : namespec(app, proc);
}

/** Rules by namespec from get_process_rules; malformed entries are skipped (display only). */
export function parseRules(answer: XmlRpcValue): Map<string, ProgressRule> {
  const rules = new Map<string, ProgressRule>();
  for (const item of Array.isArray(answer) ? answer : []) {
    const s = asStruct(item);
    const name = structName(s);
    if (name === null) continue;
    rules.set(name, { startSequence: num(s, "start_sequence"), stopSequence: num(s, "stop_sequence"), waitExit: truthy(s.wait_exit ?? false) });
  }
  return rules;
}

/** Snapshots from get_process_info; malformed entries are skipped (display only). */
export function parseSnapshots(answer: XmlRpcValue): ProcessSnapshot[] {
  const out: ProcessSnapshot[] = [];
  for (const item of asArray(answer)) {
    const s = asStruct(item);
    const name = structName(s);
    const statename = str(s, "statename");
    if (name !== null && statename !== null) out.push({ namespec: name, statename, expectedExit: truthy(s.expected_exit ?? false) });
  }
  return out;
}

/** One live line for one pending request. */
class ProgressDisplay {
  #state: ProgressState;
  #rulesRead = false;
  #ended = false;
  #drawn = false;
  #cancel: () => void = () => {};

  constructor(
    readonly ctl: Controller,
    readonly deps: ProgressDeps,
    kind: ProgressKind,
    readonly application: string,
  ) {
    this.#state = initialProgress(kind, application);
  }

  /** The first refresh comes after REFRESH_MS: a quick answer shows no line at all. */
  begin(): void {
    this.#schedule();
  }

  end(): void {
    this.#ended = true;
    this.#cancel();
    if (this.#drawn) this.ctl.write(ERASE_LINE);
  }

  #schedule(): void {
    if (!this.#ended) this.#cancel = this.deps.timer.after(REFRESH_MS, () => void this.#refresh());
  }

  async #refresh(): Promise<void> {
    const pattern = `${this.application}:*`;
    try {
      if (!this.#rulesRead) {
        this.#rulesRead = true;
        let rules: Map<string, ProgressRule> | null = null;
        try {
          rules = parseRules(await this.ctl.call("supvisors.get_process_rules", pattern));
        } catch {
          // Without rules every process counts; the line is still worth showing.
        }
        this.#state = withRules(this.#state, rules);
      }
      const snapshots = parseSnapshots(await this.ctl.call("supvisors.get_process_info", pattern));
      this.#state = observe(this.#state, snapshots);
      if (this.#ended) return;
      const line = progressLine(this.#state.kind, this.application, progressView(this.#state), this.deps.columns());
      this.ctl.write(ERASE_LINE + line);
      this.#drawn = true;
    } catch {
      // A failed refresh keeps the last line; the request itself reports its own errors.
    }
    this.#schedule();
  }
}

/**
 * Awaits `request` (a start/stop/restart of `application`) with a live progress line on a
 * terminal; the line is erased before this settles, whatever the outcome.
 */
export async function withProgress<T>(
  ctl: Controller,
  deps: ProgressDeps,
  kind: ProgressKind,
  application: string,
  request: () => Promise<T>,
): Promise<T> {
  if (!ctl.live || !deps.isTerminal()) return request();
  const display = new ProgressDisplay(ctl, deps, kind, application);
  display.begin();
  try {
    return await request();
  } finally {
    display.end();
  }
}
