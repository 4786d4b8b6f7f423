// Turns a program's `command=` into the file to execute and its argv, with supervisord's checks
// and messages (`Subprocess.get_execv_args` / `check_execv_args`): these messages reach users as
// spawnerr texts and as NO_FILE / NOT_EXECUTABLE faults of startProcess.

import { accessSync, constants, statSync, type Stats } from "node:fs";
import { pyRepr } from "./pyrepr.ts";
import { ShlexError, shlexSplit } from "./shlex.ts";

/** Why a command cannot be executed; `kind` names the XML-RPC fault startProcess answers with. */
export type CommandErrorKind = "NO_FILE" | "NOT_EXECUTABLE";

/** The finer cause, as supervisord's exception classes distinguish them. */
export type CommandErrorCause = "BAD_COMMAND" | "NOT_FOUND" | "NOT_EXECUTABLE" | "NO_PERMISSION";

export class CommandError extends Error {
  readonly kind: CommandErrorKind;
  constructor(
    readonly reason: CommandErrorCause,
    message: string,
  ) {
    super(message);
    this.name = "CommandError";
    this.kind = reason === "NOT_FOUND" ? "NO_FILE" : "NOT_EXECUTABLE";
  }
}

export interface ResolvedCommand {
  /** The file to execute (absolute when found through PATH). */
  filename: string;
  /** argv as written, argv[0] included. */
  argv: string[];
}

/** supervisord's search path when PATH is unset or empty (`ServerOptions.get_path`). */
export const DEFAULT_PATH = ["/bin", "/usr/bin", "/usr/local/bin"];

/**
 * Splits `command` and locates its program: a name containing "/" is used as is, any other is
 * looked up in each directory of `pathEnv` (colon separated; unset or empty → DEFAULT_PATH).
 * Throws CommandError with supervisord's message when the result cannot be run.
 * @example resolveCommand("cat -n", "/usr/bin:/bin") // { filename: "/usr/bin/cat", argv: ["cat", "-n"] }
 */
export function resolveCommand(command: string, pathEnv: string | null | undefined): ResolvedCommand {
  let argv: string[];
  try {
    argv = shlexSplit(command);
  } catch (err) {
    if (!(err instanceof ShlexError)) throw err;
    throw new CommandError("BAD_COMMAND", `can't parse command ${pyRepr(command)}: ${err.message}`);
  }
  if (argv.length === 0) throw new CommandError("BAD_COMMAND", "command is empty");

  const program = argv[0];
  let filename = program;
  let st: Stats | null = null;
  if (program.includes("/")) {
    st = statOrNull(program);
  } else {
    const dirs = pathEnv ? pathEnv.split(":") : DEFAULT_PATH;
    // Like supervisord, the first existing entry wins even if it is a directory or not executable.
    for (const dir of dirs) {
      const candidate = joinLikePython(dir, program);
      st = statOrNull(candidate);
      if (st) {
        filename = candidate;
        break;
      }
    }
  }
  checkExecutable(filename, st);
  return { filename, argv };
}

/** os.path.join(dir, name) for a plain name: no normalisation, so messages show the PATH entry as written. */
function joinLikePython(dir: string, name: string): string {
  if (dir === "" || dir.endsWith("/")) return dir + name;
  return `${dir}/${name}`;
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

function checkExecutable(filename: string, st: Stats | null): void {
  const shown = pyRepr(filename);
  if (st === null) throw new CommandError("NOT_FOUND", `can't find command ${shown}`);
  if (st.isDirectory()) throw new CommandError("NOT_EXECUTABLE", `command at ${shown} is a directory`);
  if ((st.mode & 0o111) === 0) {
    throw new CommandError("NOT_EXECUTABLE", `command at ${shown} is not executable`);
  }
  try {
    accessSync(filename, constants.X_OK);
  } catch {
    throw new CommandError("NO_PERMISSION", `no permission to run command ${shown}`);
  }
}
