// The supervisord.conf of one instance of a chaos cluster: its HTTP port on its namespace's own
// address, its logs in its own directory, the shared rules file and a [supvisors] section for one
// of two kinds of discovery:
//   - "multicast": supvisors_list names only the instance itself; the others are found by UDP
//     multicast on a group of the run, pinned to the namespace's address, TTL 1;
//   - "list": supvisors_list names every instance; no multicast.

import { writeFileSync } from "node:fs";
import { join } from "node:path";

export type Discovery = "multicast" | "list";

/** Every instance listens on this port of its own namespace's address. */
export const CHAOS_PORT = 9001;

export interface InstanceConfig {
  dir: string;
  nick: string;
  address: string;
  /** Every instance of the cluster (the "list" discovery names them all). */
  all: readonly { nick: string; address: string }[];
  discovery: Discovery;
  /** `a.b.c.d:port`, the run's group (only used by "multicast"). */
  multicastGroup: string;
  tickPeriod: number;
  inactivityTicks: number;
  rulesFile: string;
  /** Extra lines of the [supvisors] section (conciliation_strategy, ...). */
  supvisors: string;
  /** [program:x] sections. */
  programs: string;
}

function discoveryLines(c: InstanceConfig): string[] {
  if (c.discovery === "list") {
    return [`supvisors_list = ${c.all.map((i) => `<${i.nick}>${i.address}:${CHAOS_PORT}`).join(",")}`, "synchro_options = STRICT,TIMEOUT"];
  }
  return [
    `supvisors_list = <${c.nick}>${c.address}:${CHAOS_PORT}`,
    `multicast_group = ${c.multicastGroup}`,
    `multicast_interface = ${c.address}`,
    "multicast_ttl = 1",
    "synchro_options = LIST,TIMEOUT",
  ];
}

/** Writes `supervisord.conf` in `c.dir` and returns its path. */
export function writeInstanceConfig(c: InstanceConfig): string {
  const text = [
    "[supervisord]",
    `logfile = ${join(c.dir, "main.log")}`,
    `pidfile = ${join(c.dir, "daemon.pid")}`,
    `childlogdir = ${c.dir}`,
    "nodaemon = true",
    "",
    "[inet_http_server]",
    `port = ${c.address}:${CHAOS_PORT}`,
    "",
    "[rpcinterface:supervisor]",
    "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface",
    "",
    "[supvisors]",
    ...discoveryLines(c),
    `tick_period = ${c.tickPeriod}`,
    `inactivity_ticks = ${c.inactivityTicks}`,
    `rules_files = ${c.rulesFile}`,
    `disabilities_file = ${join(c.dir, "disabilities.json")}`,
    "peer_key = flotilla-chaos",
    c.supvisors,
    "",
    c.programs,
    "",
  ].join("\n");
  const path = join(c.dir, "supervisord.conf");
  writeFileSync(path, text);
  return path;
}
