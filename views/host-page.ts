// The host statistics page, `host_instance.html` (UI-50..55): the status card of the serving
// instance (the Supervisor page's, views/instance-page.ts), the view switch back to its
// processes, the period buttons and the Supervisor actions; then the node characteristics and the
// CPU, memory, network and disk cards: each row has the four figures of its series (as Supvisors'
// tables) and selects the series the card's chart plots.

import type { HostModel, Series, StatRow } from "../src/web/host/model.ts";
import { queryString, type UrlParams } from "../src/web/urls.ts";
import { classes, h, type Html } from "./html.ts";
import { statsWidget, TREND_SIGNS } from "./stats-widget.ts";

export const HOST_PAGE = "host_instance.html";

export interface HostView {
  /** period, cpuid, nic, diskstats, device, partition, auto of the page shown. */
  params: UrlParams;
  period: number;
  periods: readonly number[];
  auto: boolean;
}

function link(view: HostView, extra: UrlParams): string {
  return `${HOST_PAGE}${queryString({ ...view.params, ...extra })}`;
}

/** The view switch (Processes / this host) and the period buttons. */
export function hostOptions(view: HostView, hostName: string): Html {
  const periods = view.periods.map((p) =>
    p === view.period ? h`<li class="off active"><a class="button off active">${p}s</a></li>` : h`<li class="on"><a class="button on" href="${link(view, { period: p })}">${p}s</a></li>`,
  );
  return h`<div id="view-card" class="card"><a class="button on" href="proc_instance.html${queryString({ period: view.period, auto: view.auto ? "true" : null })}">Processes</a><a class="button off active">${hostName}</a></div><div id="period-card" class="card"><span class="label">Period</span><ul class="periods">${periods}</ul></div>`;
}

function button(view: HostView, label: string, action: string): Html {
  const params = { ...view.params, action };
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== "") fields[k] = String(v);
  return h`<a class="button on" href="${link(view, { action })}" hx-post="${HOST_PAGE}" hx-vals="${JSON.stringify(fields)}" hx-target="#message" hx-swap="outerHTML">${label}</a>`;
}

/** UI-50 = UI-42: stop all, restart and shutdown Supervisor, refresh, auto refresh. */
export function hostActions(view: HostView): Html {
  const refresh = h`<a class="button on" href="${link(view, {})}">Refresh</a>`;
  const auto = h`<a class="${classes("button on", view.auto && "active")}" href="${link(view, { auto: view.auto ? null : "true" })}">Auto</a>`;
  return h`<div id="actions" class="card">${button(view, "Stop all", "stopall")}${button(view, "Restart", "restartsup")}${button(view, "Shutdown", "shutdownsup")}${refresh}${auto}</div>`;
}

/** Figures of a row as Supvisors' tables show them: value with its trend, mean, slope, stddev. */
function figureCells(row: StatRow, unit: string): Html {
  const sign = row.trend === null ? "" : ` ${TREND_SIGNS[row.trend]}`;
  return h`<td class="${classes("value", row.trend)}">${row.latest}${sign}</td><td class="unit">${unit}</td><td class="mean">${row.mean}</td><td class="slope">${row.slope}</td><td class="stddev">${row.stddev}</td>`;
}

const HEAD = h`<thead><tr><th></th><th>Val.</th><th></th><th>Mean</th><th>Slope/P</th><th>StdDev</th></tr></thead>`;

function rows(view: HostView, param: string, list: StatRow[], unit: string): Html {
  return h`<table class="host-stats">${HEAD}<tbody>${list.map(
    (row) =>
      h`<tr class="${classes(row.selected && "selected")}"><td><a class="${classes("button on", row.selected && "active")}" href="${link(view, { [param]: row.select })}">${row.label}</a></td>${figureCells(row, unit)}</tr>`,
  )}</tbody></table>`;
}

function widgets(id: string, view: HostView, series: Series[]): Html {
  return h`${series.map((s, i) => statsWidget({ id: `${id}-${i}`, title: s.title, unit: s.unit, period: view.period, times: s.times, values: s.values, figures: false }))}`;
}

/** Inner HTML of the live contents: node card and the four statistics cards. */
export function hostContentsInner(model: HostModel, view: HostView): Html {
  const f = model.facts;
  const node = f === null
    ? h`<div id="node-card" class="card host-card"><h3>Node</h3><p>Characteristics not known yet</p></div>`
    : h`<div id="node-card" class="card host-card"><h3>Node</h3><table class="node"><tbody><tr><th>Node</th><td id="node-name">${f.node}</td></tr><tr><th>IP address</th><td id="node-ip">${f.ipAddress}</td></tr><tr><th>Processors</th><td id="node-processors">${f.processors}</td></tr><tr><th>Frequency</th><td id="node-frequency">${f.frequency}</td></tr><tr><th>Memory</th><td id="node-memory">${f.memory}</td></tr></tbody></table></div>`;
  if (!model.hasFigures) return h`${node}<p class="no-stats">No statistics for period ${view.period}s yet</p>`;
  const cpu = h`<div id="cpu-card" class="card host-card"><h3>CPU</h3>${rows(view, "cpuid", model.cpu, "%")}${model.cpuSeries === null ? "" : widgets("cpu", view, [model.cpuSeries])}</div>`;
  const memRow = model.mem === null ? "" : h`<tr class="selected"><td>Used</td>${figureCells(model.mem, "%")}</tr>`;
  const mem = h`<div id="mem-card" class="card host-card"><h3>Memory</h3><table class="host-stats">${HEAD}<tbody>${memRow}</tbody></table>${model.memSeries === null ? "" : widgets("mem", view, [model.memSeries])}</div>`;
  const net = h`<div id="net-card" class="card host-card"><h3>Network</h3>${rows(view, "nic", model.nic, "kbits/s")}${widgets("net", view, model.nicSeries)}</div>`;
  const io = model.diskstats === "io";
  const toggle = h`<a class="${classes("button", io ? "off active" : "on")}" href="${link(view, { diskstats: null })}">IO</a><a class="${classes("button", io ? "on" : "off active")}" href="${link(view, { diskstats: "usage" })}">Usage</a>`;
  const disk = h`<div id="disk-card" class="card host-card"><h3>Disk ${io ? "I/O" : "usage"}</h3><div class="toggle">${toggle}</div>${rows(view, io ? "device" : "partition", model.disk, io ? "kbits/s" : "%")}${widgets("disk", view, model.diskSeries)}</div>`;
  return h`${node}${cpu}${mem}${net}${disk}`;
}
