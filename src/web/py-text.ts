// How Supvisors' pages read and write values, in Python's own forms, so that a URL bookmarked on
// the original is read the same way and the texts match: `float()` / `int()` / `strtobool()` of a
// parameter, `str(float)` in error messages, `time.ctime()` in the footer, `str(timedelta)` for
// uptimes and `get_small_value` for figures.

const FLOAT_TEXT = /^[+-]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?$/;
const SPECIAL_FLOAT = /^[+-]?(?:inf|infinity|nan)$/i;
const INT_TEXT = /^[+-]?\d(?:_?\d)*$/;

/**
 * Python's `float(text)`, or null where Python raises ValueError (surrounding blanks allowed).
 * @example parsePyFloat("1_0.5") // 10.5
 */
export function parsePyFloat(text: string): number | null {
  const word = text.trim();
  if (FLOAT_TEXT.test(word)) return Number(word.replace(/_/g, ""));
  if (!SPECIAL_FLOAT.test(word)) return null;
  if (/nan/i.test(word)) return Number.NaN;
  return word.startsWith("-") ? -Infinity : Infinity;
}

/**
 * Python's `int(text)`, or null where Python raises ValueError.
 * @example parsePyInt(" +3 ") // 3
 */
export function parsePyInt(text: string): number | null {
  const word = text.trim();
  return INT_TEXT.test(word) ? Number(word.replace(/_/g, "")) : null;
}

const TRUE_WORDS = ["y", "yes", "t", "true", "on", "1"];
const FALSE_WORDS = ["n", "no", "f", "false", "off", "0"];

/**
 * distutils' `strtobool(text)`, or null where it raises ValueError.
 * @example parseStrtobool("Yes") // true
 */
export function parseStrtobool(text: string): boolean | null {
  const word = text.toLowerCase();
  if (TRUE_WORDS.includes(word)) return true;
  if (FALSE_WORDS.includes(word)) return false;
  return null;
}

/**
 * Python's `str()` of a float: "20.0", "2.5", "1e+16", "1e-05", "inf", "nan".
 * @example pyFloatText(7) // "7.0"
 */
export function pyFloatText(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  const abs = Math.abs(x);
  if (abs !== 0 && (abs >= 1e16 || abs < 1e-4)) return x.toExponential().replace(/e([+-])(\d)$/, "e$10$2");
  return Number.isInteger(x) ? `${x}.0` : String(x);
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * Python's `time.ctime(seconds)` in local time: the day of the month padded with a blank.
 * @example ctime(0) // "Thu Jan  1 00:00:00 1970" (in UTC)
 */
export function ctime(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000);
  const day = String(d.getDate()).padStart(2, " ");
  return `${DAYS[d.getDay()]} ${MONTHS[d.getMonth()]} ${day} ${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())} ${d.getFullYear()}`;
}

/**
 * Python's `str(timedelta(seconds=int(s)))`, Supvisors' simple_duration: "H:MM:SS", with
 * "N day(s), " in front from one day on.
 * @example pyDuration(90061) // "1 day, 1:01:01"
 */
export function pyDuration(seconds: number): string {
  const total = Math.max(0, Math.trunc(seconds));
  const days = Math.trunc(total / 86400);
  const rest = total % 86400;
  const clock = `${Math.trunc(rest / 3600)}:${pad2(Math.trunc((rest % 3600) / 60))}:${pad2(rest % 60)}`;
  if (days === 0) return clock;
  return `${days} ${days === 1 ? "day" : "days"}, ${clock}`;
}

/**
 * Supvisors' get_small_value: two decimals, and "+0.00" for a positive value that would print 0.00.
 * @example smallValue(0.004) // "+0.00"
 */
export function smallValue(value: number): string {
  if (value > 0 && value < 0.005) return "+0.00";
  return value.toFixed(2);
}
