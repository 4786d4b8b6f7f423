// The expected text of the Supvisors ctl tables (CTL-SV), built from the values a test knows:
// the column layouts of supervisorctl.md and Python's str() of a list, as the ctl prints them.

/** A column: fixed width, "var" (longest cell or title + 2), or "rest" (the last, unpadded). */
export type Column = readonly [title: string, width: number | "var" | "rest"];

export const APP_INFO: Column[] = [["Application", "var"], ["State", 10], ["Major", 7], ["Minor", 7]];
export const APP_RULES: Column[] = [
  ["Application", "var"], ["Managed", 9], ["Distribution", 17], ["Supervisor", "var"], ["Start", 7], ["Stop", 7],
  ["Starting", 18], ["Starting_Failure", 18], ["Running_Failure", "rest"],
];
export const SSTATUS: Column[] = [["Application", "var"], ["Process", "var"], ["State", 12], ["Expected", 10], ["Supervisor", "rest"]];
export const LOCAL: Column[] = [
  ["Application", "var"], ["Process", "var"], ["Disabled", 10], ["State", 12], ["Start", 12], ["Now", 12], ["PID", 8], ["Extra args", "rest"],
];
export const PROCESS_RULES: Column[] = [
  ["Application", "var"], ["Process", "var"], ["Start", 7], ["Stop", 7], ["Required", 12], ["WaitExit", 12], ["Loading", 12],
  ["Strategy", 22], ["Supervisor", "rest"],
];
export const CONFLICTS: Column[] = [["Application", "var"], ["Process", "var"], ["State", 12], ["Supervisor", "rest"]];
export const START_TEST: Column[] = [["Application", "var"], ["Process", "var"], ["State", 12], ["Supervisor", "var"], ["Reason", "rest"]];

/**
 * The lines of a Supvisors ctl table. A "var" width is computed over the rows given: callers pass
 * every row the ctl measured (a "rest" column's cells do not count, and "n/a" cells of unmanaged
 * rules are shorter than any title here).
 */
export function table(columns: readonly Column[], rows: readonly string[][]): string {
  const lines = [columns.map(([title]) => title), ...rows];
  const widths = columns.map(([, w], i) => (w === "var" ? Math.max(...lines.map((l) => l[i]!.length)) + 2 : w === "rest" ? 0 : w));
  return lines.map((cells) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join("")).join("\n") + "\n";
}

/** Python's str() of a list of strings. */
export const pyList = (items: readonly string[]) => `[${items.map((i) => `'${i}'`).join(", ")}]`;

/** local_status prints local times of day: they cannot be known in advance. */
export const clockFree = (text: string) => text.replace(/\b\d\d:\d\d:\d\d\b/g, "HH:MM:SS");
