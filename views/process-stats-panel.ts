// The detailed statistics panel of one process (UI-48), shared by the Supervisor page and the
// application page: the process, the node and address of the instance whose figures are shown,
// then the CPU and MEM widgets (UI-12) with their charts. The pages put it in a live region, so a
// push of new figures redraws it (static/charts.js draws again after every swap).

import type { SelectedProcess } from "../src/web/process-stats.ts";
import { h, type Html } from "./html.ts";
import { statsWidget } from "./stats-widget.ts";

/** Id and event name of the panel's live region on both pages. */
export const PROCESS_STATS_REGION = "process-stats";

/**
 * Inner HTML of the panel; empty when nothing is selected.
 * @example processStatsPanel({ namespec: "web:front", node: "h", ip: "10.0.0.2", cpu, mem }, 10)
 */
export function processStatsPanel(sel: SelectedProcess | null, period: number): Html | "" {
  if (sel === null) return "";
  return h`<div class="stats-panel"><table class="facts"><tr><th>Process</th><td id="stats-namespec">${sel.namespec}</td></tr><tr><th>Node</th><td>${sel.node}</td></tr><tr><th>IP</th><td>${sel.ip}</td></tr></table>${statsWidget(
    { id: "process-cpu", title: "CPU", unit: "%", period, times: sel.cpu.times, values: sel.cpu.values, legend: `${sel.namespec} CPU` },
  )}${statsWidget({ id: "process-mem", title: "MEM", unit: "%", period, times: sel.mem.times, values: sel.mem.values, legend: `${sel.namespec} MEM` })}</div>`;
}
