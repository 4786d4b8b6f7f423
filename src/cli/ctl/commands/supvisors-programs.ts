// The Supvisors program and cluster action commands of the ctl: `update_numprocs` /
// `lazy_update_numprocs` (CTL-SV-27, 28), `enable` / `disable` (CTL-SV-29, 30), `conciliate`
// (CTL-SV-31) and `restart_sequence` (CTL-SV-32), with the Supvisors 0.19 texts. JSON: one
// outcome with the server's result, named after the program, or "supvisors" for conciliate and
// restart_sequence.

import { CONCILIATION_STRATEGIES } from "../../../config/supvisors-model.ts";
import type { XmlRpcValue } from "../../../api/xmlrpc/value.ts";
import type { Command } from "../controller.ts";
import { pyStr } from "../py-format.ts";
import { callFor, strategyArg, supvisorsRequest } from "./supvisors-args.ts";
import { rejectArgs, supvisorsCommand } from "./supvisors-support.ts";

/**
 * The value of a Unicode decimal digit (any script), as Python's int() reads it: such digits
 * come in runs of ten from 0 to 9, so the distance from the start of the run gives the value.
 */
function digitValue(ch: string): number {
  let cp = ch.codePointAt(0)!;
  let steps = 0;
  while (cp > 0 && /\p{Nd}/u.test(String.fromCodePoint(cp - 1))) {
    cp--;
    steps++;
  }
  return steps % 10;
}

/**
 * The numprocs argument: a strictly positive integer as Python's int() reads it (sign, `_`
 * between digits, digits of any script), else null.
 * @example numprocsArg("+3")  // 3
 * @example numprocsArg("٣")   // 3
 * @example numprocsArg("0")   // null
 */
export function numprocsArg(word: string): number | null {
  const m = /^\s*([+-]?)(\p{Nd}+(?:_\p{Nd}+)*)\s*$/u.exec(word);
  if (m === null) return null;
  let value = 0;
  for (const ch of m[2]!) if (ch !== "_") value = value * 10 + digitValue(ch);
  if (m[1] === "-") value = -value;
  return value > 0 ? value : null;
}

function numprocsCommand(name: string, help: string, extraParams: XmlRpcValue[]): Command {
  return supvisorsCommand({
    name,
    help: [help],
    minWords: 2,
    usage: `ERROR: ${name} requires a program name and a numprocs values`,
    async run(ctl, [program, word], command) {
      const numprocs = numprocsArg(word!);
      if (numprocs === null) {
        rejectArgs(ctl, command, "ERROR: numprocs must be a strictly positive integer");
        return;
      }
      const target = { name: program!, label: null };
      const result = await callFor(ctl, target, "update_numprocs", program!, numprocs, ...extraParams);
      if (result !== undefined) ctl.outcome({ name: program!, ok: true, result }, `${program} numprocs updated: ${pyStr(result)}`);
    },
  });
}

export const updateNumprocs = numprocsCommand(
  "update_numprocs",
  "update_numprocs program_name numprocs\t\tUpdate the program numprocs.",
  [],
);

// wait=True, lazy=True: obsolete processes leave the configuration only once they stop.
export const lazyUpdateNumprocs = numprocsCommand(
  "lazy_update_numprocs",
  "lazy_update_numprocs program_name numprocs\t\tUpdate the program numprocs (lazy mode).",
  [true, true],
);

function programCommand(name: string, past: string, help: string): Command {
  return supvisorsCommand({
    name,
    help: [help],
    minWords: 1,
    usage: `ERROR: ${name} requires a program name`,
    // Words after the program name are ignored, as in the original.
    async run(ctl, [program]) {
      const result = await callFor(ctl, { name: program!, label: null }, name, program!);
      if (result !== undefined) ctl.outcome({ name: program!, ok: true, result }, `${program} ${past}: ${pyStr(result)}`);
    },
  });
}

export const enable = programCommand("enable", "enabled", "enable program_name\t\t\tEnable the program.");

export const disable = programCommand("disable", "disabled", "disable program_name\t\t\tDisable the program.");

export const conciliate = supvisorsCommand({
  name: "conciliate",
  help: ["conciliate <strategy>\t\t\tConciliate process conflicts using strategy"],
  minWords: 1,
  usage: "ERROR: conciliate requires a strategy",
  async run(ctl, [word], command) {
    const strategy = strategyArg(ctl, command, CONCILIATION_STRATEGIES, word!, "ERROR: unknown strategy for conciliate.");
    if (strategy === null) return;
    await supvisorsRequest(ctl, "Conciliated", "conciliate", strategy);
  },
});

export const restartSequence = supvisorsCommand({
  name: "restart_sequence",
  help: ["restart_sequence\t\t\t\t\tTrigger the whole start sequence"],
  async run(ctl) {
    await supvisorsRequest(ctl, "Start sequence completed", "restart_sequence");
  },
});
