// The left navigation menu (UI-04, UI-05): the logo with the version, the instances (state class,
// `active` for the one the page is about, `local` for the serving one, Master mark ✪, blinking
// jobs, failure light, link to their own page) and the managed applications (state class, blinking
// jobs, failure light, link with their strategy, off in OFF only).
//
// The logo area is where Supvisors puts its own logo image and version: ours shows Flotilla's mark
// (drawn by the stylesheet), name and version — the version is Flotilla's, so the name must be too.
// The user's software_name / software_icon are not here but in the header's first card, as in
// Supvisors (views/header.ts softwareCard).

import type { MenuApplication, MenuInstance, PageModel } from "../src/web/model.ts";
import type { UrlMaker } from "../src/web/urls.ts";
import { classes, h, type Html } from "./html.ts";

export const MASTER_SYMBOL = "\u272A";

/** The logo area: a link to the main page, in failure style while the cluster is in CONCILIATION. */
export function logoInner(model: PageModel, version: string): Html {
  return h`<a id="supvisors" class="${classes("logo", model.fsm === "CONCILIATION" && "failure")}" href="index.html">Flotilla</a><span id="version">${version}</span>`;
}

function instanceItem(instance: MenuInstance, urls: UrlMaker, current: string, local: string): Html {
  const li = classes(
    instance.state,
    instance.identifier === current ? "active" : instance.identifier === local && "local",
    instance.failure && "failure",
    instance.isMaster && "master",
  );
  const a = classes(instance.busy && "blink", instance.active ? "on" : "off");
  const href = instance.active ? urls.page(instance.identifier, "proc_instance.html") : null;
  const master = instance.isMaster ? h`<span class="master-mark">${MASTER_SYMBOL}</span>` : "";
  return href === null
    ? h`<li class="${li}"><a class="${a}">${master}<span>${instance.nick}</span></a></li>`
    : h`<li class="${li}"><a class="${a}" href="${href}">${master}<span>${instance.nick}</span></a></li>`;
}

/**
 * Inner HTML of the instances part of the menu. `current`: the instance the page is about (the
 * Supervisor and host pages); the serving instance is marked `local` on the other pages.
 */
export function instancesInner(model: PageModel, urls: UrlMaker, current = ""): Html {
  const failure = model.instances.some((i) => i.failure);
  return h`<h2 class="${classes(failure && "failure")}">Supervisors</h2><ul>${model.instances.map((i) => instanceItem(i, urls, current, model.localId))}</ul>`;
}

function applicationItem(app: MenuApplication, urls: UrlMaker, linked: boolean, current: string): Html {
  const li = classes(app.state, app.name === current && "active", app.failure && "failure");
  const a = classes(app.busy && "blink", linked ? "on" : "off");
  if (!linked) return h`<li class="${li}"><a class="${a}">${app.name}</a></li>`;
  const href = urls.page("", "application.html", { appname: app.name, strategy: app.strategy });
  return h`<li class="${li}"><a class="${a}" href="${href}">${app.name}</a></li>`;
}

/** Inner HTML of the applications part of the menu; links are off in OFF only, as Supvisors'. */
export function applicationsInner(model: PageModel, urls: UrlMaker, current = ""): Html {
  const failure = model.applications.some((a) => a.failure);
  const linked = model.fsm !== "OFF";
  return h`<h2 class="${classes(failure && "failure")}">Applications</h2><ul>${model.applications.map((a) => applicationItem(a, urls, linked, current))}</ul>`;
}
