// URL parameters of the Supervisor and tail pages (UI-10) beyond the common ones: `ashex` (hex mask
// of expanded applications, checked against the applications once they are known: a mask that does
// not fit is ignored without a message, as Supvisors does) and the tail pages' `limit`.

import { parsePageParams, type KnownValues, type PageParams } from "../params.ts";

export interface InstanceParams extends PageParams {
  /** As given; null when absent. */
  ashex: string | null;
}

/**
 * `processname` is checked by the page against the local processes (known.running is ignored).
 * @example parseInstanceParams(new URLSearchParams("period=60&ashex=03"), known) // { period: 60, ashex: "03", ... }
 */
export function parseInstanceParams(query: URLSearchParams, known: KnownValues): InstanceParams {
  const common = parsePageParams(query, { ...known, running: null });
  const ashex = query.get("ashex");
  return { ...common, ashex: ashex === null || ashex === "" ? null : ashex };
}

/**
 * The `limit` of a tail page: a whole number of bytes, at least `minimum` (Supervisor reads at
 * least 1024 bytes); `fallback` when absent, and an error when not a number.
 * @example tailLimit("4096", 1024) // { limit: 4096, error: "" }
 */
export function tailLimit(text: string | null, fallback: number, minimum = 1024): { limit: number; error: string } {
  if (text === null || text === "") return { limit: Math.max(fallback, minimum), error: "" };
  if (!/^\d+$/.test(text)) return { limit: Math.max(fallback, minimum), error: `Incorrect limit: ${text}` };
  return { limit: Math.max(Number(text), minimum), error: "" };
}
