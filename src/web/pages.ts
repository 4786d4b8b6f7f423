// Whole-page rendering of the main and conciliation pages: the model of this instant, the live
// regions (the same renderer as the event stream), the header, contents and footer in the layout.

import { conflictsInner } from "../../views/conciliation-page.ts";
import { footer } from "../../views/footer.ts";
import { actionBar, softwareCard, stateInner } from "../../views/header.ts";
import type { Html } from "../../views/html.ts";
import { layout } from "../../views/layout.ts";
import { liveBox } from "../../views/live.ts";
import { cardsInner } from "../../views/main-page.ts";
import { applicationsInner, instancesInner, logoInner } from "../../views/menu.ts";
import type { AssetTable } from "./assets.ts";
import type { PageName } from "./fragments.ts";
import type { PageModel } from "./model.ts";
import { timeOfDay } from "./model.ts";
import type { Gravity } from "./params.ts";
import type { UrlMaker } from "./urls.ts";

export interface PageSetup {
  assets: AssetTable;
  userCss: string;
  softwareName: string;
  /** Whether `/software_icon.png` is served. */
  hasIcon: boolean;
  version: string;
}

export interface PageRequest {
  page: PageName;
  model: PageModel;
  urls: UrlMaker;
  auto: boolean;
  gravity: Gravity;
  message: string;
  wallMs: number;
}

export const PAGE_FILES: Readonly<Record<PageName, string>> = { index: "index.html", conciliation: "conciliation.html" };

function contents(r: PageRequest): Html {
  return r.page === "index" ? liveBox("cards", "cards", cardsInner(r.model, r.urls)) : liveBox("conflicts", "conflicts", conflictsInner(r.model, r.urls));
}

/**
 * The user's software card (UI-20), the first card of every page's header: `software_name` and
 * the `software_icon` served as `software_icon.png`; nothing when neither is configured.
 */
export function softwareOf(setup: Pick<PageSetup, "softwareName" | "hasIcon">): Html | "" {
  if (setup.softwareName === "" && !setup.hasIcon) return "";
  return softwareCard({ name: setup.softwareName, icon: setup.hasIcon ? "software_icon.png" : null });
}

/**
 * @example renderPage(setup, { page: "index", model, urls, auto: false, gravity: "", message: "", wallMs: Date.now() })
 */
export function renderPage(setup: PageSetup, r: PageRequest): string {
  return layout({
    title: r.page === "index" ? "Flotilla status" : "Flotilla conciliation",
    assets: { css: setup.assets.url("dashboard.css"), htmx: setup.assets.url("htmx.min.js"), sse: setup.assets.url("sse.min.js"), icon: setup.assets.url("flotilla.svg") },
    userCss: setup.userCss,
    auto: r.auto,
    events: `/events?page=${r.page}`,
    live: {
      logo: logoInner(r.model, setup.version),
      instances: instancesInner(r.model, r.urls),
      applications: applicationsInner(r.model, r.urls),
      state: stateInner(r.model),
    },
    software: softwareOf(setup),
    actions: actionBar(PAGE_FILES[r.page], r.auto, r.page === "index"),
    contents: contents(r),
    footer: footer(r.gravity, r.message, r.wallMs / 1000, r.model.localNick),
  });
}
