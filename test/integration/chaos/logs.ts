// Instance transitions as each daemon logged them (`instance 10.200.7.3:9001 is FAILED (why)`),
// with the log's millisecond time: the observer samples every 100 ms or so and can miss a short
// FAILED; the log never does. Both the Supvisors format (`date;LEVEL;message`) and supervisord's
// (`date LEVEL message`) are read.

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ChaosCluster } from "./cluster.ts";

export interface LogTransition {
  /** Epoch ms (the log is in local time, as the daemon wrote it). */
  t: number;
  /** The instance whose log it is. */
  viewer: string;
  /** The instance that changed state, as a nick when it belongs to the cluster. */
  target: string;
  state: string;
  why: string;
}

const LINE = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d),(\d{3})[; ][A-Z]+[; ]instance (\S+) is ([A-Z]+)(?: \((.*)\))?$/;

/** The transitions in one log text. */
export function parseTransitions(text: string, viewer: string, nickOf: (identifier: string) => string): LogTransition[] {
  const found: LogTransition[] = [];
  for (const line of text.split("\n")) {
    const m = LINE.exec(line);
    if (!m) continue;
    const [y, mo, d, h, mi, s, ms] = m.slice(1, 8).map(Number) as [number, number, number, number, number, number, number];
    found.push({ t: new Date(y, mo - 1, d, h, mi, s, ms).getTime(), viewer, target: nickOf(m[8]!), state: m[9]!, why: m[10] ?? "" });
  }
  return found;
}

/** Every transition logged so far by every instance of the cluster (its main.log, all launches). */
export function clusterTransitions(cluster: ChaosCluster): LogTransition[] {
  return cluster.nodes.flatMap((node) => {
    const path = join(node.dir, "main.log");
    return existsSync(path) ? parseTransitions(readFileSync(path, "utf8"), node.nick, (id) => cluster.nickOf(id)) : [];
  });
}
