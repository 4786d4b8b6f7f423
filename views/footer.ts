// The footer (UI-03, UI-07): the message box coloured by gravity (info blue, warn amber, erro red,
// empty grey), the time of the page, and the nick of the serving instance. The message box is
// what an htmx action answer replaces.

import type { Gravity } from "../src/web/params.ts";
import { classes, h, type Html } from "./html.ts";

export function messageBox(gravity: Gravity, message: string, time: string): Html {
  return h`<div id="message" class="${classes("message", gravity || "empty")}" role="status"><span class="text">${message}</span><span class="time">${message ? time : ""}</span></div>`;
}

export function footer(gravity: Gravity, message: string, time: string, nick: string): Html {
  return h`<footer>${messageBox(gravity, message, time)}<div id="served-by">${nick}</div></footer>`;
}
