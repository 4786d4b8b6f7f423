// The page header (UI-20, UI-21, UI-22, UI-23, UI-30): the user's software card, the state card
// (FSM state, link and blinking `>>` to the conciliation page while conflicts wait, starting /
// stopping modes, Master) and the action buttons. Each action button is a plain link carrying
// `action=` (works without JavaScript) that htmx turns into a POST answered in place.

import type { PageModel } from "../src/web/model.ts";
import { queryString, type UrlParams } from "../src/web/urls.ts";
import { classes, h, type Html } from "./html.ts";

export interface SoftwareCard {
  name: string;
  /** URL of the icon, or null. */
  icon: string | null;
}

export function softwareCard(card: SoftwareCard | null): Html | "" {
  if (card === null) return "";
  const icon = card.icon === null ? "" : h`<img id="software-icon" src="${card.icon}" alt="">`;
  return h`<div id="software" class="card">${icon}<span id="software-name">${card.name}</span></div>`;
}

/** Inner HTML of the live state card. */
export function stateInner(model: PageModel): Html {
  const conciliating = model.fsm === "CONCILIATION";
  const waiting = conciliating && model.conflicts.length > 0;
  const state = conciliating
    ? h`<a id="state-name" class="${classes("on", waiting && "blink")}" href="conciliation.html">${model.fsm}${waiting ? " >>" : ""}</a>`
    : h`<span id="state-name">${model.fsm}</span>`;
  const starting = model.startingJobs ? h`<span id="starting" class="mode blink">starting</span>` : "";
  const stopping = model.stoppingJobs ? h`<span id="stopping" class="mode blink">stopping</span>` : "";
  return h`<div class="label">State</div>${state}${starting}${stopping}<div class="label">Master</div><span id="master-name">${model.masterNick || "none"}</span>`;
}

/**
 * An action button: `page?action=...` for a plain click, POSTed by htmx with the same fields and
 * answered with the message box (and the live regions it changed).
 */
export function actionButton(page: string, label: string, params: UrlParams, cls = "button on"): Html {
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== "") fields[k] = String(v);
  return h`<a class="${cls}" href="${page}${queryString(params)}" hx-post="${page}" hx-vals="${JSON.stringify(fields)}" hx-target="#message" hx-swap="outerHTML">${label}</a>`;
}

/** The action bar of the main and conciliation pages. */
export function actionBar(page: string, auto: boolean, withEndSync: boolean): Html {
  const refresh = h`<a class="button on" href="${page}${queryString({ auto: auto || null })}">Refresh</a>`;
  const autoRefresh = h`<a class="${classes("button on", auto && "active")}" href="${page}${queryString({ auto: !auto || null })}">Auto</a>`;
  return h`<div id="actions" class="card">${withEndSync ? actionButton("index.html", "End sync", { action: "sup_sync" }) : ""}${actionButton(
    "index.html",
    "Restart",
    { action: "sup_restart" },
  )}${actionButton("index.html", "Shutdown", { action: "sup_shutdown" })}${refresh}${autoRefresh}</div>`;
}
