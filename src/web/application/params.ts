// URL parameters of the application page (UI-10): the common ones (action, namespec, ident, auto,
// message, gravity) as the other pages parse them, plus `appname`, `strategy`, `period`, `pshex`
// and `processname` (with `ident`, the process whose statistics the panel shows). An invalid value is replaced by its default and reported, as Supvisors' view context
// does; the defaults depend on the application (its starting strategy, its process count).

import { STARTING_STRATEGIES, type StartingStrategy } from "../../config/supvisors-model.ts";
import { parsePageParams, type PageParams } from "../params.ts";
import { defaultShex, parseShex } from "./shex.ts";

export interface ApplicationParams extends PageParams {
  appname: string;
  strategy: StartingStrategy;
  /** One of the statistics periods. */
  period: number;
  /** Expanded processes of the application (bit per process name, sorted). */
  pshex: string;
  /** Process of the statistics panel ("" for none), shown from the instance `ident`. */
  processname: string;
}

export interface ApplicationFacts {
  /** The application's starting strategy: the default of `strategy`. */
  strategy: StartingStrategy;
  /** How many processes it has (the size of `pshex`). */
  processCount: number;
}

/** A period as written in a URL: "10" and "10.0" are the same period. */
export function parsePeriod(text: string, periods: readonly number[], errors: string[]): number {
  const fallback = periods[0] ?? 0;
  if (text === "") return fallback;
  const value = Number(text);
  if (Number.isFinite(value) && periods.includes(value)) return value;
  errors.push(`Incorrect period=${text}`);
  return fallback;
}

/**
 * @example parseApplicationParams(new URLSearchParams("appname=web&strategy=LOCAL"), ids, { strategy: "CONFIG", processCount: 3 }, [10])
 *   // { appname: "web", strategy: "LOCAL", period: 10, pshex: "00", ... }
 */
export function parseApplicationParams(
  query: URLSearchParams,
  knownIdentifiers: ReadonlySet<string>,
  facts: ApplicationFacts,
  periods: readonly number[],
): ApplicationParams {
  const base = parsePageParams(query, knownIdentifiers);
  const errors = [...base.errors];
  const strategyText = query.get("strategy") ?? "";
  let strategy = facts.strategy;
  if ((STARTING_STRATEGIES as readonly string[]).includes(strategyText)) strategy = strategyText as StartingStrategy;
  else if (strategyText !== "") errors.push(`Incorrect strategy=${strategyText}`);
  const period = parsePeriod(query.get("period") ?? "", periods, errors);
  const shexText = query.get("pshex") ?? "";
  let pshex = defaultShex(facts.processCount, false);
  if (shexText !== "") {
    const parsed = parseShex(shexText, facts.processCount);
    if (parsed === null) errors.push(`Incorrect pshex=${shexText}`);
    else pshex = parsed;
  }
  return { ...base, errors, appname: query.get("appname") ?? "", strategy, period, pshex, processname: query.get("processname") ?? "" };
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
