// The left navigation menu (UI-04, UI-05): the Supvisors logo with the version, the instances
// (state class, Master mark ✪, blinking jobs, failure light, link to their own page) and the
// managed applications (state class, blinking jobs, failure light, link with their strategy).

import type { MenuApplication, MenuInstance, PageModel } from "../src/web/model.ts";
import type { UrlMaker } from "../src/web/urls.ts";
import { classes, h, type Html } from "./html.ts";

export const MASTER_SYMBOL = "\u272A";

/** The logo area: failure style and a link to the conciliation page while conflicts wait. */
export function logoInner(model: PageModel, version: string): Html {
  const conciliating = model.fsm === "CONCILIATION" && model.conflicts.length > 0;
  return h`<a id="supvisors" class="${classes("logo", conciliating && "failure")}" href="${conciliating ? "conciliation.html" : "index.html"}">Supvisors</a><span id="version">${version}</span>`;
}

function instanceItem(instance: MenuInstance, urls: UrlMaker, current: string): Html {
  const li = classes(instance.state, instance.identifier === current && "active", instance.failure && "failure", instance.isMaster && "master");
  const a = classes(instance.busy && "blink", instance.active ? "on" : "off");
  const href = instance.active ? urls.page(instance.identifier, "proc_instance.html") : null;
  const master = instance.isMaster ? h`<span class="master-mark">${MASTER_SYMBOL}</span>` : "";
  return href === null
    ? h`<li class="${li}"><a class="${a}">${master}<span>${instance.nick}</span></a></li>`
    : h`<li class="${li}"><a class="${a}" href="${href}">${master}<span>${instance.nick}</span></a></li>`;
}

/** Inner HTML of the instances part of the menu. */
export function instancesInner(model: PageModel, urls: UrlMaker, current = ""): Html {
  const failure = model.instances.some((i) => i.failure);
  return h`<h2 class="${classes(failure && "failure")}">Supervisors</h2><ul>${model.instances.map((i) => instanceItem(i, urls, current))}</ul>`;
}

function applicationItem(app: MenuApplication, urls: UrlMaker, linked: boolean, current: string): Html {
  const li = classes(app.state, app.name === current && "active", app.failure && "failure");
  const a = classes(app.busy && "blink", linked ? "on" : "off");
  if (!linked) return h`<li class="${li}"><a class="${a}">${app.name}</a></li>`;
  const href = urls.page("", "application.html", { appname: app.name, strategy: app.strategy });
  return h`<li class="${li}"><a class="${a}" href="${href}">${app.name}</a></li>`;
}

/** Inner HTML of the applications part of the menu; links are off in OFF and SYNCHRONIZATION. */
export function applicationsInner(model: PageModel, urls: UrlMaker, current = ""): Html {
  const failure = model.applications.some((a) => a.failure);
  const linked = model.fsm !== "OFF" && model.fsm !== "SYNCHRONIZATION";
  return h`<h2 class="${classes(failure && "failure")}">Applications</h2><ul>${model.applications.map((a) => applicationItem(a, urls, linked, current))}</ul>`;
}
