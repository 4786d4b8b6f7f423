// `flotilla serve`'s command line, read as supervisord reads its own: getopt's spellings, values
// converted in the order given, `-h`/`-v` acting where they stand (an invalid value before them is
// reported first), an option given twice refused, positional arguments refused. Errors are worded
// as supervisord's and always name the option; `ServeUsageError` carries them.
//
// Example: parseServeArgs(["-c", "sd.conf", "-i", "server_1"], ctx)
//          → { kind: "run", configFile: "sd.conf", overrides: { identifier: "server_1" }, profileOptions: null }

import type { ServerOverrides } from "../config/index.ts";
import { quote } from "../config/datatypes.ts";
import { getopt, GetoptError } from "./getopt.ts";
import { SERVE_OPTIONS, type ServeArgsContext, type ServeOption } from "./serve-options.ts";

export type ServeCommand =
  | { kind: "help" }
  | { kind: "version" }
  | { kind: "run"; configFile: string | null; overrides: ServerOverrides; profileOptions: string | null };

/** A command line supervisord would refuse; the message follows `Error: `. */
export class ServeUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ServeUsageError";
  }
}

const GETOPT_SPEC = {
  short: SERVE_OPTIONS.map((o) => (o.short ? `${o.short}${o.arg ? ":" : ""}` : "")).join(""),
  long: SERVE_OPTIONS.filter((o) => o.long).map((o) => `${o.long}${o.arg ? "=" : ""}`),
};

function optionWritten(written: string): ServeOption {
  const found = written.startsWith("--")
    ? SERVE_OPTIONS.find((o) => o.long === written.slice(2))
    : SERVE_OPTIONS.find((o) => o.short === written.slice(1));
  if (!found) throw new Error(`getopt returned an unknown option ${written}`);
  return found;
}

export function parseServeArgs(argv: readonly string[], ctx: ServeArgsContext): ServeCommand {
  let parsed;
  try {
    parsed = getopt(argv, GETOPT_SPEC);
  } catch (err) {
    if (err instanceof GetoptError) throw new ServeUsageError(err.message);
    throw err;
  }
  if (parsed.rest.length > 0) {
    throw new ServeUsageError(`positional arguments are not supported: [${parsed.rest.map(quote).join(", ")}]`);
  }
  const values = new Map<ServeOption["target"], unknown>();
  for (const [written, raw] of parsed.options) {
    const option = optionWritten(written);
    if (option.target === "help") return { kind: "help" };
    if (option.target === "version") return { kind: "version" };
    let value: unknown = true;
    if (option.convert) {
      try {
        value = option.convert(raw, ctx);
      } catch (err) {
        throw new ServeUsageError(`invalid value for ${written} ${quote(raw)}: ${(err as Error).message}`);
      }
    }
    if (values.has(option.target)) throw new ServeUsageError(`conflicting command line option ${quote(written)}`);
    values.set(option.target, value);
  }
  const configFile = (values.get("configuration") as string | undefined) ?? null;
  const profileOptions = (values.get("profileOptions") as string | undefined) ?? null;
  values.delete("configuration");
  values.delete("profileOptions");
  return { kind: "run", configFile, overrides: Object.fromEntries(values) as ServerOverrides, profileOptions };
}

/**
 * The command line that gives `overrides` to another `flotilla serve` (the daemonized child):
 * long names with `=`, so that no value is taken for an option.
 * @example serveArgsOf({ identifier: "-x", nodaemon: true }) // ["--nodaemon", "--identifier=-x"]
 */
export function serveArgsOf(overrides: ServerOverrides): string[] {
  const args: string[] = [];
  for (const option of SERVE_OPTIONS) {
    const value = overrides[option.target as keyof ServerOverrides];
    if (value === undefined) continue;
    if (!option.arg) {
      if (value) args.push(`--${option.long}`);
      continue;
    }
    const textValue = option.target === "umask" ? octal(value as number) : String(value);
    args.push(`--${option.long}=${textValue}`);
  }
  return args;
}

function octal(n: number): string {
  return `${n < 0 ? "-" : ""}0${Math.abs(n).toString(8)}`;
}
