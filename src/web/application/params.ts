// URL parameters of the application page (UI-10): the common ones as every page checks them
// (params.ts: action, namespec, ident, auto, message, gravity, strategy, appname, processname,
// period), with the application's own defaults: its starting strategy for `strategy`, and the
// `pshex` mask sized to its processes (a mask that does not fit is ignored without a message, as
// Supvisors does). `processname` with `ident` is the process whose statistics the panel shows.

import type { StartingStrategy } from "../../config/supvisors-model.ts";
import { parsePageParams, type KnownValues, type PageParams } from "../params.ts";
import { defaultShex, parseShex } from "../shex.ts";

export interface ApplicationParams extends Omit<PageParams, "strategy"> {
  strategy: StartingStrategy;
  /** Expanded processes of the application (bit per process name, sorted). */
  pshex: string;
}

export interface ApplicationFacts {
  /** The application's starting strategy: the default of `strategy`. */
  strategy: StartingStrategy;
  /** How many processes it has (the size of `pshex`). */
  processCount: number;
}

/**
 * @example parseApplicationParams(new URLSearchParams("appname=web&strategy=LOCAL"), known, { strategy: "CONFIG", processCount: 3 })
 *   // { appname: "web", strategy: "LOCAL", period: 10, pshex: "00", ... }
 */
export function parseApplicationParams(query: URLSearchParams, known: KnownValues, facts: ApplicationFacts): ApplicationParams {
  const base = parsePageParams(query, known);
  const shexText = query.get("pshex") ?? "";
  const pshex = (shexText === "" ? null : parseShex(shexText, facts.processCount)) ?? defaultShex(facts.processCount, false);
  return { ...base, strategy: base.strategy ?? facts.strategy, pshex };
}

/** The parameters that select the view: carried by every link of the page (`ident` only with a process). */
export function viewParams(p: ApplicationParams): Record<string, string | number | null> {
  const selected = p.processname !== "";
  return {
    appname: p.appname,
    strategy: p.strategy,
    period: p.period,
    pshex: /[^0]/.test(p.pshex) ? p.pshex : null,
    processname: selected ? p.processname : null,
    ident: selected && p.ident !== "" ? p.ident : null,
    auto: p.auto ? "true" : null,
  };
}
