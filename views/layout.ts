// The page shell shared by the main and conciliation pages (UI-03): head with our CSS then the
// user's `css_files`, htmx and its SSE extension, the menu, the header, the contents and the
// footer. The body connects to the page's event stream; every live region listens on it.

import { h, trusted, type Html } from "./html.ts";
import { liveBox } from "./live.ts";

export interface LayoutParts {
  title: string;
  /** Asset URLs (embedded files); `icon` is the favicon. */
  assets: { css: string; htmx: string; sse: string; icon: string };
  /** Content of the css_files, injected after ours. */
  userCss: string;
  auto: boolean;
  /** The SSE endpoint of this page. */
  events: string;
  live: { logo: Html; instances: Html; applications: Html; state: Html };
  software: Html | "";
  actions: Html;
  contents: Html;
  footer: Html;
  /** Extra tags for the head (the chart scripts of pages with statistics). */
  head?: Html;
}

export function layout(p: LayoutParts): string {
  const refresh = p.auto ? h`<meta http-equiv="refresh" content="5">` : "";
  // A </style> inside the user's CSS would end the block early: neutralised.
  const userCss = p.userCss === "" ? "" : h`<style id="user-css">${trusted(p.userCss.replace(/<\/style/gi, "<\\/style"))}</style>`;
  return `<!DOCTYPE html>\n${h`<html lang="en"><head><meta charset="utf-8"><title>${p.title}</title>${refresh}<link rel="icon" href="${p.assets.icon}" type="image/svg+xml"><link rel="stylesheet" href="${p.assets.css}">${userCss}<script src="${p.assets.htmx}"></script><script src="${p.assets.sse}"></script>${p.head ?? ""}</head><body hx-ext="sse" sse-connect="${p.events}"><div id="menu">${liveBox("logo", "logo", p.live.logo)}${liveBox("menu-instances", "instances", p.live.instances)}${liveBox("menu-applications", "applications", p.live.applications)}</div><div id="page"><header>${p.software}${liveBox("state", "state", p.live.state, "div", "card")}${p.actions}</header><main id="contents">${p.contents}</main>${p.footer}</div></body></html>`}`;
}
