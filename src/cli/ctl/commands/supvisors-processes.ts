// The Supvisors process query commands of the ctl: `sstatus [namespec ...|all]` (CTL-SV-09),
// `process_rules [namespec ...|all]` (CTL-SV-11) and `conflicts` (CTL-SV-12), in the Supvisors
// 0.19 layouts.

import { ProcessStates } from "../../../process/states.ts";
import type { Controller } from "../controller.ts";
import { asArray, asStruct, field, namespec, truthy, type Struct } from "./results.ts";
import { callFor, meansAll, pyEqualsInt, pySorted } from "./supvisors-args.ts";
import { supvisorsCommand } from "./supvisors-support.ts";
import { printTable, text, type TableColumn } from "./supvisors-table.ts";

/** The namespec of a process status or rules struct. */
export function structNamespec(s: Struct): string {
  return namespec(text(s, "application_name"), text(s, "process_name"));
}

/**
 * The namespecs of every process Supvisors knows (those `keep` accepts), or [] after a fault,
 * which is reported as `ERROR (<faultString>)`.
 */
export async function allNamespecs(ctl: Controller, keep: (info: Struct) => boolean = () => true): Promise<string[]> {
  const answer = await callFor(ctl, null, "get_all_process_info");
  if (answer === undefined) return [];
  const names: string[] = [];
  for (const info of asArray(answer).map(asStruct)) {
    if (keep(info)) names.push(structNamespec(info));
  }
  return names;
}

const STATUS_COLUMNS: readonly TableColumn[] = [
  { title: "Application", key: "application_name" },
  { title: "Process", key: "process_name" },
  { title: "State", width: 12 },
  { title: "Expected", width: 10 },
  { title: "Supervisor" },
];

function statusCells(info: Struct): string[] {
  // Whether the exit was expected only means something for an EXITED process.
  const expected = pyEqualsInt(field(info, "statecode"), ProcessStates.EXITED) ? text(info, "expected_exit") : "n/a";
  return [text(info, "application_name"), text(info, "process_name"), text(info, "statename"), expected, text(info, "identifiers")];
}

export const sstatus = supvisorsCommand({
  name: "sstatus",
  help: [
    "sstatus <proc>\t\t\t\tGet the status of the process named proc.",
    "sstatus <appli>:*\t\t\tGet the process status of application named appli.",
    "sstatus <proc> <proc>\t\t\tGet the status for multiple named processes",
    "sstatus\t\t\t\t\tGet the status of all processes.",
  ],
  async run(ctl, processes) {
    const infos: Struct[] = [];
    if (meansAll(processes)) {
      const answer = await callFor(ctl, null, "get_all_process_info");
      if (answer !== undefined) infos.push(...asArray(answer).map(asStruct));
    } else {
      // One request per name, in the order given; a fault names the process.
      for (const process of processes) {
        const answer = await callFor(ctl, process, "get_process_info", process);
        if (answer !== undefined) infos.push(...asArray(answer).map(asStruct));
      }
    }
    if (infos.length > 0) printTable(ctl, STATUS_COLUMNS, infos, statusCells);
  },
});

const RULES_COLUMNS: readonly TableColumn[] = [
  { title: "Application", key: "application_name" },
  { title: "Process", key: "process_name" },
  { title: "Start", width: 7 },
  { title: "Stop", width: 7 },
  { title: "Required", width: 12 },
  { title: "WaitExit", width: 12 },
  { title: "Loading", width: 12 },
  { title: "Strategy", width: 22 },
  { title: "Supervisor" },
];

function rulesCells(rules: Struct): string[] {
  // Fields are read in the original's order, so that the first missing one is the one reported.
  const appli = text(rules, "application_name");
  const proc = text(rules, "process_name");
  const identifiers = text(rules, "identifiers");
  const start = text(rules, "start_sequence");
  const stop = text(rules, "stop_sequence");
  const required = text(rules, "required");
  const waitExit = text(rules, "wait_exit");
  const loading = `${text(rules, "expected_loading")}%`;
  const strategy = text(rules, "running_failure_strategy");
  return [appli, proc, start, stop, required, waitExit, loading, strategy, identifiers];
}

export const processRules = supvisorsCommand({
  name: "process_rules",
  help: [
    "process_rules <proc>\t\t\tGet the rules of the process named proc.",
    "process_rules <appli>:*\t\t\tGet the rules of all processes in the application named appli.",
    "process_rules <proc> <proc>\t\tGet the rules for multiple named processes",
    "process_rules\t\t\t\tGet the rules of all processes.",
  ],
  async run(ctl, words) {
    const namespecs = meansAll(words) ? await allNamespecs(ctl) : words;
    const rulesList: Struct[] = [];
    for (const name of pySorted(namespecs)) {
      const answer = await callFor(ctl, name, "get_process_rules", name);
      if (answer !== undefined) rulesList.push(...asArray(answer).map(asStruct));
    }
    if (rulesList.length > 0) printTable(ctl, RULES_COLUMNS, rulesList, rulesCells);
  },
});

const CONFLICT_COLUMNS: readonly TableColumn[] = [
  { title: "Application", key: "application_name" },
  { title: "Process", key: "process_name" },
  { title: "State", width: 12 },
  { title: "Supervisor" },
];

export const conflicts = supvisorsCommand({
  name: "conflicts",
  help: ["conflicts\t\t\t\tGet the Supvisors conflicts."],
  async run(ctl) {
    const answer = await callFor(ctl, null, "get_conflicts");
    // No conflict: nothing at all is printed, not even the title.
    if (answer === undefined || !truthy(answer)) return;
    printTable(ctl, CONFLICT_COLUMNS, asArray(answer).map(asStruct), (c) => [
      text(c, "application_name"),
      text(c, "process_name"),
      text(c, "statename"),
      text(c, "identifiers"),
    ]);
  },
});
