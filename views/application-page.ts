// The application page (UI-60..64): the status card (name, state, LED), the strategy and period
// selectors, the application actions, and the live process table: one synthetic row per process,
// expandable (`pshex`) into one row per instance where it is configured. Actions on the serving
// instance are htmx buttons; those another instance must carry out (its logs) are plain links.
// A %CPU / %MEM figure is a plain link selecting that process on that instance for the statistics
// panel (`processname`, `ident`), or dropping the selection when it is already the one shown.

import type { ApplicationModel, ProcessRow } from "../src/web/application/model.ts";
import { SHEX_EXPAND, SHEX_SHRINK } from "../src/web/shex.ts";
import { STARTING_STRATEGIES } from "../src/config/supvisors-model.ts";
import { queryString, type UrlMaker, type UrlParams } from "../src/web/urls.ts";
import { actionButton } from "./header.ts";
import { classes, h, trusted, type Html } from "./html.ts";

export const APPLICATION_PAGE = "application.html";

/** What every link of the page carries besides its own parameters. */
export interface ApplicationView {
  /** appname, strategy, period, pshex, auto of the page shown. */
  params: UrlParams;
  strategy: string;
  period: number;
  periods: readonly number[];
  auto: boolean;
  tailLimit: number;
}

/** Inner HTML of the live status card. */
export function applicationStateInner(model: ApplicationModel): Html {
  return h`<div class="label">Application</div><span id="application-name">${model.name}</span><span id="application-state" class="${model.state}">${model.state}</span><span id="application-led" class="${model.led}"></span>`;
}

function selector(view: ApplicationView, name: string, values: readonly (string | number)[], current: string | number, label: (v: string | number) => string): Html {
  const items = values.map((value) =>
    value === current
      ? h`<li class="off active"><a class="button off active">${label(value)}</a></li>`
      : h`<li class="on"><a class="button on" href="${APPLICATION_PAGE}${queryString({ ...view.params, [name]: value })}">${label(value)}</a></li>`,
  );
  return h`<ul class="${name}s">${items}</ul>`;
}

/** The header cards after the status: strategies, periods and the application actions. */
export function applicationActionBar(view: ApplicationView): Html {
  // Supvisors' labels: `MOST LOADED NODE` for MOST_LOADED_NODE (the URL keeps the name).
  const strategies = selector(view, "strategy", STARTING_STRATEGIES, view.strategy, (s) => String(s).replace(/_/g, " "));
  const periods = selector(view, "period", view.periods, view.period, (p) => `${p}s`);
  const act = (label: string, action: string) => actionButton(APPLICATION_PAGE, label, { ...view.params, action });
  const refresh = h`<a class="button on" href="${APPLICATION_PAGE}${queryString(view.params)}">Refresh</a>`;
  const autoRefresh = h`<a class="${classes("button on", view.auto && "active")}" href="${APPLICATION_PAGE}${queryString({ ...view.params, auto: view.auto ? null : "true" })}">Auto</a>`;
  return h`<div id="strategy-card" class="card"><span class="label">Strategy</span>${strategies}</div><div id="period-card" class="card"><span class="label">Period</span>${periods}</div><div id="actions" class="card">${act("Start", "startapp")}${act("Stop", "stopapp")}${act("Restart", "restartapp")}${refresh}${autoRefresh}</div>`;
}

function off(label: string): Html {
  return h`<a class="button off">${label}</a>`;
}

/** A process action: on the serving instance an htmx button, elsewhere a plain link to that instance's page. */
function processAction(view: ApplicationView, urls: UrlMaker, identifier: string, label: string, action: string, namespec: string): Html {
  const params = { ...view.params, action, namespec };
  if (identifier === "" || urls.page(identifier, APPLICATION_PAGE) === APPLICATION_PAGE) return actionButton(APPLICATION_PAGE, label, params);
  return h`<a class="button on" href="${urls.page(identifier, APPLICATION_PAGE, { appname: view.params.appname, strategy: view.strategy, action, namespec })}">${label}</a>`;
}

function nameCell(row: ProcessRow, view: ApplicationView, urls: UrlMaker): Html {
  const text = row.kind === "instance" ? "\u21B3" : row.name;
  if (!row.hasStdout || row.identifier === null) return h`<td class="name">${text}</td>`;
  const href = urls.page(row.identifier, "tail.html", { processname: row.namespec, limit: view.tailLimit });
  return h`<td class="name"><a class="on" href="${href}" target="_blank">${text}</a></td>`;
}

function runningCell(row: ProcessRow, urls: UrlMaker): Html {
  if (row.running === null) return h`<td class="running"></td>`;
  if (row.running.identifier === null) return h`<td class="running"><a class="button on" href="conciliation.html"><span class="blink">Conciliate</span></a></td>`;
  return h`<td class="running"><a class="button on" href="${urls.page(row.running.identifier, "proc_instance.html")}"><span>${row.running.label}</span></a></td>`;
}

function logCells(row: ProcessRow, view: ApplicationView, urls: UrlMaker): Html {
  const id = row.identifier;
  const quoted = encodeURIComponent(row.namespec);
  const clear = id !== null && (row.hasStdout || row.hasStderr) ? processAction(view, urls, id, "Clear", "clearlog", row.namespec) : off("Clear");
  const stdout = id !== null && row.hasStdout ? h`<a class="button on" href="${urls.page(id, `logtail/${quoted}`)}" target="_blank">Stdout</a>` : off("Stdout");
  const stderr = id !== null && row.hasStderr ? h`<a class="button on" href="${urls.page(id, `logtail/${quoted}/stderr`)}" target="_blank">Stderr</a>` : off("Stderr");
  return h`<td>${clear}</td><td>${stdout}</td><td>${stderr}</td>`;
}

/** A figure cell: a link (de)selecting the row's statistics when there are some, else the text alone. */
function figureCell(row: ProcessRow, view: ApplicationView, cls: "cpu" | "mem"): Html {
  const value = row[cls];
  if (row.identifier === null || value === "--") return h`<td class="${cls}">${value}</td>`;
  const selection = row.selected ? { processname: null, ident: null } : { processname: row.namespec, ident: row.identifier };
  return h`<td class="${cls}"><a class="${classes("button on", row.selected && "active")}" href="${APPLICATION_PAGE}${queryString({ ...view.params, ...selection })}">${value}</a></td>`;
}

function processRow(row: ProcessRow, view: ApplicationView, urls: UrlMaker, shaded: boolean): Html {
  const shex =
    row.kind === "process"
      ? h`<td class="shex" rowspan="${row.instanceRows + 1}"><a class="on" href="${APPLICATION_PAGE}${queryString({ ...view.params, pshex: row.toggleShex })}">${row.expanded ? SHEX_SHRINK : SHEX_EXPAND}</a></td>`
      : "";
  const state = h`<td class="${classes("state", ...row.stateClasses)}"><span class="${classes(row.conflict && "blink")}">${row.state}</span></td>`;
  const act = (enabled: boolean, label: string, action: string) => (enabled ? processAction(view, urls, "", label, action, row.namespec) : off(label));
  return h`<tr class="${classes(row.kind, shaded ? "shaded" : "brightened")}">${shex}${nameCell(row, view, urls)}${state}${runningCell(row, urls)}<td class="description">${row.description}</td><td class="load">${row.expectedLoad}</td>${figureCell(row, view, "cpu")}${figureCell(row, view, "mem")}<td>${act(row.canStart, "Start", "start")}</td><td>${act(row.canStop, "Stop", "stop")}</td><td>${act(row.canRestart, "Restart", "restart")}</td>${logCells(row, view, urls)}</tr>`;
}

/** Inner HTML of the live process table region. */
export function processTableInner(model: ApplicationModel, view: ApplicationView, urls: UrlMaker): Html {
  return trusted([...processTableChunks(model, view, urls, Infinity)].join(""));
}

/**
 * The same HTML as processTableInner, in pieces of at most `rowsPerChunk` rows, each rendered only
 * when asked for: a page of a thousand processes (a megabyte with Supvisors' per-row links) is sent
 * a slice at a time, the event loop free between slices.
 */
export function* processTableChunks(model: ApplicationModel, view: ApplicationView, urls: UrlMaker, rowsPerChunk: number): Generator<string> {
  if (model.rows.length === 0) {
    yield String(h`<p class="no-process">No programs to display</p>`);
    return;
  }
  const pshex = String(view.params.pshex ?? model.shrinkAll);
  const expand = pshex === model.expandAll ? "" : h`<a class="on" href="${APPLICATION_PAGE}${queryString({ ...view.params, pshex: model.expandAll })}">${SHEX_EXPAND}</a>`;
  const shrink = pshex === model.shrinkAll ? "" : h`<a class="on" href="${APPLICATION_PAGE}${queryString({ ...view.params, pshex: null })}">${SHEX_SHRINK}</a>`;
  yield String(
    h`<table class="processes application"><thead><tr><th class="shex">${expand}${shrink}</th><th>Name</th><th>State</th><th>Running</th><th>Description</th><th>Load</th><th>%CPU</th><th>%MEM</th><th colspan="3">Process</th><th colspan="3">Logs</th></tr></thead><tbody>`,
  );
  let shadedProcess = false;
  let shaded = false;
  let chunk: string[] = [];
  for (const row of model.rows) {
    if (row.kind === "process") {
      shaded = shadedProcess;
      shadedProcess = !shadedProcess;
    }
    chunk.push(String(processRow(row, view, urls, shaded)));
    if (row.kind === "instance") shaded = !shaded;
    if (chunk.length >= rowsPerChunk) {
      yield chunk.join("");
      chunk = [];
    }
  }
  yield `${chunk.join("")}</tbody></table>`;
}
