// The Linux signal table, and conversions between names and numbers as supervisord accepts them
// for `stopsignal` (CFG-PG-11): a name with or without `SIG` in any case, or a number that Python's
// signal module knows (0..31, SIGRTMIN 34, SIGRTMAX 64).
//
// Example: signalNumber("term") === 15; signalNumber("SIGKILL") === 9; signalName(15) === "TERM"

/** Linux (x86_64/arm64) signals: the name Python reports (without `SIG`) → number. */
export const LINUX_SIGNALS: Readonly<Record<string, number>> = Object.freeze({
  HUP: 1,
  INT: 2,
  QUIT: 3,
  ILL: 4,
  TRAP: 5,
  ABRT: 6,
  BUS: 7,
  FPE: 8,
  KILL: 9,
  USR1: 10,
  SEGV: 11,
  USR2: 12,
  PIPE: 13,
  ALRM: 14,
  TERM: 15,
  STKFLT: 16,
  CHLD: 17,
  CONT: 18,
  STOP: 19,
  TSTP: 20,
  TTIN: 21,
  TTOU: 22,
  URG: 23,
  XCPU: 24,
  XFSZ: 25,
  VTALRM: 26,
  PROF: 27,
  WINCH: 28,
  POLL: 29,
  PWR: 30,
  SYS: 31,
  RTMIN: 34,
  RTMAX: 64,
});

/** Other names Python's signal module gives for the same numbers. */
const ALIASES: Readonly<Record<string, number>> = { IOT: 6, CLD: 17, IO: 29 };

const NUMBER_TO_NAME = new Map<number, string>(
  Object.entries(LINUX_SIGNALS).map(([name, num]) => [num, name]),
);

/**
 * Signal number from `TERM`, `SIGTERM`, `term` or `15`. Throws an Error naming the accepted forms.
 * Number 0 is accepted as supervisord does (it sends nothing).
 */
export function signalNumber(nameOrNumber: string): number {
  const text = nameOrNumber.trim();
  if (/^[+-]?[0-9](_?[0-9])*$/.test(text)) {
    const n = Number(text.replace(/_/g, ""));
    if (n === 0 || NUMBER_TO_NAME.has(n)) return n;
    throw new Error(`'${nameOrNumber}' is not a valid signal number; use e.g. 15 or a name such as TERM`);
  }
  let name = text.toUpperCase();
  if (name.startsWith("SIG")) name = name.slice(3);
  const num = LINUX_SIGNALS[name] ?? ALIASES[name];
  if (num === undefined) {
    throw new Error(
      `'${nameOrNumber}' is not a valid signal name; use one of TERM, HUP, INT, QUIT, KILL, USR1, USR2 (or a number)`,
    );
  }
  return num;
}

/** Canonical name without `SIG` ("TERM"). Throws a RangeError for a number with no name. */
export function signalName(num: number): string {
  const name = NUMBER_TO_NAME.get(num);
  if (name === undefined) throw new RangeError(`signal ${num} has no name`);
  return name;
}

/** Like Python's supervisor `signame`: "SIGTERM", or "signal 40" for an unnamed number. */
export function signalDescription(num: number): string {
  const name = NUMBER_TO_NAME.get(num);
  return name === undefined ? `signal ${num}` : `SIG${name}`;
}
