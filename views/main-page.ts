// The contents of the main page (UI-24): one card per instance with the optional end-sync star,
// its nick (✪ for the Master, link to its own main page when active, `active` for the serving
// instance), state, clock (--:--:-- when the instance is not active), load, and the
// processes running there grouped by application. Each card is a live region of its own, so a
// change on one instance sends that card only.

import type { InstanceCard, PageModel } from "../src/web/model.ts";
import type { UrlMaker } from "../src/web/urls.ts";
import { actionButton } from "./header.ts";
import { classes, h, type Html } from "./html.ts";
import { liveBox } from "./live.ts";
import { MASTER_SYMBOL } from "./menu.ts";

/** The live region name of the card at `index` (positions are stable while the instance set is). */
export function cardEvent(index: number): string {
  return `card-${index}`;
}

function star(card: InstanceCard): Html {
  if (card.state !== "RUNNING") return h`<th class="star"><a class="off">&#160;${MASTER_SYMBOL}&#160;</a></th>`;
  return h`<th class="star">${actionButton("index.html", `\u00A0${MASTER_SYMBOL}\u00A0`, { action: "sup_master_sync", ident: card.identifier }, "on")}</th>`;
}

/** Inner HTML of one instance card. */
export function cardInner(card: InstanceCard, model: PageModel, urls: UrlMaker): Html {
  const nick = card.isMaster ? `${MASTER_SYMBOL} ${card.nick}` : card.nick;
  // As Supvisors: `active` marks the serving instance's card.
  const local = card.identifier === model.localId && "active";
  const name = card.active
    ? h`<a class="${classes("on", local)}" href="${urls.page(card.identifier, "index.html")}">${nick}</a>`
    : h`<a class="${classes("off", local)}">${nick}</a>`;
  const rows = card.applications.map((app) => {
    const appLink = app.managed
      ? h`<a class="on" href="${urls.page(card.identifier, "application.html", { appname: app.name, ident: card.identifier, strategy: app.strategy })}">${app.name}</a>`
      : h`<span>${app.name}</span>`;
    const processes = app.processes.map(
      (p) =>
        h`<li><a class="${classes("on", p.conflict && "blink")}" href="${urls.page(card.identifier, "proc_instance.html", {
          processname: p.namespec,
          ident: card.identifier,
        })}">${p.name}</a></li>`,
    );
    return h`<tr><td class="application" colspan="${model.userSync ? 2 : 1}">${appLink}</td><td colspan="3"><ul class="processes">${processes}</ul></td></tr>`;
  });
  return h`<table class="instance"><thead><tr>${model.userSync ? star(card) : ""}<th class="nick">${name}</th><th class="${card.state}">${card.state}</th><th class="time">${card.time || "--:--:--"}</th><th class="load">${card.load}%</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** Inner HTML of the cards container: one live region per instance. */
export function cardsInner(model: PageModel, urls: UrlMaker): Html {
  return h`${model.instances.map((card, index) => liveBox(cardEvent(index), cardEvent(index), cardInner(card, model, urls), "div", "instance-card"))}`;
}
