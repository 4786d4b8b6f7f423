// The Supvisors application query commands of the ctl: `application_info [app ...|all]`
// (CTL-SV-07) and `application_rules [app ...|all]` (CTL-SV-08), in the Supvisors 0.19 layouts.

import { pyStr } from "../py-format.ts";
import { asArray, asStruct, field, truthy, type Struct } from "./results.ts";
import { callFor, meansAll } from "./supvisors-args.ts";
import { supvisorsCommand } from "./supvisors-support.ts";
import { printTable, text, type TableColumn } from "./supvisors-table.ts";

const INFO_COLUMNS: readonly TableColumn[] = [
  { title: "Application", key: "application_name" },
  { title: "State", width: 10 },
  { title: "Major", width: 7 },
  { title: "Minor", width: 7 },
];

export const applicationInfo = supvisorsCommand({
  name: "application_info",
  help: [
    "application_info <appli>\t\tGet the status of application named appli.",
    "application_info <appli> <appli>\tGet the status for multiple named application",
    "application_info\t\t\tGet the status of all applications.",
  ],
  async run(ctl, wanted) {
    // One request for every application, filtered here; the width counts them all.
    const answer = await callFor(ctl, null, "get_all_applications_info");
    if (answer === undefined) return;
    const all = meansAll(wanted);
    printTable(ctl, INFO_COLUMNS, asArray(answer).map(asStruct), (info) => {
      if (!all && !wanted.includes(text(info, "application_name"))) return null;
      return [text(info, "application_name"), text(info, "statename"), text(info, "major_failure"), text(info, "minor_failure")];
    });
  },
});

const RULES_COLUMNS: readonly TableColumn[] = [
  { title: "Application", key: "application_name" },
  { title: "Managed", width: 9 },
  { title: "Distribution", width: 17 },
  { title: "Supervisor", key: "identifiers" },
  { title: "Start", width: 7 },
  { title: "Stop", width: 7 },
  { title: "Starting", width: 18 },
  { title: "Starting_Failure", width: 18 },
  { title: "Running_Failure" },
];

/** One application_rules line; an unmanaged application has no rules but its name. */
function rulesCells(rules: Struct): string[] {
  if (!truthy(field(rules, "managed"))) {
    return [text(rules, "application_name"), "False", ...Array<string>(7).fill("n/a")];
  }
  return [
    text(rules, "application_name"),
    "True",
    text(rules, "distribution"),
    // Supvisors always sends the identifiers of a managed application; an older server may not.
    "identifiers" in rules ? pyStr(rules.identifiers) : "n/a",
    text(rules, "start_sequence"),
    text(rules, "stop_sequence"),
    text(rules, "starting_strategy"),
    text(rules, "starting_failure_strategy"),
    text(rules, "running_failure_strategy"),
  ];
}

export const applicationRules = supvisorsCommand({
  name: "application_rules",
  help: [
    "application_rules <appli>\t\t\tGet the rules of the application named appli.",
    "application_rules <appli> <appli>\t\tGet the rules for multiple named applications",
    "application_rules\t\t\t\tGet the rules of all applications.",
  ],
  async run(ctl, words) {
    let applications = words;
    if (meansAll(applications)) {
      const answer = await callFor(ctl, null, "get_all_applications_info");
      applications = answer === undefined ? [] : asArray(answer).map((i) => text(asStruct(i), "application_name"));
    }
    // One request per application, in the order given; a fault names the application.
    const rulesList: Struct[] = [];
    for (const application of applications) {
      const rules = await callFor(ctl, application, "get_application_rules", application);
      if (rules !== undefined) rulesList.push(asStruct(rules));
    }
    if (rulesList.length > 0) printTable(ctl, RULES_COLUMNS, rulesList, rulesCells);
  },
});
