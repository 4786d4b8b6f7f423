// What every Supvisors command of the ctl shares: the `supvisors` up-check (CTL-GEN-05), the
// `ERROR (<faultString>)` line a fault gets (CTL-GEN-07), the argument-error reply, the factory
// that builds a command around them, and the column layout of the Supvisors tables (each column
// as wide as its title or longest value + 2).

import { Faults, RpcFault } from "../../../api/faults.ts";
import type { XmlRpcValue } from "../../../api/xmlrpc/value.ts";
import { Exit, splitArgs, type Command, type Controller } from "../controller.ts";
import { pyStr } from "../py-format.ts";
import { ConnectionError } from "../transport-errors.ts";
import type { Struct } from "./results.ts";

/** The API version the Supvisors 0.19 ctl requires of `supvisors.get_api_version`. */
export const SUPVISORS_API_VERSION = "0.19";

/** The `help` section of the Supvisors commands ("supvisors commands (type help <topic>):"). */
export const SUPVISORS_SECTION = "supvisors";

/**
 * CTL-GEN-05: is a server with the `supvisors` namespace of the right version answering?
 * Prints why not and sets the exit status; other failures are thrown to the command loop.
 */
export async function supvisorsUpcheck(ctl: Controller): Promise<boolean> {
  let api: XmlRpcValue;
  try {
    api = await ctl.call("supvisors.get_api_version");
  } catch (e) {
    if (e instanceof RpcFault && e.code === Faults.UNKNOWN_METHOD) {
      // "supervisorstl" is spelled so by the original; scripts may match the whole line.
      ctl.failWith(
        e,
        "ERROR: supervisord responded but did not recognize the supvisors namespace commands that " +
          "supervisorstl uses to control it. Please check that the [rpcinterface:supvisors] section " +
          "is enabled in the configuration file.",
      );
      ctl.exitstatus = Exit.UNIMPLEMENTED_FEATURE;
      return false;
    }
    if (e instanceof ConnectionError && e.kind !== "other") {
      const refused = e.kind === "refused";
      ctl.failWith(e, `ERROR: ${ctl.settings.serverurl} ${refused ? "refused connection" : "no such file"}`);
      ctl.exitstatus = refused ? Exit.INSUFFICIENT_PRIVILEGES : Exit.NOT_RUNNING;
      return false;
    }
    throw e;
  }
  if (api !== SUPVISORS_API_VERSION) {
    const message =
      "ERROR: this version of supvisorsctl expects to talk to a server with API version " +
      `${SUPVISORS_API_VERSION}, but the remote version is ${pyStr(api)}.`;
    ctl.fail({ kind: "version", code: null, text: message, message });
    ctl.exitstatus = Exit.NOT_INSTALLED;
    return false;
  }
  return true;
}

/**
 * One call on the `supvisors` namespace; a fault is reported as `ERROR (<faultString>)` with exit
 * status 1 (a failure of the whole command) and gives `undefined`. Anything else is thrown to
 * the command loop.
 */
export async function callOrReport(ctl: Controller, method: string, ...params: XmlRpcValue[]): Promise<XmlRpcValue | undefined> {
  try {
    return await ctl.call(`supvisors.${method}`, ...params);
  } catch (e) {
    if (!(e instanceof RpcFault)) throw e;
    ctl.failWith(e, `ERROR (${e.faultString})`);
    ctl.exitstatus = Exit.GENERIC;
    return undefined;
  }
}

/**
 * Reports `value`, printed as the lines the `lines` functions build in turn. When one fails (a
 * field the server left out), the lines before it are still printed, then the error goes on to
 * the command loop, as the original prints each line before reading the next field.
 * @example valueLines(ctl, s, [() => `Identifier: ${pyStr(field(s, "identifier"))}`])
 */
export function valueLines(ctl: Controller, value: XmlRpcValue, lines: ReadonlyArray<() => string>): void {
  const built: string[] = [];
  try {
    for (const line of lines) built.push(line());
  } finally {
    ctl.value(value, ...built);
  }
}

/** An argument error: the message, then the command's help, exit status 2. */
export function rejectArgs(ctl: Controller, command: Command, message: string): void {
  ctl.usageError(message, command.help);
  ctl.exitstatus = Exit.INVALID_ARGS;
}

/**
 * How many words a command accepts: none of these (any number), or bounds with the message that
 * is printed, before the help and with exit status 2, when the words are fewer or more.
 */
export type WordLimits =
  | { minWords?: undefined; maxWords?: undefined; usage?: undefined }
  | { minWords?: number; maxWords?: number; usage: string };

/** A Supvisors command: its name, help lines and body, and the words it accepts. */
export type SupvisorsCommandSpec = WordLimits & {
  name: string;
  help: readonly string[];
  /**
   * The body, after the up-check and the word count passed: the words of the argument line
   * (a fresh array the body may consume) and the command itself, for `rejectArgs`.
   */
  run(ctl: Controller, words: string[], command: Command): Promise<void>;
};

/**
 * Builds a command of the `supvisors` help section. Its run always checks the server first (the
 * original does so before looking at the arguments), then the word count, then calls the body.
 * @example supvisorsCommand({ name: "enable", help: ["enable program_name..."], minWords: 1,
 *   usage: "ERROR: enable requires a program name", run: async (ctl, [program]) => { ... } })
 */
export function supvisorsCommand(spec: SupvisorsCommandSpec): Command {
  const command: Command = {
    name: spec.name,
    listed: true,
    section: SUPVISORS_SECTION,
    help: spec.help,
    async run(ctl, arg) {
      if (!(await supvisorsUpcheck(ctl))) return;
      const words = splitArgs(arg);
      if (spec.usage !== undefined) {
        const tooFew = spec.minWords !== undefined && words.length < spec.minWords;
        const tooMany = spec.maxWords !== undefined && words.length > spec.maxWords;
        if (tooFew || tooMany) {
          rejectArgs(ctl, command, spec.usage);
          return;
        }
      }
      await spec.run(ctl, words, command);
    },
  };
  return command;
}

/** Python's len(): code points, not UTF-16 units. */
export function pyLen(s: string): number {
  return [...s].length;
}

/** Python's `%-Ns`: left-justified in `width` code points, never cut. */
export function padRight(s: string, width: number): string {
  return s + " ".repeat(Math.max(0, width - pyLen(s)));
}

/**
 * The width of a table column: its title or its longest value (as `str()` shows it, over the rows
 * that have the key), plus 2.
 * @example columnWidth([{ identifier: "10.0.0.1:60000" }], "identifier", "Master") // 16
 */
export function columnWidth(rows: readonly Struct[], key: string, title: string): number {
  let widest = pyLen(title);
  for (const row of rows) {
    if (key in row) widest = Math.max(widest, pyLen(pyStr(row[key])));
  }
  return widest + 2;
}

/** One table line: each cell padded to its width (the last one too, as the original does). */
export function tableLine(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((cell, i) => padRight(cell, widths[i] ?? 0)).join("");
}

/** Python's truthiness of a struct (an empty dict is false). */
export function structIsEmpty(value: XmlRpcValue): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date) &&
    !(value instanceof Uint8Array) && Object.keys(value).length === 0;
}
