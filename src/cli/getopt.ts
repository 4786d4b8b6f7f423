// Command-line splitting with the rules of Python's `getopt.getopt`, which supervisord uses, so that
// every spelling a supervisord start script uses means the same to `flotilla serve`:
// `-c FILE`, `-cFILE`, `-nc FILE` (flags grouped, the last one may take a value), `--configuration FILE`,
// `--configuration=FILE`, and long names shortened to any unique prefix (`--config=FILE`; an exact
// name wins over longer ones: `--logfile` is not a prefix clash with `--logfile_maxbytes`).
// Parsing stops at `--` or at the first argument that is not an option (`-` alone is one).
//
// Example: getopt(["-nc", "a.conf", "--logl=debug"], { short: "nc:e:", long: ["configuration=", "loglevel="] })
//          → { options: [["-n", ""], ["-c", "a.conf"], ["--loglevel", "debug"]], rest: [] }

/** Options in getopt's notation: `"c:n"` (a colon after a letter that takes a value), `["user=", "nodaemon"]`. */
export interface GetoptSpec {
  short: string;
  long: readonly string[];
}

/** Each option as written (`-c` or the full `--configuration`) with its value ("" for flags). */
export interface GetoptResult {
  options: [string, string][];
  rest: string[];
}

/** A command line getopt refuses; the message is worded as Python's. */
export class GetoptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GetoptError";
  }
}

export function getopt(argv: readonly string[], spec: GetoptSpec): GetoptResult {
  const options: [string, string][] = [];
  let i = 0;
  while (i < argv.length) {
    const arg = argv[i] as string;
    if (!arg.startsWith("-") || arg === "-") break;
    i++;
    if (arg === "--") break;
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      const written = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      const inline = eq < 0 ? undefined : arg.slice(eq + 1);
      const { name, takesValue } = matchLong(written, spec.long);
      if (!takesValue) {
        if (inline !== undefined) throw new GetoptError(`option --${name} must not have an argument`);
        options.push([`--${name}`, ""]);
        continue;
      }
      if (inline !== undefined) {
        options.push([`--${name}`, inline]);
        continue;
      }
      if (i >= argv.length) throw new GetoptError(`option --${name} requires argument`);
      options.push([`--${name}`, argv[i++] as string]);
      continue;
    }
    // A group of short options: each a flag, until one that takes the rest (or the next argument).
    for (let k = 1; k < arg.length; k++) {
      const letter = arg[k] as string;
      if (!shortTakesValue(letter, spec.short)) {
        options.push([`-${letter}`, ""]);
        continue;
      }
      if (k + 1 < arg.length) {
        options.push([`-${letter}`, arg.slice(k + 1)]);
      } else {
        if (i >= argv.length) throw new GetoptError(`option -${letter} requires argument`);
        options.push([`-${letter}`, argv[i++] as string]);
      }
      break;
    }
  }
  return { options, rest: argv.slice(i) };
}

function shortTakesValue(letter: string, short: string): boolean {
  for (let k = 0; k < short.length; k++) {
    if (short[k] === letter && letter !== ":") return short[k + 1] === ":";
  }
  throw new GetoptError(`option -${letter} not recognized`);
}

function matchLong(written: string, long: readonly string[]): { name: string; takesValue: boolean } {
  const candidates = long.filter((l) => l.startsWith(written));
  if (candidates.length === 0) throw new GetoptError(`option --${written} not recognized`);
  if (candidates.includes(written)) return { name: written, takesValue: false };
  if (candidates.includes(`${written}=`)) return { name: written, takesValue: true };
  if (candidates.length > 1) throw new GetoptError(`option --${written} not a unique prefix`);
  const only = candidates[0] as string;
  return only.endsWith("=") ? { name: only.slice(0, -1), takesValue: true } : { name: only, takesValue: false };
}
