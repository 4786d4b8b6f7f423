// The Supvisors state commands of the ctl: `sversion` (CTL-SV-01), `sstate` (CTL-SV-02), `master`
// (CTL-SV-03) and `strategies` (CTL-SV-04). Layouts and texts follow the Supvisors 0.19 ctl plugin.
// JSON: the server's answer as is: sversion a string, sstate the local state-modes struct (with
// identifiers: the selected instances' structs), master and strategies their structs.

import type { XmlRpcValue } from "../../../api/xmlrpc/value.ts";
import { pyStr } from "../py-format.ts";
import { asArray, asStruct, field, truthy, type Struct } from "./results.ts";
import { callOrReport, columnWidth, structIsEmpty, supvisorsCommand, tableLine, valueLines } from "./supvisors-support.ts";

export const sversion = supvisorsCommand({
  name: "sversion",
  help: ["sversion\t\t\tGet the API version of Supvisors."],
  async run(ctl) {
    const version = await callOrReport(ctl, "get_api_version");
    if (version !== undefined) ctl.value(version, pyStr(version));
  },
});

/** The sstate columns: title, struct key, and whether the column is as wide as its values. */
const SSTATE_COLUMNS: ReadonlyArray<{ title: string; key: string; fixed?: number }> = [
  { title: "Nickname", key: "nick_identifier" },
  { title: "Supvisors identifier", key: "identifier" },
  { title: "State", key: "fsm_statename", fixed: 16 },
  { title: "Degraded", key: "degraded_mode", fixed: 10 },
  { title: "Discovery", key: "discovery_mode", fixed: 11 },
  { title: "Master", key: "master_identifier" },
  { title: "Starting", key: "starting_jobs" },
  { title: "Stopping", key: "stopping_jobs" },
];

/**
 * The sstate table: a title line, then one line per state-modes struct that `identifiers` selects
 * (all when empty or holding "all"; else by identifier or nickname). Lines go to `emit` one by
 * one, with the struct of each row (none for the title), so that a struct missing a key fails
 * after the lines before it, as in the original.
 */
export function sstateTable(
  modes: readonly Struct[],
  identifiers: readonly string[],
  emit: (line: string, row?: Struct) => void,
): void {
  const widths = SSTATE_COLUMNS.map((c) => c.fixed ?? columnWidth(modes, c.key, c.title));
  emit(tableLine(SSTATE_COLUMNS.map((c) => c.title), widths));
  const all = identifiers.length === 0 || identifiers.includes("all");
  for (const sm of modes) {
    const selected =
      all || identifiers.includes(pyStr(field(sm, "identifier"))) || identifiers.includes(pyStr(field(sm, "nick_identifier")));
    if (!selected) continue;
    emit(tableLine(SSTATE_COLUMNS.map((c) => pyStr(field(sm, c.key))), widths), sm);
  }
}

export const sstate = supvisorsCommand({
  name: "sstate",
  help: [
    "sstate\t\t\t\tGet the Supvisors state and modes.",
    "sstate <identifier>\t\t\tGet the Supvisors instance state and modes.",
    "sstate <identifier> <identifier>\tGet the state and modes for multiple Supvisors instances",
    "sstate all\t\t\tGet the state and modes for all Supvisors instances",
  ],
  async run(ctl, identifiers) {
    // With identifiers, the state of every instance as last published; without, the local view,
    // whose job columns list the identifiers having jobs.
    let modes: XmlRpcValue[] = [];
    if (identifiers.length > 0) {
      const all = await callOrReport(ctl, "get_all_instances_state_modes");
      if (all !== undefined) modes = asArray(all);
    } else {
      const local = await callOrReport(ctl, "get_supvisors_state");
      if (local !== undefined) modes = [local];
    }
    if (modes.length === 0) return;
    // Without identifiers the answer is the one local struct, with them a list of instances.
    const local = identifiers.length === 0;
    sstateTable(modes.map(asStruct), identifiers, (line, row) => {
      if (row === undefined) ctl.note(line);
      else if (local) ctl.value(row, line);
      else ctl.item(row, line);
    });
    // Flotilla servers say what SYNCHRONIZATION waits for; Supvisors servers have no such key, so
    // their output stays exactly as the original ctl prints it.
    const waiting = local ? asStruct(modes[0]).waiting_for : undefined;
    if (typeof waiting === "string" && waiting !== "") ctl.note(`Waiting for: ${waiting}`);
  },
});

export const master = supvisorsCommand({
  name: "master",
  help: ["master\t\t\t\tGet the Supvisors Master identification."],
  async run(ctl) {
    const payload = await callOrReport(ctl, "get_master_identifier");
    if (payload === undefined) return;
    // No Master elected yet: the server answers an empty struct.
    if (!truthy(payload) || structIsEmpty(payload)) {
      ctl.value(payload, "No Supvisors Master");
      return;
    }
    const s = asStruct(payload);
    valueLines(ctl, s, [
      () => `Nick identifier: ${pyStr(field(s, "nick_identifier"))}`,
      () => `Identifier:      ${pyStr(field(s, "identifier"))}`,
    ]);
  },
});

export const strategies = supvisorsCommand({
  name: "strategies",
  help: ["strategies\t\t\tGet the Supvisors strategies."],
  async run(ctl) {
    const answer = await callOrReport(ctl, "get_strategies");
    if (answer === undefined) return;
    const s = asStruct(answer);
    valueLines(ctl, s, [
      () => `Auto-fencing: ${pyStr(field(s, "auto-fencing"))}`,
      () => `Failure:      ${pyStr(field(s, "supvisors_failure"))}`,
      () => `Conciliation: ${pyStr(field(s, "conciliation"))}`,
      () => `Starting:     ${pyStr(field(s, "starting"))}`,
    ]);
  },
});
