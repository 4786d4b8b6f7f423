// What the live progress line of start_application / stop_application / restart_application
// says, as pure functions of what the server reported: which processes count, which are done
// (or failed), which the request waits on now, and the line itself fitted to the terminal width.
// The refresh loop and the terminal writes live in supvisors-progress-display.ts.
//
// A process counts for a start (and a restart) when its start_sequence is above 0, as only
// those are started with their application (states.md ST-SEQ-01); every process counts for a
// stop (ST-SEQ-06). Done and failed follow ST-SEQ-03 / ST-SEQ-07 as far as snapshots show them:
// a process that ends STOPPED, FATAL or EXITED unexpectedly after it was seen starting failed.

export type ProgressKind = "start" | "stop" | "restart";

/** The rules of one process, as far as the progress needs them (from get_process_rules). */
export interface ProgressRule {
  startSequence: number;
  stopSequence: number;
  waitExit: boolean;
}

/** One process as get_process_info last showed it. */
export interface ProcessSnapshot {
  namespec: string;
  statename: string;
  expectedExit: boolean;
}

export interface ProgressState {
  kind: ProgressKind;
  application: string;
  /** By namespec; null when the rules could not be read (then every process counts). */
  rules: ReadonlyMap<string, ProgressRule> | null;
  /** The last snapshot, in the server's order. */
  processes: readonly ProcessSnapshot[];
  /** Seen STARTING or BACKOFF during this request: a later stop is a failure, not a wait. */
  seenStarting: ReadonlySet<string>;
  /** Seen STOPPING during this request. */
  seenStopping: ReadonlySet<string>;
  /**
   * Restart: went through its stop during this request (seen stopped, or seen STOPPING and
   * now in another state), so its start phase is on.
   */
  seenStopped: ReadonlySet<string>;
}

export interface ProgressView {
  total: number;
  done: number;
  failed: number;
  waitingOn: string[];
}

const STOPPED_STATES = new Set(["STOPPED", "EXITED", "FATAL", "UNKNOWN"]);
const STARTING_STATES = new Set(["STARTING", "BACKOFF"]);

export function initialProgress(kind: ProgressKind, application: string): ProgressState {
  return { kind, application, rules: null, processes: [], seenStarting: new Set(), seenStopping: new Set(), seenStopped: new Set() };
}

/** The state after the rules were read (null: they could not be). */
export function withRules(state: ProgressState, rules: ReadonlyMap<string, ProgressRule> | null): ProgressState {
  return { ...state, rules };
}

/** The state after a new snapshot of the application's processes. */
export function observe(state: ProgressState, processes: readonly ProcessSnapshot[]): ProgressState {
  const seenStarting = new Set(state.seenStarting);
  const seenStopping = new Set(state.seenStopping);
  const seenStopped = new Set(state.seenStopped);
  for (const p of processes) {
    // A stop and the next start may both fall between two snapshots: leaving STOPPING is enough.
    if (STOPPED_STATES.has(p.statename) || (p.statename !== "STOPPING" && seenStopping.has(p.namespec))) seenStopped.add(p.namespec);
    if (p.statename === "STOPPING") seenStopping.add(p.namespec);
    // In a restart, starting counts only once the process went through its stop.
    if (STARTING_STATES.has(p.statename) && (state.kind !== "restart" || seenStopped.has(p.namespec))) {
      seenStarting.add(p.namespec);
    }
  }
  return { ...state, processes, seenStarting, seenStopping, seenStopped };
}

type Phase = "done" | "failed" | "busy" | "pending";

function startPhase(state: ProgressState, p: ProcessSnapshot, rule: ProgressRule | undefined): Phase {
  const waitExit = rule?.waitExit ?? false;
  if (STARTING_STATES.has(p.statename)) return "busy";
  if (p.statename === "RUNNING") return waitExit ? "busy" : "done";
  if (p.statename === "EXITED" && waitExit && p.expectedExit) return "done";
  // Stopped without having been seen starting: not started yet.
  if (STOPPED_STATES.has(p.statename)) return state.seenStarting.has(p.namespec) ? "failed" : "pending";
  return "pending";
}

function stopPhase(p: ProcessSnapshot): Phase {
  if (STOPPED_STATES.has(p.statename)) return "done";
  return p.statename === "STOPPING" ? "busy" : "pending";
}

function phaseOf(state: ProgressState, p: ProcessSnapshot): { phase: Phase; stopping: boolean } {
  const rule = state.rules?.get(p.namespec);
  if (state.kind === "stop") return { phase: stopPhase(p), stopping: true };
  if (state.kind === "restart" && !state.seenStopped.has(p.namespec)) {
    const phase = stopPhase(p);
    return { phase: phase === "done" ? "pending" : phase, stopping: true };
  }
  return { phase: startPhase(state, p, rule), stopping: false };
}

function counts(state: ProgressState, p: ProcessSnapshot): boolean {
  if (state.kind === "stop" || state.rules === null) return true;
  return (state.rules.get(p.namespec)?.startSequence ?? 0) > 0;
}

/**
 * Totals and the processes waited on: those in progress, else the next sequence group (lowest
 * start_sequence to start, highest stop_sequence to stop).
 * @example progressView(observe(initialProgress("stop", "app"), [{ namespec: "app:a", statename: "STOPPING", expectedExit: true }]))
 *   // { total: 1, done: 0, failed: 0, waitingOn: ["app:a"] }
 */
export function progressView(state: ProgressState): ProgressView {
  const view: ProgressView = { total: 0, done: 0, failed: 0, waitingOn: [] };
  // Pending processes by the step they wait for: stops before starts (a restart stops first),
  // stops from the highest stop_sequence down, starts from the lowest start_sequence up.
  const pending: Array<{ namespec: string; step: [number, number] }> = [];
  for (const p of state.processes) {
    if (!counts(state, p)) continue;
    view.total++;
    const { phase, stopping } = phaseOf(state, p);
    if (phase === "done" || phase === "failed") view.done++;
    if (phase === "failed") view.failed++;
    if (phase === "busy") view.waitingOn.push(p.namespec);
    if (phase === "pending") {
      const rule = state.rules?.get(p.namespec);
      const step: [number, number] = stopping ? [0, -(rule?.stopSequence ?? 0)] : [1, rule?.startSequence ?? 0];
      pending.push({ namespec: p.namespec, step });
    }
  }
  if (view.waitingOn.length === 0 && pending.length > 0) {
    const first = (a: [number, number], b: [number, number]) => (a[0] !== b[0] ? a[0] < b[0] : a[1] < b[1]);
    let next = pending[0]!.step;
    for (const p of pending) if (first(p.step, next)) next = p.step;
    view.waitingOn = pending.filter((p) => p.step[0] === next[0] && p.step[1] === next[1]).map((p) => p.namespec);
  }
  return view;
}

const VERBS: Record<ProgressKind, string> = { start: "starting", stop: "stopping", restart: "restarting" };

/**
 * The progress line, at most `width - 1` characters so that it never wraps (a wrapped line could
 * not be erased). Names that do not fit are counted as `+N more`.
 * @example progressLine("start", "web", { total: 3, done: 1, failed: 0, waitingOn: ["web:b"] }, 80)
 *   // "web: starting, 1/3 done, waiting on web:b"
 */
export function progressLine(kind: ProgressKind, application: string, view: ProgressView, width: number): string {
  let head = `${application}: ${VERBS[kind]}`;
  if (view.total > 0) head += `, ${view.done}/${view.total} done`;
  if (view.failed > 0) head += ` (${view.failed} failed)`;
  const limit = Math.max(1, width - 1);
  const names = view.waitingOn;
  if (names.length === 0) return cut(head, limit);
  // As many names as fit, the others counted; if not even one fits, the whole line is cut.
  for (let shown = names.length; shown >= 1; shown--) {
    const more = names.length - shown;
    const line = `${head}, waiting on ${names.slice(0, shown).join(", ")}${more > 0 ? ` +${more} more` : ""}`;
    if ([...line].length <= limit) return line;
  }
  return cut(`${head}, waiting on ${names.join(", ")}`, limit);
}

function cut(line: string, limit: number): string {
  const chars = [...line];
  return chars.length <= limit ? line : chars.slice(0, limit).join("");
}
