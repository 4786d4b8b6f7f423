// The Supvisors process control commands of the ctl: `start_process` (CTL-SV-17),
// `start_process_args` (CTL-SV-18), `start_any_process` (CTL-SV-19), `start_any_process_args`
// (CTL-SV-20), `test_start_process` (CTL-SV-24), `stop_process` (CTL-SV-25) and
// `restart_process` (CTL-SV-26), with the Supvisors 0.19 texts and argument checks. JSON: one
// outcome per namespec (per regular expression for start_any_process, whose result is the
// namespec started) with the server's result; test_start_process the structs of its table.

import { STARTING_STRATEGIES } from "../../../config/supvisors-model.ts";
import { RUNNING_STATES } from "../../../process/states.ts";
import type { Command, Controller } from "../controller.ts";
import { pyStr } from "../py-format.ts";
import { field, type Struct } from "./results.ts";
import { callFor, meansAll, pyEqualsInt, pySorted, strategyArg } from "./supvisors-args.ts";
import { allNamespecs } from "./supvisors-processes.ts";
import { supvisorsCommand } from "./supvisors-support.ts";
import { startTestTable } from "./supvisors-table.ts";

interface StrategyCommandSpec {
  name: string;
  help: string[];
  /** Fewest words (the strategy included) and the message when there are fewer. */
  minimum: number;
  tooFew: string;
  /** Exactly `minimum` words, no more (test_start_process). */
  exact?: boolean;
  /** The message before the list of strategy names; gets the word given. */
  unknown: (word: string) => string;
  /** Runs with the strategy value and the words after it. */
  act: (ctl: Controller, strategy: number, words: string[]) => Promise<void>;
}

/** A command whose first word is a starting strategy, checked after the server. */
function strategyCommand(spec: StrategyCommandSpec): Command {
  return supvisorsCommand({
    name: spec.name,
    help: spec.help,
    minWords: spec.minimum,
    maxWords: spec.exact === true ? spec.minimum : undefined,
    usage: spec.tooFew,
    async run(ctl, words, command) {
      const strategy = strategyArg(ctl, command, STARTING_STRATEGIES, words[0]!, spec.unknown(words[0]!));
      if (strategy !== null) await spec.act(ctl, strategy, words.slice(1));
    },
  });
}

/** One request per namespec, sorted; `all` or none means every process Supvisors knows. */
async function eachNamespec(
  ctl: Controller,
  words: readonly string[],
  request: (namespec: string) => Promise<void>,
  keep?: (info: Struct) => boolean,
): Promise<void> {
  const namespecs = meansAll(words) ? await allNamespecs(ctl, keep) : words;
  for (const namespec of pySorted(namespecs)) await request(namespec);
}

/**
 * The body of start_process and restart_process: `method(strategy, namespec)` for each namespec,
 * each answer printed as `<namespec> <done>: <result>`.
 */
function eachNamespecWithStrategy(method: string, done: string): StrategyCommandSpec["act"] {
  return (ctl, strategy, words) =>
    eachNamespec(ctl, words, async (namespec) => {
      const result = await callFor(ctl, namespec, method, strategy, namespec);
      if (result !== undefined) ctl.outcome({ name: namespec, ok: true, result }, `${namespec} ${done}: ${pyStr(result)}`);
    });
}

export const startProcess = strategyCommand({
  name: "start_process",
  help: [
    "start_process <strategy> <proc>\t\t\tStart the process named proc with strategy.",
    "start_process <strategy> <proc> <proc>\t\tStart multiple named processes with strategy.",
    "start_process <strategy>\t\t\tStart all processes with strategy.",
  ],
  minimum: 1,
  tooFew: "ERROR: start_process requires at least a strategy",
  unknown: () => "ERROR: unknown strategy for start_process.",
  act: eachNamespecWithStrategy("start_process", "started"),
});

export const startProcessArgs = strategyCommand({
  name: "start_process_args",
  // The original's help names start_process here.
  help: ["start_process <strategy> <proc> <arg_list>\tStart the process named proc with additional arguments arg_list."],
  minimum: 3,
  tooFew: "ERROR: start_process_args requires a strategy, a program namespec and extra arguments",
  unknown: () => "ERROR: unknown strategy for start_process_args.",
  async act(ctl, strategy, [namespec, ...extra]) {
    const result = await callFor(ctl, namespec!, "start_process", strategy, namespec!, extra.join(" "));
    if (result !== undefined) ctl.outcome({ name: namespec!, ok: true, result }, `${namespec} started: ${pyStr(result)}`);
  },
});

/** start_any_process answers the namespec it started; a fault names the expression, quoted. */
async function startAny(ctl: Controller, strategy: number, regex: string, extra?: string): Promise<void> {
  const params = extra === undefined ? [strategy, regex] : [strategy, regex, extra];
  const result = await callFor(ctl, { name: regex, label: `"${regex}"` }, "start_any_process", ...params);
  if (result !== undefined) ctl.outcome({ name: regex, ok: true, result }, `${pyStr(result)} started`);
}

export const startAnyProcess = strategyCommand({
  name: "start_any_process",
  help: [
    "start_any_process <strategy> <regex>\t\t\tStart a process whose namespec matches the regular expression and with a starting strategy.",
    "start_any_process <strategy> <regex> <regex>\t\tStart multiple processes whose namespec matches the regular expressions and with a starting strategy.",
  ],
  minimum: 2,
  tooFew: "ERROR: start_any_process requires a strategy and at least a regular expression",
  unknown: () => "ERROR: unknown strategy for start_any_process.",
  async act(ctl, strategy, regexes) {
    for (const regex of pySorted(regexes)) await startAny(ctl, strategy, regex);
  },
});

export const startAnyProcessArgs = strategyCommand({
  name: "start_any_process_args",
  help: [
    "start_any_process_args <strategy> <regex> <arg_list>\tStart a process whose namespec matches the regular expression, using a starting strategy and additional arguments arg_list.",
  ],
  minimum: 3,
  tooFew: "ERROR: start_any_process_args requires a strategy, a regular expression and extra arguments",
  unknown: () => "ERROR: unknown strategy for start_any_process_args.",
  act: (ctl, strategy, [regex, ...extra]) => startAny(ctl, strategy, regex!, extra.join(" ")),
});

export const testStartProcess = strategyCommand({
  name: "test_start_process",
  help: [
    "test_start_process <strategy> <proc>\t\t\tStart the process named proc with strategy.",
    "test_start_process <strategy>\t\t\tStart all processes with strategy.",
  ],
  minimum: 2,
  exact: true,
  tooFew: "ERROR: test_start_process requires one strategy and one namespec",
  unknown: () => "ERROR: unknown strategy for test_start_process.",
  async act(ctl, strategy, [namespec]) {
    const results = await callFor(ctl, namespec!, "test_start_process", strategy, namespec!);
    if (results !== undefined) startTestTable(ctl, results);
  },
});

export const restartProcess = strategyCommand({
  name: "restart_process",
  help: [
    "restart_process <strategy> <proc>\t\tRestart the process named proc using strategy.",
    "restart_process <strategy> <proc> <proc>\tRestart multiple named processes using strategy.",
    // The space before the tabs is the original's.
    "restart_process <strategy> \t\t\tRestart all processes using strategy.",
  ],
  minimum: 1,
  tooFew: "ERROR: restart_process requires a strategy and a program name",
  unknown: (word) => `ERROR: unknown strategy=${word}.`,
  act: eachNamespecWithStrategy("restart_process", "restarted"),
});

export const stopProcess = supvisorsCommand({
  name: "stop_process",
  help: [
    "stop_process <proc>\t\tStop the process named proc.",
    "stop_process <proc> <proc>\tStop multiple named processes.",
    "stop_process\t\t\tStop all named processes.",
  ],
  async run(ctl, words) {
    // For `all`, only the processes in a running state are asked to stop.
    const running = (info: Struct) =>
      RUNNING_STATES.some((s) => pyEqualsInt(field(info, "statecode"), s));
    await eachNamespec(
      ctl,
      words,
      async (namespec) => {
        // The result is not printed, only that the request was accepted.
        const result = await callFor(ctl, namespec, "stop_process", namespec);
        if (result !== undefined) ctl.outcome({ name: namespec, ok: true, result }, `${namespec} stopped`);
      },
      running,
    );
  },
});
