// The "Supvisors" part of `flotilla check`: what the Supvisors section resolves to, one option a
// line, in the layout of src/cli/check.ts. Pure. The peer key is never shown, only "(set)".
//
// Example: console.log(renderSupvisorsReport(readSupvisorsOptions(config).options!))

import { formatByteSize } from "./datatypes.ts";
import type { DeclaredInstance, SupvisorsOptions } from "./supvisors-model.ts";

const bytes = formatByteSize;

function list(values: readonly string[]): string {
  return values.length === 0 ? "(none)" : values.join(", ");
}

function instanceLine(i: DeclaredInstance): string {
  const nick = i.nick === i.identifier ? "" : ` <${i.nick}>`;
  return `    ${i.identifier}${nick}  (event port ${i.eventPort})`;
}

/** The text block for one SupvisorsOptions, ending with a newline. */
export function renderSupvisorsReport(o: SupvisorsOptions): string {
  const row = (label: string, value: string | number | boolean): string => `  ${label.padEnd(28)}${value}`;
  const out: string[] = [`Supvisors: [${o.section}] [${o.source.file}:${o.source.line}]`];
  out.push(
    `  instances (${o.listDeclared ? "supvisors_list" : "supvisors_list empty: local entry only"}):`,
    ...o.instances.map(instanceLine),
  );
  const mc = o.multicastGroup;
  out.push(
    row("discovery (multicast_group)", mc === null ? "off" : `${mc.address}:${mc.port}`),
    row("multicast_interface", o.multicastInterface ?? "ANY"),
    row("multicast_ttl", o.multicastTtl),
    row("stereotypes", list(o.stereotypes)),
    row("core_identifiers", list(o.coreIdentifiers)),
    row("synchro_options", o.synchroOptions.join(", ")),
    row("synchro_timeout", `${o.synchroTimeout} s`),
    row("tick_period", `${o.tickPeriod} s`),
    row("inactivity_ticks", `${o.inactivityTicks} (peer lost after ${+(o.tickPeriod * o.inactivityTicks).toFixed(3)} s)`),
    row("auto_fence", o.autoFence),
    row("peer_key", o.peerKey === null ? "(not set: the cluster is open to anyone on the network)" : "(set)"),
    row("starting_strategy", o.startingStrategy),
    row("conciliation_strategy", o.conciliationStrategy),
    row("supvisors_failure_strategy", o.supvisorsFailureStrategy),
    row("rules_files", list(o.rulesFiles)),
    row("disabilities_file", o.disabilitiesFile ?? "(none: not persisted)"),
    row("event_link", o.eventLink),
    row("event_port", o.eventPort ?? "(http port + 1)"),
    row("software_name", o.softwareName === "" ? "(none)" : o.softwareName),
    row("software_icon", o.softwareIcon ?? "(none)"),
    row("css_files", list(o.cssFiles)),
    row(
      "statistics",
      `host ${o.hostStatsEnabled ? "on" : "off"}, process ${o.processStatsEnabled ? "on" : "off"}, ` +
        `every ${o.statsCollectingPeriod} s, periods ${o.statsPeriods.join(", ")} s, ` +
        `history ${o.statsHisto}, ${o.statsIrixMode ? "IRIX" : "Solaris"} mode`,
    ),
    row("tail_limit / tailf_limit", `${bytes(o.tailLimit)} / ${bytes(o.tailfLimit)}`),
  );
  const l = o.logger;
  out.push(
    row(
      "logfile",
      l.logfile.kind === "auto"
        ? "AUTO (the supervisord log)"
        : `${l.logfile.path} (maxbytes ${bytes(l.logfileMaxbytes)}, backups ${l.logfileBackups}, loglevel ${l.loglevel})`,
    ),
  );
  return out.join("\n") + "\n";
}
