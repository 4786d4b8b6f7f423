// `instance_status [identifier ...|all]` (CTL-SV-06): one line per Supvisors instance known to the
// server, filtered here by identifier or nickname, in the Supvisors 0.19 ctl plugin's layout.
// JSON: the selected instance info structs as the server sent them.

import { Double, type XmlRpcValue } from "../../../api/xmlrpc/value.ts";
import { PyStyleError } from "../py-errors.ts";
import { pyStr } from "../py-format.ts";
import { asArray, asStruct, field, truthy, type Struct } from "./results.ts";
import { callOrReport, columnWidth, supvisorsCommand, tableLine } from "./supvisors-support.ts";

/** Formats epoch seconds as the wall-clock time of day shown in the Time column. */
export type TimeOfDay = (epochSeconds: number) => string;

const two = (n: number) => String(n).padStart(2, "0");

/**
 * HH:MM:SS of epoch seconds in this process's time zone (the original formats the instance's
 * `local_time` with the ctl's own local time, not the instance's).
 * @example localTimeOfDay(0) // "00:00:00" with TZ=UTC
 */
export const localTimeOfDay: TimeOfDay = (epochSeconds) => {
  // Python's time.localtime floors fractional seconds.
  const d = new Date(Math.floor(epochSeconds) * 1000);
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
};

function epochSeconds(value: XmlRpcValue, now: () => number): number {
  // The original treats a missing time (None) as "now".
  if (value === null) return now();
  if (typeof value === "number") return value;
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "boolean") return value ? 1 : 0;
  if (value instanceof Double) return value.value;
  throw new PyStyleError("TypeError", `'${typeof value === "string" ? "str" : "object"}' object cannot be interpreted as an integer`);
}

const COLUMNS: ReadonlyArray<{ title: string; key?: string; fixed?: number }> = [
  { title: "Nickname", key: "nick_identifier" },
  { title: "Supvisors identifier", key: "identifier" },
  { title: "Host", key: "node_name" },
  { title: "Port", fixed: 7 },
  { title: "State", fixed: 11 },
  { title: "Load", fixed: 6 },
  { title: "Time", fixed: 10 },
  { title: "Counter", fixed: 9 },
  { title: "Processes", fixed: 11 },
];

export interface InstanceTableOptions {
  timeOfDay?: TimeOfDay;
  /** Epoch seconds now, for an instance without a local time. */
  now?: () => number;
}

/**
 * The instance_status table: the title line always, then the selected instances (all when
 * `identifiers` is empty or holds "all"). Lines go to `emit` one by one, with the struct of each
 * row (none for the title), so that an instance missing a key fails after the lines before it,
 * as in the original.
 */
export function instanceTable(
  infos: readonly Struct[],
  identifiers: readonly string[],
  emit: (line: string, row?: Struct) => void,
  opts: InstanceTableOptions = {},
): void {
  const timeOfDay = opts.timeOfDay ?? localTimeOfDay;
  const now = opts.now ?? (() => Date.now() / 1000);
  const widths = COLUMNS.map((c) => c.fixed ?? columnWidth(infos, c.key!, c.title));
  emit(tableLine(COLUMNS.map((c) => c.title), widths));
  const all = identifiers.length === 0 || identifiers.includes("all");
  for (const info of infos) {
    const selected =
      all || identifiers.includes(pyStr(field(info, "identifier"))) || identifiers.includes(pyStr(field(info, "nick_identifier")));
    if (!selected) continue;
    const cells = [
      pyStr(field(info, "nick_identifier")),
      pyStr(field(info, "identifier")),
      pyStr(field(info, "node_name")),
      pyStr(field(info, "port")),
      pyStr(field(info, "statename")),
      `${pyStr(field(info, "loading"))}%`,
      timeOfDay(epochSeconds(field(info, "local_time"), now)),
      pyStr(field(info, "remote_sequence_counter")),
      truthy(field(info, "process_failure")) ? "error" : "ok",
    ];
    emit(tableLine(cells, widths), info);
  }
}

export const instanceStatus = supvisorsCommand({
  name: "instance_status",
  help: [
    "instance_status <identifier>\t\t\tGet the status of the Supvisors instance.",
    "instance_status <identifier> <identifier>\tGet the status for multiple Supvisors instances",
    "instance_status\t\t\t\t\tGet the status of all Supvisors instances.",
  ],
  async run(ctl, identifiers) {
    // One request for every instance rather than one per identifier, as the original does.
    const answer = await callOrReport(ctl, "get_all_instances_info");
    if (answer === undefined) return;
    instanceTable(asArray(answer).map(asStruct), identifiers, (line, row) => (row === undefined ? ctl.note(line) : ctl.item(row, line)));
  },
});
