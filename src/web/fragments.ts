// The live regions of a page as (event name → inner HTML) pairs, rendered from one model. Pages,
// the SSE stream and htmx action answers all render regions through this one function, so what a
// stream pushes is exactly what a reload would show.

import { conflictsInner } from "../../views/conciliation-page.ts";
import { stateInner } from "../../views/header.ts";
import { cardEvent, cardInner, cardsInner } from "../../views/main-page.ts";
import { applicationsInner, instancesInner, logoInner } from "../../views/menu.ts";
import type { PageModel } from "./model.ts";
import type { UrlMaker } from "./urls.ts";

export type PageName = "index" | "conciliation";

/** Region id in the page for each event name (the SSE event and the element share the name but for the menu). */
export const REGION_IDS: Readonly<Record<string, string>> = {
  logo: "logo",
  instances: "menu-instances",
  applications: "menu-applications",
  state: "state",
  cards: "cards",
  conflicts: "conflicts",
};

export function regionId(event: string): string {
  return REGION_IDS[event] ?? event;
}

/**
 * Every live region of `page`. The main page also has `cards` (the whole list, only pushed when the
 * instance list itself changes, see live.ts) and one `card-N` per instance.
 * @example renderRegions(model, urls, "index", "0.1.0").get("state")
 */
export function renderRegions(model: PageModel, urls: UrlMaker, page: PageName, version: string): Map<string, string> {
  const regions = new Map<string, string>();
  regions.set("logo", logoInner(model, version).toString());
  regions.set("instances", instancesInner(model, urls).toString());
  regions.set("applications", applicationsInner(model, urls).toString());
  regions.set("state", stateInner(model).toString());
  if (page === "index") {
    model.instances.forEach((card, index) => regions.set(cardEvent(index), cardInner(card, model, urls).toString()));
  } else {
    regions.set("conflicts", conflictsInner(model, urls).toString());
  }
  return regions;
}

/** What identifies the card layout: when it changes, the whole `cards` region is pushed. */
export function cardsSignature(model: PageModel): string {
  return model.instances.map((i) => i.identifier).join("\n");
}

/** The whole cards region (its inner HTML: one live region per card). */
export function renderCards(model: PageModel, urls: UrlMaker): string {
  return cardsInner(model, urls).toString();
}
