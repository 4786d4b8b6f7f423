// The tables of the Supvisors application and process commands: a title line, then one line per
// struct, each column left-justified in a fixed width, or as wide as its title or longest value
// plus 2, the last column unpadded. Lines are printed one by one, so a struct missing a key fails
// after the lines before it, as in the original. JSON: each struct shown is an item, as the
// server sent it; the title is text only.

import type { XmlRpcValue } from "../../../api/xmlrpc/value.ts";
import type { Controller } from "../controller.ts";
import { pyStr } from "../py-format.ts";
import { asArray, asStruct, field, type Struct } from "./results.ts";
import { columnWidth, tableLine } from "./supvisors-support.ts";

/**
 * One column: `width` fixed, or `key` whose values (over all rows) set the width, or neither for
 * the last column, which is not padded.
 */
export interface TableColumn {
  title: string;
  width?: number;
  key?: string;
}

/**
 * The width of each column for these rows (0 for an unpadded column).
 * @example columnWidths([{ title: "Process", key: "process_name" }, { title: "State", width: 12 }], [{ process_name: "x" }]) // [9, 12]
 */
export function columnWidths(columns: readonly TableColumn[], rows: readonly Struct[]): number[] {
  return columns.map((c) => c.width ?? (c.key === undefined ? 0 : columnWidth(rows, c.key, c.title)));
}

/**
 * Prints the title line, then `cells(row)` for each row; a row whose cells are null is not
 * printed (a filter), but its values still count in the column widths, as in the original.
 * Each row printed is reported as an item.
 */
export function printTable(
  ctl: Controller,
  columns: readonly TableColumn[],
  rows: readonly Struct[],
  cells: (row: Struct) => string[] | null,
): void {
  const widths = columnWidths(columns, rows);
  ctl.note(tableLine(columns.map((c) => c.title), widths));
  for (const row of rows) {
    const line = cells(row);
    if (line !== null) ctl.item(row, tableLine(line, widths));
  }
}

/** `str()` of a field that must be present. */
export function text(row: Struct, key: string): string {
  return pyStr(field(row, key));
}

const START_TEST_COLUMNS: readonly TableColumn[] = [
  { title: "Application", key: "application_name" },
  { title: "Process", key: "process_name" },
  { title: "State", width: 12 },
  { title: "Supervisor", key: "running_identifiers" },
  { title: "Reason" },
];

/**
 * The table of test_start_application / test_start_process: where each process would start and
 * why not. The title is printed even when there is no process.
 */
export function startTestTable(ctl: Controller, results: XmlRpcValue): void {
  printTable(ctl, START_TEST_COLUMNS, asArray(results).map(asStruct), (r) => {
    // Read in the original's order, so that the first missing field is the one reported.
    const [appli, proc, identifiers] = [text(r, "application_name"), text(r, "process_name"), text(r, "running_identifiers")];
    return [appli, proc, text(r, "state"), identifiers, text(r, "forced_reason")];
  });
}
