// The Supvisors ctl commands about statistics collection on the local instance:
// `stats_status` (CTL-SV-05), `enable_stats` / `disable_stats` `[host] [process] [all]`
// (CTL-SV-37, 38) and `stats_period period` (CTL-SV-39), with Supvisors 0.19's texts. JSON:
// stats_status the server's struct; enable_stats / disable_stats an outcome per statistics type
// (`"name": "host"|"process"`), stats_period one outcome named "supvisors".

import { Double, type XmlRpcValue } from "../../../api/xmlrpc/value.ts";
import { Exit, type Command, type Controller } from "../controller.ts";
import { PyStyleError } from "../py-errors.ts";
import { pyStr } from "../py-format.ts";
import { asStruct, field } from "./results.ts";
import { callFor, supvisorsRequest } from "./supvisors-args.ts";
import { callOrReport, rejectArgs, supvisorsCommand, valueLines } from "./supvisors-support.ts";

/**
 * Python's `str()` of a value the server declares a float: XML-RPC doubles arrive as plain
 * numbers, so a whole number is shown as Python shows a float (`5.0`).
 * @example floatText(5) // "5.0"
 */
export function floatText(value: XmlRpcValue): string {
  if (typeof value === "number" && Number.isInteger(value) && Math.abs(value) < 1e16) return value.toFixed(1);
  return pyStr(value);
}

const FLOAT_WORD = /^[+-]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?$/;
const SPECIAL_FLOAT = /^[+-]?(?:inf|infinity|nan)$/i;

/**
 * Python's `float()` of one word, or null where Python raises ValueError.
 * @example pyFloat("1_0.5") // 10.5
 */
export function pyFloat(word: string): number | null {
  if (FLOAT_WORD.test(word)) return Number(word.replace(/_/g, ""));
  if (!SPECIAL_FLOAT.test(word)) return null;
  const negative = word.startsWith("-");
  if (/nan/i.test(word)) return NaN;
  return negative ? -Infinity : Infinity;
}

export const statsStatus = supvisorsCommand({
  name: "stats_status",
  help: ["stats_status\t\t\tGet the Supvisors statistics collection status."],
  async run(ctl) {
    const answer = await callOrReport(ctl, "get_statistics_status");
    if (answer === undefined) return;
    const s = asStruct(answer);
    valueLines(ctl, s, [
      () => `Collecting Host statistics:    ${pyStr(field(s, "host_stats"))}`,
      () => `Collecting Process statistics: ${pyStr(field(s, "process_stats"))}`,
      () => `Collecting statistics period:  ${floatText(field(s, "collecting_period"))}`,
    ]);
  },
});

/** Which statistics the words name (none: both), or the error line of each bad word. */
function statsTypes(words: readonly string[]): { host: boolean; process: boolean } | { errors: string[] } {
  if (words.length === 0) return { host: true, process: true };
  let host = false;
  let proc = false;
  const errors: string[] = [];
  for (const word of words.map((w) => w.toLowerCase())) {
    if (word === "host") host = true;
    else if (word === "process") proc = true;
    else if (word === "all") host = proc = true;
    // Every bad word gets its line before the help, as in the original.
    else errors.push(`ERROR: invalid statistics type ${word}`);
  }
  return errors.length > 0 ? { errors } : { host, process: proc };
}

/** One switch request; its outcome is named after the statistics type. */
async function switchStats(ctl: Controller, type: "host" | "process", enable: boolean, verb: string): Promise<void> {
  const label = type === "host" ? "Host" : "Process";
  const result = await callFor(ctl, { name: type, label: null }, `enable_${type}_statistics`, enable);
  if (result !== undefined) ctl.outcome({ name: type, ok: true, result }, `${label} statistics ${verb}: ${pyStr(result)}`);
}

function switchCommand(name: string, enable: boolean, verb: string): Command {
  const label = enable ? "Enable" : "Disable";
  return supvisorsCommand({
    name,
    help: [
      `${name}\t\t\t${label} host and process statistics collection`,
      `${name} all\t\t${label} host and process statistics collection`,
      `${name} host\t\t${label} host statistics collection`,
      `${name} process\t\t${label} process statistics collection`,
      `${name} host process\t${label} host and process statistics collection`,
    ],
    async run(ctl, words, command) {
      const types = statsTypes(words);
      if ("errors" in types) {
        const message = types.errors.join("\n");
        ctl.fail({ kind: "usage", code: null, text: message, message, help: command.help });
        ctl.exitstatus = Exit.INVALID_ARGS;
        return;
      }
      if (types.host) await switchStats(ctl, "host", enable, verb);
      if (types.process) await switchStats(ctl, "process", enable, verb);
    },
  });
}

export const enableStats = switchCommand("enable_stats", true, "enabled");
export const disableStats = switchCommand("disable_stats", false, "disabled");

export const statsPeriod = supvisorsCommand({
  name: "stats_period",
  help: ["stats_period period\t\tUpdate the host and process statistics collection period"],
  minWords: 1,
  usage: "ERROR: stats_period requires a period",
  async run(ctl, [word], command) {
    const value = pyFloat(word!);
    if (value === null) {
      rejectArgs(ctl, command, "ERROR: stats_period requires a strictly positive period");
      return;
    }
    // Supvisors 0.19 checks the sign with an assert that nothing catches: the shell reports the
    // AssertionError (exit 1) rather than the message above. Scripts may rely on that line.
    if (!(value > 0)) throw new PyStyleError("AssertionError", "");
    // Python sends a float: <double>5.0</double> even for a whole number.
    await supvisorsRequest(ctl, "Statistics period updated", "update_collecting_period", new Double(value));
  },
});
