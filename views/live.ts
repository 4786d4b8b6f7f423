// A live region of a page: a stable container whose inner HTML the server replaces, either through
// a server-sent event of the same name (htmx sse extension, `sse-swap`) or, in the answer to an
// htmx action, as an out-of-band swap. The container itself never changes, so its listeners stay.

import { h, trusted, type Child, type Html } from "./html.ts";

/**
 * @example liveBox("state", "state", h`<b>OPERATION</b>`) // <div id="state" sse-swap="state" hx-swap="innerHTML">…</div>
 */
export function liveBox(id: string, event: string, inner: Child, tag: "div" | "ul" | "nav" = "div", cls = ""): Html {
  if (tag === "ul") return h`<ul id="${id}" class="${cls}" sse-swap="${event}" hx-swap="innerHTML">${inner}</ul>`;
  if (tag === "nav") return h`<nav id="${id}" class="${cls}" sse-swap="${event}" hx-swap="innerHTML">${inner}</nav>`;
  return h`<div id="${id}" class="${cls}" sse-swap="${event}" hx-swap="innerHTML">${inner}</div>`;
}

/** The same region as an out-of-band swap in an htmx action answer. */
export function oobBox(id: string, inner: string): Html {
  return h`<div id="${id}" hx-swap-oob="innerHTML">${trusted(inner)}</div>`;
}
