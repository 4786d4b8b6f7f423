// Rendering of the application page: its live regions (menu, status card, process table, and the
// statistics panel of the selected process on its instance, UI-11 / UI-48) from one model of this
// instant, and the whole page in the shared layout. The page, its event stream
// and its htmx action answers all render regions through `applicationRegions`, so a push shows
// exactly what a reload would.

import { applicationActionBar, applicationStateInner, processTableChunks, type ApplicationView } from "../../../views/application-page.ts";
import { footer } from "../../../views/footer.ts";
import { h, trusted, type Html } from "../../../views/html.ts";
import { layout } from "../../../views/layout.ts";
import { liveBox } from "../../../views/live.ts";
import { applicationsInner, instancesInner, logoInner } from "../../../views/menu.ts";
import { PROCESS_STATS_REGION, processStatsPanel } from "../../../views/process-stats-panel.ts";
import { chartHead, type ChartAssetUrls } from "../../../views/stats-widget.ts";
import type { DashboardDeps } from "../deps.ts";
import { buildModel, timeOfDay } from "../model.ts";
import { softwareOf, type PageSetup } from "../pages.ts";
import type { Gravity } from "../params.ts";
import type { UrlMaker } from "../urls.ts";
import { selectedProcess } from "../process-stats.ts";
import { buildApplicationModel, type ApplicationModel } from "./model.ts";
import { viewParams, type ApplicationParams } from "./params.ts";

/** The region holding the process table (the other regions are the layout's). */
export const PROCESSES_REGION = "app-processes";

export function applicationView(deps: DashboardDeps, p: ApplicationParams): ApplicationView {
  return { params: viewParams(p), strategy: p.strategy, period: p.period, periods: deps.stats.periods, auto: p.auto, tailLimit: deps.supvisors.tailLimit };
}

/**
 * Every live region of the page, event name → inner HTML.
 * @example applicationRegions(deps, urls, version, params).get("app-processes")
 */
export function applicationRegions(deps: DashboardDeps, urls: UrlMaker, version: string, p: ApplicationParams): Map<string, Html> {
  const { regions, table } = regionsAndTable(deps, urls, version, p);
  // The order of the page: the table after the status card, before the statistics panel.
  const ordered = new Map<string, Html>();
  for (const [name, html] of regions) {
    if (name === PROCESS_STATS_REGION) ordered.set(PROCESSES_REGION, trusted([...table(Infinity)].join("")));
    ordered.set(name, html);
  }
  return ordered;
}

/** The regions but the process table, and the table as pieces of at most n rows, rendered when asked for. */
function regionsAndTable(deps: DashboardDeps, urls: UrlMaker, version: string, p: ApplicationParams): { regions: Map<string, Html>; table: (n: number) => Iterable<string> } {
  const cluster = deps.cluster();
  const control = deps.control.state();
  const menu = buildModel({ cluster, control, now: deps.now(), discoveryMode: deps.supvisors.discoveryMode });
  const selection = p.processname === "" ? null : { namespec: p.processname, identifier: p.ident };
  const model = buildApplicationModel({ cluster, control, stats: deps.stats, irixMode: deps.supvisors.statsIrixMode, appname: p.appname, period: p.period, pshex: p.pshex, selection });
  const regions = new Map<string, Html>();
  regions.set("logo", logoInner(menu, version));
  regions.set("instances", instancesInner(menu, urls));
  regions.set("applications", applicationsInner(menu, urls, p.appname));
  if (model === null) {
    // The application vanished while the page was open (its last process was removed).
    regions.set("state", h`<div class="label">Application</div><span id="application-name">${p.appname}</span><span id="application-state">unknown</span>`);
    regions.set(PROCESS_STATS_REGION, h``);
    return { regions, table: () => [String(h`<p class="no-process">No programs to display</p>`)] };
  }
  regions.set("state", applicationStateInner(model));
  regions.set(PROCESS_STATS_REGION, statsPanel(deps, model, p));
  return { regions, table: (n) => processTableChunks(model, applicationView(deps, p), urls, n) };
}

/** UI-11: the figures received from the instance the selection names, whichever it is. */
function statsPanel(deps: DashboardDeps, model: ApplicationModel, p: ApplicationParams): Html {
  const sel = model.selected;
  if (sel === null) return h``;
  const data = selectedProcess({
    stats: deps.stats,
    cluster: deps.cluster(),
    irixMode: deps.supvisors.statsIrixMode,
    identifier: sel.identifier,
    namespec: sel.namespec,
    key: sel.key,
    period: p.period,
  });
  return h`${processStatsPanel(data, p.period)}`;
}

export interface ApplicationPageRequest {
  params: ApplicationParams;
  urls: UrlMaker;
  gravity: Gravity;
  message: string;
  wallMs: number;
  /** The event stream of this view. */
  events: string;
  /** Scripts and styles of the statistics charts. */
  charts: ChartAssetUrls;
}

export function renderApplicationPage(setup: PageSetup, deps: DashboardDeps, r: ApplicationPageRequest): string {
  return [...applicationPageChunks(setup, deps, r, Infinity)].join("");
}

/** Stands for the process table in the layout, which is then cut there. */
const TABLE_MARK = "<!--flotilla:process-table-->";

/**
 * The page in pieces: the layout up to the process table, the table `rowsPerChunk` rows at a time,
 * then the rest. Each piece is rendered when asked for, so a caller that yields between pieces
 * never holds the event loop for the whole page.
 */
export function* applicationPageChunks(setup: PageSetup, deps: DashboardDeps, r: ApplicationPageRequest, rowsPerChunk: number): Generator<string> {
  const { regions, table } = regionsAndTable(deps, r.urls, setup.version, r.params);
  const nick = deps.cluster().instances.get(deps.localId)?.identity.nick ?? deps.localId;
  const page = String(
    layout({
      title: `Flotilla ${r.params.appname}`,
      assets: { css: setup.assets.url("dashboard.css"), htmx: setup.assets.url("htmx.min.js"), sse: setup.assets.url("sse.min.js"), icon: setup.assets.url("flotilla.svg") },
      userCss: setup.userCss,
      auto: r.params.auto,
      events: r.events,
      live: { logo: regions.get("logo")!, instances: regions.get("instances")!, applications: regions.get("applications")!, state: regions.get("state")! },
      software: softwareOf(setup),
      actions: applicationActionBar(applicationView(deps, r.params)),
      head: chartHead(r.charts),
      contents: h`${liveBox(PROCESSES_REGION, PROCESSES_REGION, trusted(TABLE_MARK))}${liveBox(PROCESS_STATS_REGION, PROCESS_STATS_REGION, regions.get(PROCESS_STATS_REGION)!)}`,
      footer: footer(r.gravity, r.message, r.wallMs / 1000, nick),
    }),
  );
  const cut = page.indexOf(TABLE_MARK);
  yield page.slice(0, cut);
  yield* table(rowsPerChunk);
  yield page.slice(cut + TABLE_MARK.length);
}
