// URL parameters of the Supervisor and tail pages (UI-10) beyond the common ones: `period` (one of
// the statistics periods), `ashex` (hex mask of expanded applications), `processname` and `limit`.
// An invalid value is replaced by its default and reported, as Supvisors' view context does.

import { parsePageParams, type PageParams } from "../params.ts";

export interface InstanceParams extends PageParams {
  period: number;
  /** null when absent (every application expanded). */
  ashex: string | null;
  processname: string;
}

/**
 * @example parseInstanceParams(new URLSearchParams("period=60&ashex=3"), ids, [10, 60]) // { period: 60, ashex: "3", ... }
 */
export function parseInstanceParams(query: URLSearchParams, knownIdentifiers: ReadonlySet<string>, periods: readonly number[]): InstanceParams {
  const common = parsePageParams(query, knownIdentifiers);
  const errors = [...common.errors];
  const fallback = periods[0] ?? 10;
  let period = fallback;
  const periodText = query.get("period");
  if (periodText !== null && periodText !== "") {
    const value = Number(periodText);
    if (periods.includes(value)) period = value;
    else errors.push(`Incorrect period=${periodText}`);
  }
  let ashex: string | null = query.get("ashex");
  if (ashex !== null && !/^[0-9a-fA-F]*$/.test(ashex)) {
    errors.push(`Incorrect ashex=${ashex}`);
    ashex = null;
  }
  return { ...common, errors, period, ashex, processname: query.get("processname") ?? "" };
}

/**
 * The `limit` of a tail page: a whole number of bytes, at least `minimum` (Supervisor reads at
 * least 1024 bytes); `fallback` when absent, and an error when not a number.
 * @example tailLimit("4096", 1024) // { limit: 4096, error: "" }
 */
export function tailLimit(text: string | null, fallback: number, minimum = 1024): { limit: number; error: string } {
  if (text === null || text === "") return { limit: Math.max(fallback, minimum), error: "" };
  if (!/^\d+$/.test(text)) return { limit: Math.max(fallback, minimum), error: `Incorrect limit=${text}` };
  return { limit: Math.max(Number(text), minimum), error: "" };
}
