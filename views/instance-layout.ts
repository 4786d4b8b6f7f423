// The page shell of the Supervisor-side pages (UI-03): the same head, menu and footer as the main
// page, plus the chart scripts of the statistics widgets, and a header made of the user's software
// card (UI-20: on every page, as Supvisors' header), the status card, the statistics options and
// the action bar. The body connects to the page's own event stream.

import { h, trusted, type Html } from "./html.ts";
import { liveBox } from "./live.ts";
import { chartHead, type ChartAssetUrls } from "./stats-widget.ts";

export interface InstanceLayoutParts {
  title: string;
  /** Asset URLs; `icon` is the favicon. */
  assets: { css: string; htmx: string; sse: string; icon: string; charts: ChartAssetUrls };
  userCss: string;
  auto: boolean;
  events: string;
  menu: { logo: Html; instances: Html; applications: Html };
  software: Html | "";
  status: Html;
  options: Html | "";
  actions: Html;
  contents: Html;
  footer: Html;
}

export function instanceLayout(p: InstanceLayoutParts): string {
  const refresh = p.auto ? h`<meta http-equiv="refresh" content="5">` : "";
  // A </style> inside the user's CSS would end the block early: neutralised.
  const userCss = p.userCss === "" ? "" : h`<style id="user-css">${trusted(p.userCss.replace(/<\/style/gi, "<\\/style"))}</style>`;
  return `<!DOCTYPE html>\n${h`<html lang="en"><head><meta charset="utf-8"><title>${p.title}</title>${refresh}<link rel="icon" href="${p.assets.icon}" type="image/svg+xml"><link rel="stylesheet" href="${p.assets.css}">${userCss}${chartHead(
    p.assets.charts,
  )}<script src="${p.assets.htmx}"></script><script src="${p.assets.sse}"></script></head><body hx-ext="sse" sse-connect="${p.events}"><div id="menu">${liveBox(
    "logo",
    "logo",
    p.menu.logo,
  )}${liveBox("menu-instances", "instances", p.menu.instances)}${liveBox("menu-applications", "applications", p.menu.applications)}</div><div id="page"><header>${p.software}${liveBox(
    "instance-status",
    "instance-status",
    p.status,
    "div",
    "card",
  )}${p.options}${p.actions}</header><main id="contents">${p.contents}</main>${p.footer}</div></body></html>`}`;
}
