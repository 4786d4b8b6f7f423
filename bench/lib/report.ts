// A benchmark's results as rows comparing the two daemons: each row is one quantity with its
// per-run values for Flotilla and for supervisord, summarised and turned into a table line.

import type { DaemonKind } from "./daemon.ts";
import { fmtSummary, ratio, summarise } from "./stats.ts";
import { markdownTable, type Row } from "./table.ts";

export interface Comparison {
  /** What was measured, e.g. "startAllProcesses(wait) 500 → RUNNING". */
  label: string;
  unit: string;
  /** One value per measured run. */
  values: Record<DaemonKind, number[]>;
  /** Decimals in the table. */
  digits?: number;
}

export const TABLE_HEADER: Row = ["measurement", "unit", "Flotilla median (min–max)", "supervisord median (min–max)", "supervisord / Flotilla"];

export function comparisonRow(c: Comparison): Row {
  const ours = summarise(c.values.flotilla);
  const theirs = summarise(c.values.supervisord);
  return [c.label, c.unit, fmtSummary(ours, c.digits), fmtSummary(theirs, c.digits), ratio(theirs.median, ours.median)];
}

export function comparisonTable(rows: Comparison[]): string {
  return markdownTable(TABLE_HEADER, rows.map(comparisonRow));
}

/** An empty per-daemon value holder. */
export function emptyValues(): Record<DaemonKind, number[]> {
  return { flotilla: [], supervisord: [] };
}
