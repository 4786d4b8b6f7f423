// Every command of the ctl's default set, by the name typed to run it.

import type { Command } from "../controller.ts";
import { clear } from "./clear.ts";
import { add, avail, remove, reread, update } from "./config.ts";
import { fg } from "./fg.ts";
import { reload, shutdown } from "./lifecycle.ts";
import { pid } from "./pid.ts";
import { eof, exit, help, open, quit, version } from "./session.ts";
import { signal } from "./signal.ts";
import { restart, start, stop } from "./start-stop.ts";
import { status } from "./status.ts";
import { maintail, tail } from "./tail.ts";

export const defaultCommands: readonly Command[] = [
  add, avail, clear, eof, exit, fg, help, maintail, open, pid, quit, reload, remove, reread,
  restart, shutdown, signal, start, status, stop, tail, update, version,
];

/** A fresh name → command map (one per ctl run). */
export function commandTable(commands: readonly Command[] = defaultCommands): Map<string, Command> {
  return new Map(commands.map((c) => [c.name, c]));
}
