// Linux signal numbers and the names supervisord prints for them (`signame` in options.py):
// used in log lines such as "stopped: x (terminated by SIGTERM)" and to normalise what the OS
// spawner reports.

/** Number → the name Python's signal module yields on Linux (aliases resolved as it resolves them). */
const SIGNAL_NAMES: ReadonlyMap<number, string> = new Map([
  [1, "SIGHUP"], [2, "SIGINT"], [3, "SIGQUIT"], [4, "SIGILL"], [5, "SIGTRAP"], [6, "SIGABRT"],
  [7, "SIGBUS"], [8, "SIGFPE"], [9, "SIGKILL"], [10, "SIGUSR1"], [11, "SIGSEGV"], [12, "SIGUSR2"],
  [13, "SIGPIPE"], [14, "SIGALRM"], [15, "SIGTERM"], [16, "SIGSTKFLT"], [17, "SIGCHLD"],
  [18, "SIGCONT"], [19, "SIGSTOP"], [20, "SIGTSTP"], [21, "SIGTTIN"], [22, "SIGTTOU"],
  [23, "SIGURG"], [24, "SIGXCPU"], [25, "SIGXFSZ"], [26, "SIGVTALRM"], [27, "SIGPROF"],
  [28, "SIGWINCH"], [29, "SIGPOLL"], [30, "SIGPWR"], [31, "SIGSYS"], [34, "SIGRTMIN"], [64, "SIGRTMAX"],
]);

/** Alternative spellings the OS or users may use for the same numbers. */
const SIGNAL_ALIASES: ReadonlyMap<string, number> = new Map([
  ["SIGIOT", 6], ["SIGCLD", 17], ["SIGIO", 29],
]);

const SIGNAL_NUMBERS: ReadonlyMap<string, number> = new Map([
  ...[...SIGNAL_NAMES].map(([num, name]): [string, number] => [name, num]),
  ...SIGNAL_ALIASES,
]);

export const SIGKILL = 9;
export const SIGTERM = 15;

/**
 * The name supervisord prints for a signal number, or "signal N" when it has none.
 * @example signame(15) // "SIGTERM"; signame(40) // "signal 40"
 */
export function signame(sig: number): string {
  return SIGNAL_NAMES.get(sig) ?? `signal ${sig}`;
}

/**
 * The number of a signal given as "SIGTERM", "TERM" (any case) or digits; null when unknown.
 * @example signalNumber("term") // 15
 */
export function signalNumber(name: string): number | null {
  const trimmed = name.trim();
  if (/^\d+$/.test(trimmed)) {
    const n = Number(trimmed);
    return n >= 1 && n <= 64 ? n : null;
  }
  const upper = trimmed.toUpperCase();
  const full = upper.startsWith("SIG") ? upper : `SIG${upper}`;
  return SIGNAL_NUMBERS.get(full) ?? null;
}

/**
 * Normalises a signal as the OS layer reports it (a name, possibly an alias, or a number) to
 * supervisord's spelling.
 */
export function normaliseSignal(sig: string | number): string {
  if (typeof sig === "number") return signame(sig);
  const num = signalNumber(sig);
  return num === null ? sig : signame(num);
}
