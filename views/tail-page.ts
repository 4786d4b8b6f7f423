// The tail pages (UI-70, UI-71): Supervisor's `tail.html` (title, the log text in a <pre>, a
// Refresh link keeping processname and limit) and Supvisors' `maintail.html`, plus a live
// `tail -f`: a small script appends what the page's event stream sends to the <pre>, keeping at
// most `keepBytes` characters, and starts over when the log got shorter.

import { h, trusted, type Html } from "./html.ts";

export interface TailPageParts {
  title: string;
  body: string;
  /** The Refresh link, or null (no process name). */
  refresh: string | null;
  /** The stream to follow, or null when there is nothing to follow. */
  follow: { events: string; keepBytes: number } | null;
  css: string;
}

/** Client side of the live tail: EventSource `append` / `reset` events on the <pre>. */
const FOLLOW_SCRIPT = `(function () {
  var pre = document.getElementById("tailbody");
  var keep = Number(pre.getAttribute("data-keep")) || 65536;
  var source = new EventSource(pre.getAttribute("data-follow"));
  var pinned = true;
  window.addEventListener("scroll", function () {
    pinned = window.innerHeight + window.scrollY >= document.body.scrollHeight - 4;
  });
  function add(text) {
    var all = pre.textContent + text;
    if (all.length > keep) all = all.slice(all.length - keep);
    pre.textContent = all;
    if (pinned) window.scrollTo(0, document.body.scrollHeight);
  }
  source.addEventListener("append", function (e) { add(e.data); });
  source.addEventListener("reset", function (e) { pre.textContent = ""; add(e.data); });
})();`;

export function tailPage(p: TailPageParts): string {
  const refresh = p.refresh === null ? "" : h`<div style="margin-top: 10px;"><a href="${p.refresh}"><input type="button" value=" Refresh " name="refresh"></a></div>`;
  const pre: Html =
    p.follow === null
      ? h`<pre id="tailbody">${p.body}</pre>`
      : h`<pre id="tailbody" data-follow="${p.follow.events}" data-keep="${p.follow.keepBytes}">${p.body}</pre>`;
  const script = p.follow === null ? "" : h`<script>${trusted(FOLLOW_SCRIPT)}</script>`;
  return `<!DOCTYPE html>\n${h`<html lang="en"><head><meta charset="utf-8"><title>${p.title}</title><link rel="stylesheet" href="${p.css}"></head><body class="tail"><div id="content">${pre}${refresh}</div>${script}</body></html>`}`;
}
