// The footer (UI-03, UI-07): the message box coloured by gravity (info blue, warn amber, erro red,
// empty grey), and, as Supvisors' time box, the time the page was made (`time.ctime` form) and the
// nick of the instance that served it. The message box is what an htmx action answer replaces.

import { ctime } from "../src/web/py-text.ts";
import { timeOfDay } from "../src/web/model.ts";
import type { Gravity } from "../src/web/params.ts";
import { classes, h, type Html } from "./html.ts";

/** The message and, beside it, the time of day it was given. */
export function messageBox(gravity: Gravity, message: string, time: string): Html {
  return h`<div id="message" class="${classes("message", gravity || "empty")}" role="status"><span class="text">${message}</span><span class="time">${message ? time : ""}</span></div>`;
}

/**
 * @example footer("info", "Process web:db started", Date.now() / 1000, "alpha")
 */
export function footer(gravity: Gravity, message: string, epochSeconds: number, nick: string): Html {
  return h`<footer>${messageBox(gravity, message, timeOfDay(epochSeconds))}<div id="time-box"><span id="page-time">${ctime(epochSeconds)}</span> on <span id="served-by">${nick}</span></div></footer>`;
}
