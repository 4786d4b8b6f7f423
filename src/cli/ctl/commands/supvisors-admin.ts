// The Supvisors cluster administration commands of the ctl: `end_sync [master]` (CTL-SV-35),
// `sreload` (CTL-SV-33), `sshutdown` (CTL-SV-34) and `loglevel <level>` (CTL-SV-36). Unlike
// `reload`/`shutdown`, the Supvisors 0.19 ctl asks no confirmation before restarting or stopping
// the whole cluster, so neither do these. JSON: one outcome named "supvisors" with the result.

import type { Command } from "../controller.ts";
import { pyRepr } from "../py-format.ts";
import { supvisorsRequest } from "./supvisors-args.ts";
import { rejectArgs, supvisorsCommand } from "./supvisors-support.ts";

/**
 * Supervisor's logger levels by the lower-case name the ctl accepts (case-sensitive, as
 * supervisor.loggers.getLevelNumByDescription is), in the order the help lists them.
 */
export const LOGGER_LEVELS: ReadonlyArray<readonly [string, number]> = [
  ["critical", 50],
  ["error", 40],
  ["warn", 30],
  ["info", 20],
  ["debug", 10],
  ["trace", 5],
  ["blather", 3],
];

/**
 * The level number for a name, or null.
 * @example loggerLevel("warn") // 30
 * @example loggerLevel("WARN") // null
 */
export function loggerLevel(name: string): number | null {
  return LOGGER_LEVELS.find(([n]) => n === name)?.[1] ?? null;
}

/** A command that calls one method without parameters and prints `<label>: <result>`. */
function clusterAction(name: string, method: string, label: string, help: string): Command {
  return supvisorsCommand({
    name,
    help: [help],
    run: (ctl) => supvisorsRequest(ctl, label, method),
  });
}

export const sreload = clusterAction("sreload", "restart", "Restarted", "sreload\t\t\t\t\tRestart Supvisors on all instances");

export const sshutdown = clusterAction("sshutdown", "shutdown", "Shut down", "sshutdown\t\t\t\tShutdown Supvisors on all instances");

// The original checks the server before the arguments, as every Supvisors command does.
export const endSync = supvisorsCommand({
  name: "end_sync",
  help: [
    "end_sync\t\t\t\tEnd the Supvisors synchronization phase",
    // The trailing space is the original's.
    "end_sync master_identifier\t\tEnd the Supvisors synchronization phase and select this identifier as Supvisors Master instance ",
  ],
  maxWords: 1,
  usage: "ERROR: end_sync optionally takes one single Supvisors identifier",
  async run(ctl, [identifier]) {
    await supvisorsRequest(ctl, "End of Synchronization phase requested", "end_sync", identifier ?? "");
  },
});

export const loglevel = supvisorsCommand({
  name: "loglevel",
  help: [
    "loglevel lvl\t\t\t\tChange the level of local Supvisors' logger to lvl.",
    // The original prints Python's repr of the dict values holding the names.
    `\t\t\t\t\tApplicable values are: dict_values([${LOGGER_LEVELS.map(([n]) => pyRepr(n)).join(", ")}]).`,
  ],
  minWords: 1,
  usage: "ERROR: loglevel requires a level",
  async run(ctl, [word], command) {
    // Only the first word counts; the original ignores the others.
    const level = loggerLevel(word!);
    if (level === null) {
      rejectArgs(ctl, command, "ERROR: unknown level for Logger");
      return;
    }
    await supvisorsRequest(ctl, "Logger level changed", "change_log_level", level);
  },
});
