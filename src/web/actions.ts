// The actions of the main and conciliation pages (UI-22..24, UI-31, UI-32), each carried out through
// the same interface as its XML-RPC twin (end_sync, restart, shutdown, conciliate, stop on one
// instance), with Supvisors' result messages. Deferred results (Stop / Keep) are awaited on the
// change notifications, with a deadline.

import { Faults } from "../api/faults.ts";
import { pyRepr } from "../api/supvisors/python-text.ts";
import type { RequestReply } from "../cluster/index.ts";
import type { ControlReply } from "../control/engine/index.ts";
import { CONCILIATION_STRATEGIES, type ConciliationStrategy } from "../config/supvisors-model.ts";
import { processStatusOf, conflicts } from "../control/engine/index.ts";
import type { DashboardDeps } from "./deps.ts";
import { buildModel } from "./model.ts";
import type { Gravity } from "./params.ts";

export interface ActionResult {
  gravity: Gravity;
  message: string;
}

export interface ActionRequest {
  action: string;
  namespec: string;
  ident: string;
}

/** The conciliation strategies offered as links (UI-32): every one but USER, lower case. */
export const STRATEGY_ACTIONS: readonly string[] = CONCILIATION_STRATEGIES.filter((s) => s !== "USER").map((s) => s.toLowerCase());

/** Every action name the two pages accept. */
export const ACTIONS: readonly string[] = ["sup_sync", "sup_master_sync", "sup_restart", "sup_shutdown", "pstop", "pkeep", ...STRATEGY_ACTIONS];

/** Python's str() of Supervisor's RPCError: `code=10, text='BAD_NAME: detail'`. */
export function rpcErrorText(fault: keyof typeof Faults | null, detail: string): string {
  if (fault === null) return detail;
  const text = detail === "" ? fault : `${fault}: ${detail}`;
  return `code=${Faults[fault]}, text=${pyRepr(text)}`;
}

function replyError(reply: RequestReply | ControlReply): string | null {
  return reply.ok ? null : rpcErrorText(reply.fault, reply.detail);
}

/** Resolves true once `done()` holds (checked now and on each change), false after `timeoutMs`. */
export function waitForChange(onChange: DashboardDeps["onChange"], done: () => boolean, timeoutMs: number): Promise<boolean> {
  if (done()) return Promise.resolve(true);
  return new Promise((resolve) => {
    const finish = (value: boolean) => {
      clearTimeout(timer);
      unsubscribe();
      resolve(value);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    const unsubscribe = onChange(() => {
      if (done()) finish(true);
    });
  });
}

function runningOn(deps: DashboardDeps, namespec: string): string[] {
  return processStatusOf(deps.control.state(), deps.control.snapshot(), namespec)?.runningOn ?? [];
}

async function endSync(deps: DashboardDeps, master: string): Promise<ActionResult> {
  const error = replyError(deps.request({ type: "endSync", master }));
  if (error !== null) return { gravity: "erro", message: `end_synchro: ${error}` };
  const nick = master === "" ? "" : (deps.cluster().instances.get(master)?.identity.nick ?? master);
  return { gravity: "warn", message: `Supvisors end of sync requested${nick ? ` with Master=${nick}` : ""}` };
}

function closeCluster(deps: DashboardDeps, action: "restart" | "shutdown"): ActionResult {
  const error = replyError(deps.request({ type: action }));
  if (error !== null) return { gravity: "erro", message: `${action}: ${error}` };
  return { gravity: "warn", message: `Supvisors ${action} requested` };
}

async function stopOne(deps: DashboardDeps, namespec: string, identifier: string): Promise<ActionResult> {
  if (!runningOn(deps, namespec).includes(identifier)) return { gravity: "erro", message: `process ${namespec} is not running on ${identifier}` };
  try {
    await deps.stopOn(identifier, namespec);
  } catch (error) {
    return { gravity: "erro", message: `stop of ${namespec} on ${identifier}: ${error instanceof Error ? error.message : String(error)}` };
  }
  const timeout = deps.actionTimeoutMs ?? 10_000;
  const done = await waitForChange((listener) => deps.onChange(listener), () => !runningOn(deps, namespec).includes(identifier), timeout);
  if (!done) return { gravity: "warn", message: `process ${namespec} still running on ${identifier} after ${timeout / 1000} s` };
  return { gravity: "info", message: `process ${namespec} stopped on ${identifier}` };
}

async function keepOne(deps: DashboardDeps, namespec: string, kept: string): Promise<ActionResult> {
  const others = runningOn(deps, namespec).filter((id) => id !== kept);
  try {
    await Promise.all(others.map((id) => deps.stopOn(id, namespec)));
  } catch (error) {
    return { gravity: "erro", message: `stop of ${namespec}: ${error instanceof Error ? error.message : String(error)}` };
  }
  const timeout = deps.actionTimeoutMs ?? 10_000;
  const done = await waitForChange((listener) => deps.onChange(listener), () => runningOn(deps, namespec).filter((id) => id !== kept).length === 0, timeout);
  if (!done) return { gravity: "warn", message: `processes ${namespec} still running besides ${kept} after ${timeout / 1000} s` };
  return { gravity: "info", message: `processes ${namespec} stopped but on ${kept}` };
}

/**
 * One strategy on one conflict. The engine's `conciliate` request acts on every conflict, so it
 * is used when `namespec` is the only one; otherwise each strategy is carried out with the
 * requests it is made of (stop on chosen instances, stop, restart).
 */
async function conciliateOne(deps: DashboardDeps, strategy: ConciliationStrategy, namespec: string): Promise<string | null> {
  const control = deps.control;
  const all = conflicts(control.state(), control.snapshot());
  const key = namespec.includes(":") ? namespec : `${namespec}:${namespec}`;
  const target = all.find((s) => s.namespec === key);
  if (target === undefined) return `conciliate: ${rpcErrorText("BAD_NAME", `no conflict for ${namespec}`)}`;
  if (all.length === 1) return replyError(await control.request({ kind: "conciliate", strategy }));
  switch (strategy) {
    case "STOP":
      return replyError(await control.request({ kind: "stopProcess", namespec: key, wait: false }));
    case "RESTART": {
      const starting = control.book().application(target.application).starting_strategy;
      return replyError(await control.request({ kind: "restartProcess", strategy: starting, namespec: key, extraArgs: target.extraArgs, wait: false }));
    }
    case "SENICIDE":
    case "INFANTICIDE": {
      const model = buildModel({ cluster: deps.cluster(), control: control.state(), now: deps.now(), discoveryMode: false });
      const copies = model.conflicts.find((c) => c.namespec === namespec || `${c.namespec}:${c.namespec}` === key)?.copies ?? [];
      if (copies.length === 0) return null;
      // SENICIDE keeps the youngest copy, INFANTICIDE the oldest (ST-CON), the first on ties.
      let kept = copies[0]!;
      for (const copy of copies) if (strategy === "SENICIDE" ? copy.uptime < kept.uptime : copy.uptime > kept.uptime) kept = copy;
      try {
        await Promise.all(copies.filter((c) => c !== kept).map((c) => deps.stopOn(c.identifier, key)));
      } catch (error) {
        return error instanceof Error ? error.message : String(error);
      }
      return null;
    }
    default:
      return `conciliate: ${strategy} applies to all conflicts at once: use the global ${strategy.toLowerCase()} link`;
  }
}

async function conciliation(deps: DashboardDeps, action: string, namespec: string): Promise<ActionResult> {
  const strategy = action.toUpperCase() as ConciliationStrategy;
  if (namespec === "") {
    const error = replyError(await deps.control.request({ kind: "conciliate", strategy }));
    if (error !== null) return { gravity: "erro", message: `conciliate: ${error}` };
    return { gravity: "info", message: `${strategy} in progress for all conflicts` };
  }
  const error = await conciliateOne(deps, strategy, namespec);
  if (error !== null) return { gravity: "erro", message: error.startsWith("conciliate: ") ? error : `conciliate: ${error}` };
  return { gravity: "info", message: `${strategy} in progress for ${namespec}` };
}

/**
 * Runs one action; null when the page does not know the action name.
 * @example await runAction(deps, { action: "sup_restart", namespec: "", ident: "" }) // { gravity: "warn", message: "Supvisors restart requested" }
 */
export async function runAction(deps: DashboardDeps, request: ActionRequest): Promise<ActionResult | null> {
  const { action, namespec, ident } = request;
  switch (action) {
    case "sup_sync":
      return endSync(deps, "");
    case "sup_master_sync":
      return endSync(deps, ident);
    case "sup_restart":
      return closeCluster(deps, "restart");
    case "sup_shutdown":
      return closeCluster(deps, "shutdown");
    case "pstop":
      return stopOne(deps, namespec, ident);
    case "pkeep":
      return keepOne(deps, namespec, ident);
  }
  if (STRATEGY_ACTIONS.includes(action)) return conciliation(deps, action, namespec);
  return null;
}
