// A small getopt for the flotilla subcommands: short (-c FILE, -cFILE) and long (--configuration=FILE,
// --configuration FILE) options, flags without values, and the remaining positional arguments.

export interface OptionSpec {
  short: string;
  long: string;
  /** True when the option takes a value. */
  value: boolean;
}

export interface ParsedOptions {
  /** Values by short name. */
  values: Map<string, string>;
  /** Flags present, by short name. */
  flags: Set<string>;
  rest: string[];
}

export function parseOptions(argv: string[], specs: OptionSpec[]): ParsedOptions | { error: string } {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      rest.push(...argv.slice(i + 1));
      break;
    }
    let spec: OptionSpec | undefined;
    let inline: string | undefined;
    if (arg.startsWith("--")) {
      const [name, value] = splitOnce(arg.slice(2), "=");
      spec = specs.find((s) => s.long === name);
      if (!spec) return { error: `option --${name} not recognized` };
      inline = value;
    } else if (arg.startsWith("-") && arg.length > 1) {
      spec = specs.find((s) => s.short === arg[1]);
      if (!spec) return { error: `option -${arg[1]} not recognized` };
      if (arg.length > 2) inline = arg.slice(2);
    } else {
      rest.push(arg);
      continue;
    }
    if (!spec.value) {
      if (inline !== undefined) return { error: `option --${spec.long} takes no value` };
      flags.add(spec.short);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) return { error: `option --${spec.long} requires a value` };
    values.set(spec.short, value);
  }
  return { values, flags, rest };
}

function splitOnce(text: string, sep: string): [string, string | undefined] {
  const at = text.indexOf(sep);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}
