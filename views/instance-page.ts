// The Supervisor page, `proc_instance.html` (UI-40..48): the header status of the serving instance,
// the view switch and period buttons, the Supervisor action bar, the process table grouped by
// application with its per-row actions, the supervisord and totals rows, and the statistics panel
// of the selected process. Status, table and panel are live regions the page's stream refreshes.
// Figures are written as Supvisors writes them: two decimals ("+0.00" for a tiny positive value),
// "--" when there is none, the expected load as a plain number.

import type { ApplicationRow, ProcessRow } from "../src/web/instance/model.ts";
import type { InstancePageData } from "../src/web/instance/page-data.ts";
import { smallValue } from "../src/web/py-text.ts";
import { SHEX_EXPAND, SHEX_SHRINK } from "../src/web/shex.ts";
import { queryString, type UrlParams } from "../src/web/urls.ts";
import { classes, h, type Html } from "./html.ts";
import { MASTER_SYMBOL } from "./menu.ts";
import { processStatsPanel } from "./process-stats-panel.ts";

export const INSTANCE_PAGE = "proc_instance.html";

/** The view parameters every link of the page keeps (UI-10). */
export interface InstanceContext {
  auto: boolean;
  /** The `ashex` mask links carry; null when every application is expanded (the default). */
  ashex: string | null;
  period: number;
  /** The process of the panel (Supvisors' namespec form), "" for none. */
  processname: string;
  /** Bytes of log a tail link asks for (`tail_limit`). */
  tailLimit: number;
  /** Whether an application's processes are shown. */
  expanded(application: string): boolean;
  /** The `ashex` value with that application inverted. */
  toggled(application: string): string;
  /** Masks of the global expand / shrink buttons; null hides the button (already so). */
  expandAll: string | null;
  shrinkAll: string | null;
  /** URL of the host page (UI-41), "" when host statistics are off. */
  hostPage: string;
}

function keep(ctx: InstanceContext): UrlParams {
  return { auto: ctx.auto || null, ashex: ctx.ashex, period: ctx.period, processname: ctx.processname || null };
}

/** A link to this page with the view kept and `extra` set. */
export function pageLink(ctx: InstanceContext, extra: UrlParams = {}): string {
  return `${INSTANCE_PAGE}${queryString({ ...keep(ctx), ...extra })}`;
}

/**
 * An action button: a plain link with `action=` (redirect with the message), POSTed by htmx with
 * the same fields (message and live regions answered in place). Disabled: an inert `off` link.
 */
export function instanceButton(ctx: InstanceContext, label: string, action: UrlParams, enabled = true): Html {
  if (!enabled) return h`<a class="button off">${label}</a>`;
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...keep(ctx), ...action })) if (v !== null && v !== undefined && v !== "") fields[k] = String(v);
  return h`<a class="button on" href="${pageLink(ctx, action)}" hx-post="${INSTANCE_PAGE}" hx-vals="${JSON.stringify(fields)}" hx-target="#message" hx-swap="outerHTML">${label}</a>`;
}

/** Inner HTML of the status card (UI-40). */
export function instanceStatusInner(data: Pick<InstancePageData, "header">): Html {
  const s = data.header;
  const nick = s.isMaster ? `${MASTER_SYMBOL} ${s.nick}` : s.nick;
  return h`<div class="label">Supervisor</div><span id="instance-nick">${nick}</span><span id="instance-state" class="${s.state}">${s.state}</span>${
    s.discovery ? h`<span id="discovery" class="mode">discovery</span>` : ""
  }${s.starting ? h`<span id="starting" class="mode blink">starting</span>` : ""}${s.stopping ? h`<span id="stopping" class="mode blink">stopping</span>` : ""}`;
}

/**
 * View switch and period buttons (UI-41), as Supvisors hides them: the switch (Processes / this
 * host) only with host statistics, the periods only with process statistics, the card only when
 * both are off.
 */
export function statsOptions(data: InstancePageData, ctx: InstanceContext): Html | "" {
  const { processStats, hostStats } = data.stats;
  if (!processStats && !hostStats) return "";
  const view = hostStats && ctx.hostPage !== "" ? h`<span id="view-switch"><a class="button active off">Processes</a><a class="button on" href="${ctx.hostPage}">${data.hostId}</a></span>` : "";
  const periods = processStats
    ? h`<span class="periods">${data.stats.periods.map((p) => h`<a class="${classes("button", p === ctx.period ? "active off" : "on")}" href="${pageLink(ctx, { period: p })}">${p}s</a>`)}</span>`
    : "";
  return h`<div id="stats-options" class="card">${view}${periods}</div>`;
}

/** The action bar (UI-42). */
export function instanceActions(ctx: InstanceContext): Html {
  const refresh = h`<a class="button on" href="${pageLink(ctx)}">Refresh</a>`;
  const auto = h`<a class="${classes("button on", ctx.auto && "active")}" href="${pageLink(ctx, { auto: !ctx.auto || null })}">Auto</a>`;
  return h`<div id="actions" class="card">${instanceButton(ctx, "Stop all", { action: "stopall" })}${instanceButton(ctx, "Restart", { action: "restartsup" })}${instanceButton(
    ctx,
    "Shutdown",
    { action: "shutdownsup" },
  )}${refresh}${auto}</div>`;
}

/** A figure as Supvisors prints it: "--" when there is none. */
function figure(value: number | null): string {
  return value === null ? "--" : smallValue(value);
}

/** %CPU / %MEM cell: a link selecting (or deselecting) the process for the statistics panel. */
function figureCell(ctx: InstanceContext, namespec: string, value: number | null, statsOn: boolean): Html {
  if (!statsOn || value === null) return h`<td class="figure">${statsOn ? figure(value) : ""}</td>`;
  const selected = ctx.processname === namespec;
  return h`<td class="figure"><a class="${classes("on", selected && "active")}" href="${pageLink(ctx, { processname: selected ? null : namespec })}">${figure(value)}</a></td>`;
}

function logLinks(row: ProcessRow): Html {
  const quoted = encodeURIComponent(row.namespec);
  const stdout = row.hasStdout ? h`<a class="button on" href="logtail/${quoted}" target="_blank">Stdout</a>` : h`<a class="button off">Stdout</a>`;
  const stderr = row.hasStderr ? h`<a class="button on" href="logtail/${quoted}/stderr" target="_blank">Stderr</a>` : h`<a class="button off">Stderr</a>`;
  return h`<td>${stdout}</td><td>${stderr}</td>`;
}

function processLine(ctx: InstanceContext, row: ProcessRow, statsOn: boolean, cls: string): Html {
  const name = row.hasStdout
    ? h`<a class="on" href="tail.html${queryString({ processname: row.display, limit: ctx.tailLimit })}" target="_blank">${row.name}</a>`
    : h`<span>${row.name}</span>`;
  const state = classes(row.statename, row.disabled && "disabled", row.crashed && "crashed");
  // UI-44: Clear only when the process has a log to clear, as Supvisors.
  const clear = instanceButton(ctx, "Clear", { action: "clearlog", namespec: row.namespec }, row.hasStdout || row.hasStderr);
  return h`<tr class="${cls}" data-namespec="${row.namespec}"><td class="name">${name}</td><td class="state ${state}">${row.statename}</td><td class="desc">${row.description}</td><td class="figure">${row.load}</td>${figureCell(
    ctx,
    row.display,
    row.cpu,
    statsOn,
  )}${figureCell(ctx, row.display, row.mem, statsOn)}<td>${instanceButton(ctx, "Start", { action: "start", namespec: row.namespec }, row.canStart)}</td><td>${instanceButton(
    ctx,
    "Stop",
    { action: "stop", namespec: row.namespec },
    row.canStop,
  )}</td><td>${instanceButton(ctx, "Restart", { action: "restart", namespec: row.namespec }, row.canRestart)}</td><td>${clear}</td>${logLinks(row)}</tr>`;
}

function applicationLines(ctx: InstanceContext, app: ApplicationRow, statsOn: boolean): Html {
  if (app.single) return processLine(ctx, app.processes[0]!, statsOn, "process single");
  const expanded = ctx.expanded(app.name);
  const toggle = h`<a class="shex on" href="${pageLink(ctx, { ashex: ctx.toggled(app.name) })}">${expanded ? SHEX_SHRINK : SHEX_EXPAND}</a>`;
  // Every application has its page (managed or not), as Supvisors links them.
  const name = h`<a class="on" href="application.html${queryString({ appname: app.name })}">${app.name}</a>`;
  const anyStopped = app.processes.some((p) => p.canStart);
  const anyRunning = app.processes.some((p) => p.running);
  const head = h`<tr class="application" data-application="${app.name}"><td class="name">${toggle} ${name}</td><td class="state ${app.state}">${app.state}</td><td class="desc">${app.operational}</td><td class="figure">${app.load}</td><td class="figure">${
    statsOn ? figure(app.figures ? app.cpu : null) : ""
  }</td><td class="figure">${statsOn ? figure(app.figures ? app.mem : null) : ""}</td><td>${instanceButton(ctx, "Start", { action: "startgroup", namespec: `${app.name}:` }, anyStopped)}</td><td>${instanceButton(
    ctx,
    "Stop",
    { action: "stopgroup", namespec: `${app.name}:` },
    anyRunning,
  )}</td><td>${instanceButton(ctx, "Restart", { action: "restartgroup", namespec: `${app.name}:` }, anyRunning)}</td><td></td><td></td><td></td></tr>`;
  if (!expanded) return head;
  return h`${head}${app.processes.map((p) => processLine(ctx, p, statsOn, "process"))}`;
}

/** Inner HTML of the process table region (UI-43..47). */
export function processTableInner(data: InstancePageData, ctx: InstanceContext): Html {
  const statsOn = data.stats.processStats;
  const expandAll = ctx.expandAll === null ? "" : h`<a class="shex on" href="${pageLink(ctx, { ashex: ctx.expandAll })}">${SHEX_EXPAND}</a>`;
  const shrinkAll = ctx.shrinkAll === null ? "" : h`<a class="shex on" href="${pageLink(ctx, { ashex: ctx.shrinkAll })}">${SHEX_SHRINK}</a>`;
  const s = data.supervisord;
  const error = data.error === "" ? "" : h`<tr class="error"><td colspan="12">${data.error}</td></tr>`;
  const rows = data.table.applications.map((app) => applicationLines(ctx, app, statsOn));
  const t = data.table.totals;
  return h`<table id="process-table" class="processes"><thead><tr><th class="name">${expandAll}${shrinkAll} Name</th><th>State</th><th>Description</th><th>Load</th><th>%CPU</th><th>%MEM</th><th colspan="4">Actions</th><th colspan="2">Logs</th></tr></thead><tbody>${error}${rows}<tr class="supervisord"><td class="name"><a class="on" href="maintail.html${queryString(
    { processname: "supervisord", limit: ctx.tailLimit },
  )}" target="_blank">supervisord</a></td><td class="state RUNNING">RUNNING</td><td class="desc">pid ${s.pid}, uptime ${s.uptime}</td><td class="figure">0</td>${figureCell(
    ctx,
    "supervisord",
    s.cpu,
    statsOn,
  )}${figureCell(ctx, "supervisord", s.mem, statsOn)}<td><a class="button off">Start</a></td><td>${instanceButton(ctx, "Stop", { action: "shutdownsup" })}</td><td>${instanceButton(
    ctx,
    "Restart",
    { action: "restartsup" },
  )}</td><td>${instanceButton(ctx, "Clear", { action: "mainclearlog" })}</td><td><a class="button on" href="mainlogtail" target="_blank">Stdout</a></td><td><a class="button off">Stderr</a></td></tr></tbody><tfoot><tr class="total"><td class="name">Total</td><td></td><td></td><td class="figure">${
    t.load
  }</td><td class="figure">${statsOn ? figure(t.figures ? t.cpu : null) : ""}</td><td class="figure">${statsOn ? figure(t.figures ? t.mem : null) : ""}</td><td colspan="6"></td></tr></tfoot></table>`;
}

/** Inner HTML of the detailed statistics panel (UI-48); empty when nothing is selected. */
export function processStatsInner(data: InstancePageData): Html | "" {
  return processStatsPanel(data.selected, data.stats.period);
}
