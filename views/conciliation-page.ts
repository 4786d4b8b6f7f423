// The contents of the conciliation page (UI-31, UI-32): the global strategy links and, only in
// CONCILIATION with conflicts, one row group per conflicting process (namespec, its strategy
// links) with one row per instance running it (nick → its page, uptime as `str(timedelta)`, Stop,
// Keep). Strategy links target the Master's conciliation page, which applies them.

import { STRATEGY_ACTIONS } from "../src/web/actions.ts";
import { duration, type Conflict, type PageModel } from "../src/web/model.ts";
import type { UrlMaker } from "../src/web/urls.ts";
import { actionButton } from "./header.ts";
import { h, type Html } from "./html.ts";

/** Supvisors' button labels: `Senicide`, `Running Failure`. */
function title(strategy: string): string {
  return strategy
    .split("_")
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(" ");
}

/** Strategy links for one process (`namespec`) or for all conflicts (""). */
function strategyLinks(model: PageModel, urls: UrlMaker, namespec: string): Html {
  const items = STRATEGY_ACTIONS.map((strategy) => {
    const params = { namespec: namespec || null, action: strategy };
    const href = urls.page(model.masterId, "conciliation.html", params);
    // On the serving Master the link is answered in place; on another instance it is a plain link.
    return model.masterId === model.localId
      ? h`<li>${actionButton("conciliation.html", title(strategy), params)}</li>`
      : h`<li><a class="button on" href="${href}">${title(strategy)}</a></li>`;
  });
  return h`<ul class="strategies">${items}</ul>`;
}

function conflictRows(conflict: Conflict, model: PageModel, urls: UrlMaker): Html[] {
  return conflict.copies.map((copy, index) => {
    const head =
      index === 0
        ? h`<td class="namespec" rowspan="${conflict.copies.length}">${conflict.namespec}</td>`
        : "";
    const strategies = index === 0 ? h`<td rowspan="${conflict.copies.length}">${strategyLinks(model, urls, conflict.namespec)}</td>` : "";
    const params = { namespec: conflict.namespec, ident: copy.identifier };
    return h`<tr>${head}<td><a class="on" href="${urls.page(copy.identifier, "proc_instance.html")}">${copy.nick}</a></td><td class="uptime">${duration(copy.uptime)}</td><td>${actionButton(
      "conciliation.html",
      "Stop",
      { ...params, action: "pstop" },
    )}</td><td>${actionButton("conciliation.html", "Keep", { ...params, action: "pkeep" })}</td>${strategies}</tr>`;
  });
}

/** Inner HTML of the live conflicts region. */
export function conflictsInner(model: PageModel, urls: UrlMaker): Html {
  if (model.fsm !== "CONCILIATION" || model.conflicts.length === 0) return h`<p class="no-conflict">No conflict</p>`;
  const rows = model.conflicts.flatMap((c) => conflictRows(c, model, urls));
  return h`<div class="global card"><span class="label">Conciliate all</span>${strategyLinks(model, urls, "")}</div><table class="conflicts"><thead><tr><th>Process</th><th>Supervisor</th><th>Uptime</th><th colspan="2">Actions</th><th>Strategies</th></tr></thead><tbody>${rows}</tbody></table>`;
}
