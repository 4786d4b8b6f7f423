// The ctl's command line (CTL-GEN-01, CFG-CT-05), read with Python getopt's rules since scripts
// rely on them: options stop at the first word that is not one, `-sURL` and `-s URL` both work,
// long options may be abbreviated to a unique prefix, and each option may be given once.
// `--json` is Flotilla's own (supervisorctl has no such option).

import { checkUrlOption } from "./server-url.ts";
import { PyStyleError, pyRepr } from "./py-errors.ts";

/** A command-line mistake; printed as `Error: <message>` plus a hint, exit status 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export interface CtlArgs {
  help: boolean;
  configFile: string | null;
  interactive: boolean;
  serverurl: string | null;
  username: string | null;
  password: string | null;
  historyFile: string | null;
  /** --json: one JSON document per command on stdout, for scripts (Flotilla extra). */
  json: boolean;
  /** The command and its arguments, empty for the shell. */
  command: string[];
}

type Name = "configFile" | "interactive" | "serverurl" | "username" | "password" | "historyFile" | "help" | "json";

interface OptionSpec {
  name: Name;
  takesValue: boolean;
}

const SHORT: Record<string, OptionSpec> = {
  h: { name: "help", takesValue: false },
  "?": { name: "help", takesValue: false },
  c: { name: "configFile", takesValue: true },
  i: { name: "interactive", takesValue: false },
  s: { name: "serverurl", takesValue: true },
  u: { name: "username", takesValue: true },
  p: { name: "password", takesValue: true },
  r: { name: "historyFile", takesValue: true },
};

const LONG: Record<string, OptionSpec> = {
  help: { name: "help", takesValue: false },
  configuration: { name: "configFile", takesValue: true },
  interactive: { name: "interactive", takesValue: false },
  serverurl: { name: "serverurl", takesValue: true },
  username: { name: "username", takesValue: true },
  password: { name: "password", takesValue: true },
  history_file: { name: "historyFile", takesValue: true },
  json: { name: "json", takesValue: false },
};

function longOption(text: string): [string, OptionSpec] {
  if (LONG[text]) return [text, LONG[text]];
  const matches = Object.keys(LONG).filter((k) => k.startsWith(text));
  if (matches.length === 0) throw new UsageError(`option --${text} not recognized`);
  if (matches.length > 1) throw new UsageError(`option --${text} not a unique prefix`);
  return [matches[0]!, LONG[matches[0]!]!];
}

/** getopt: the options as written (`-s`, `--serverurl`) with their values, and the rest. */
function getopt(argv: readonly string[]): { options: Array<[string, OptionSpec, string]>; rest: string[] } {
  const options: Array<[string, OptionSpec, string]> = [];
  let i = 0;
  while (i < argv.length && argv[i]!.startsWith("-") && argv[i] !== "-") {
    const word = argv[i++]!;
    if (word === "--") break;
    if (word.startsWith("--")) {
      const eq = word.indexOf("=");
      const [key, spec] = longOption(eq < 0 ? word.slice(2) : word.slice(2, eq));
      let value = eq < 0 ? null : word.slice(eq + 1);
      if (spec.takesValue && value === null) {
        if (i >= argv.length) throw new UsageError(`option --${key} requires argument`);
        value = argv[i++]!;
      } else if (!spec.takesValue && value !== null) {
        throw new UsageError(`option --${key} must not have an argument`);
      }
      options.push([`--${key}`, spec, value ?? ""]);
      continue;
    }
    let letters = word.slice(1);
    while (letters !== "") {
      const letter = letters[0]!;
      letters = letters.slice(1);
      const spec = SHORT[letter];
      if (!spec) throw new UsageError(`option -${letter} not recognized`);
      if (!spec.takesValue) {
        options.push([`-${letter}`, spec, ""]);
        continue;
      }
      if (letters === "") {
        if (i >= argv.length) throw new UsageError(`option -${letter} requires argument`);
        letters = argv[i++]!;
      }
      options.push([`-${letter}`, spec, letters]);
      letters = "";
    }
  }
  return { options, rest: argv.slice(i) };
}

/**
 * Reads the ctl's arguments. `-h` stops the reading where it stands, as supervisorctl prints its
 * help as soon as it meets the option.
 * @example parseCtlArgs(["-s", "http://127.0.0.1:9001", "status"]).command // ["status"]
 */
export function parseCtlArgs(argv: readonly string[]): CtlArgs {
  const { options, rest } = getopt(argv);
  const args: CtlArgs = {
    help: false,
    configFile: null,
    interactive: false,
    serverurl: null,
    username: null,
    password: null,
    historyFile: null,
    json: false,
    command: rest,
  };
  const seen = new Set<Name>();
  for (const [written, spec, value] of options) {
    if (spec.name === "help") {
      args.help = true;
      return args;
    }
    let checked = value;
    if (spec.name === "serverurl") {
      try {
        checked = checkUrlOption(value);
      } catch (e) {
        const why = e instanceof PyStyleError ? e.message : String(e);
        throw new UsageError(`invalid value for ${written} ${pyRepr(value)}: ${why}`);
      }
    }
    if (seen.has(spec.name)) throw new UsageError(`conflicting command line option ${pyRepr(written)}`);
    seen.add(spec.name);
    if (spec.name === "interactive") args.interactive = true;
    else if (spec.name === "json") args.json = true;
    else args[spec.name] = checked;
  }
  if (args.json && args.command.length === 0) {
    throw new UsageError("--json needs a command: the interactive shell prints text");
  }
  if (args.json && args.interactive) {
    throw new UsageError("--json cannot be used with -i: a question would break the JSON document");
  }
  return args;
}

/**
 * Whether the words ask for --json, read as getopt would but without failing, so that a mistake
 * on the command line can itself be answered in JSON.
 * @example jsonRequested(["--json", "--bogus", "status"]) // true
 */
export function jsonRequested(argv: readonly string[]): boolean {
  let i = 0;
  while (i < argv.length && argv[i]!.startsWith("-") && argv[i] !== "-" && argv[i] !== "--") {
    const word = argv[i++]!;
    if (word.startsWith("--")) {
      const key = word.slice(2).split("=")[0]!;
      const matches = Object.keys(LONG).filter((k) => k.startsWith(key));
      const spec = LONG[key] ?? (matches.length === 1 ? LONG[matches[0]!] : undefined);
      if (spec?.name === "json") return true;
      if (spec?.takesValue && !word.includes("=")) i++;
      continue;
    }
    // A short option taking a value takes the rest of the word, or the next word.
    const letters = word.slice(1);
    for (let k = 0; k < letters.length; k++) {
      if (SHORT[letters[k]!]?.takesValue) {
        if (k === letters.length - 1) i++;
        break;
      }
    }
  }
  return false;
}

/** The text of `-h`. */
export function usageText(progname: string): string {
  return [
    `${progname} -- control the processes of a supervisord from the command line.`,
    "",
    `Usage: ${progname} [options] [action [arguments]]`,
    "",
    "Options:",
    "-c/--configuration FILENAME -- configuration file to read [supervisorctl] from",
    "     (searched for when not given)",
    "-h/--help -- show this message and exit",
    "-i/--interactive -- ask before reload/shutdown and for credentials, as in the shell",
    "-s/--serverurl URL -- http://host:port or unix:///path/to/socket of the server",
    '     (default "http://localhost:9001").',
    "-u/--username USERNAME -- user name for the server's authentication",
    "-p/--password PASSWORD -- password for the server's authentication",
    "-r/--history_file FILE -- keep the shell's line history in FILE",
    "--json -- print one JSON document on stdout for the action, for scripts (Flotilla",
    "     extra; needs an action, not with -i). Query actions give the server's answers,",
    '     control actions one {"name", "ok", "result"?, "error"?} per target, failures',
    '     {"error": {"kind", "code", "text", "message"}}; the exit status is unchanged.',
    "     tail -f, maintail -f and fg are refused.",
    "",
    "action [arguments] -- an action such as \"status\" or \"tail\", run once; without one,",
    'an interactive shell starts. Type "help" in the shell to list the actions.',
    "",
  ].join("\n");
}
