// Every command of the ctl, by the name typed to run it: supervisorctl's default set, then the
// Supvisors plugin's.

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
import { endSync, loglevel, sreload, sshutdown } from "./supvisors-admin.ts";
import { applicationCommands, testStartApplication } from "./supvisors-app-control.ts";
import { applicationInfo, applicationRules } from "./supvisors-applications.ts";
import { instanceStatus } from "./supvisors-instances.ts";
import { allStart, allStartArgs, localStatus, startArgs } from "./supvisors-local.ts";
import {
  restartProcess,
  startAnyProcess,
  startAnyProcessArgs,
  startProcess,
  startProcessArgs,
  stopProcess,
  testStartProcess,
} from "./supvisors-process-control.ts";
import { conflicts, processRules, sstatus } from "./supvisors-processes.ts";
import { terminalProgress } from "./supvisors-progress-display.ts";
import { conciliate, disable, enable, lazyUpdateNumprocs, restartSequence, updateNumprocs } from "./supvisors-programs.ts";
import { master, sstate, strategies, sversion } from "./supvisors-state.ts";
import { disableStats, enableStats, statsPeriod, statsStatus } from "./supvisors-stats.ts";
import { maintail, tail } from "./tail.ts";

export const defaultCommands: readonly Command[] = [
  add, avail, clear, eof, exit, fg, help, maintail, open, pid, quit, reload, remove, reread,
  restart, shutdown, signal, start, status, stop, tail, update, version,
];

// The application commands show their progress line on the process's own terminal.
const { startApplication, stopApplication, restartApplication } = applicationCommands(terminalProgress);

/**
 * The Supvisors plugin's commands, always present in Flotilla as in `supvisorsctl` (CTL-GEN-03);
 * `help` lists them in their own section after the default one.
 */
export const supvisorsCommands: readonly Command[] = [
  allStart, allStartArgs, applicationInfo, applicationRules, conciliate, conflicts, disable, enable, endSync,
  instanceStatus, lazyUpdateNumprocs, localStatus, loglevel, master, processRules, restartApplication,
  restartProcess, restartSequence, sreload, sshutdown, sstate, sstatus, startAnyProcess, startAnyProcessArgs,
  startApplication, startArgs, startProcess, startProcessArgs, stopApplication, stopProcess, strategies, sversion,
  testStartApplication, testStartProcess, updateNumprocs, statsStatus, enableStats, disableStats, statsPeriod,
];

export const allCommands: readonly Command[] = [...defaultCommands, ...supvisorsCommands];

/** A fresh name → command map (one per ctl run). */
export function commandTable(commands: readonly Command[] = allCommands): Map<string, Command> {
  return new Map(commands.map((c) => [c.name, c]));
}
