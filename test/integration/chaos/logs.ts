// What the daemons logged, with the log's millisecond time: every line of every instance's
// main.log (all its launches), and the instance transitions among them (`instance
// 10.200.7.3:9001 is FAILED (why)`). The observer samples every 200 ms or so and can miss a short
// FAILED or blur a time; the log does neither. Both the Supvisors format (`date;LEVEL;message`)
// and supervisord's (`date LEVEL message`) are read.

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ChaosCluster } from "./cluster.ts";

export interface LogLine {
  /** Epoch ms (the log is in local time, as the daemon wrote it). */
  t: number;
  /** The instance whose log it is. */
  viewer: string;
  message: string;
}

export interface LogTransition {
  t: number;
  viewer: string;
  /** The instance that changed state, as a nick when it belongs to the cluster. */
  target: string;
  state: string;
  why: string;
}

const LINE = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d),(\d{3})[; ][A-Z]+[; ](.*)$/;
const TRANSITION = /^instance (\S+) is ([A-Z]+)(?: \((.*)\))?$/;

export function parseLog(text: string, viewer: string): LogLine[] {
  const lines: LogLine[] = [];
  for (const line of text.split("\n")) {
    const m = LINE.exec(line);
    if (!m) continue;
    const [y, mo, d, h, mi, s, ms] = m.slice(1, 8).map(Number) as [number, number, number, number, number, number, number];
    lines.push({ t: new Date(y, mo - 1, d, h, mi, s, ms).getTime(), viewer, message: m[8]! });
  }
  return lines;
}

/** Every line logged so far by every instance of the cluster, in time order. */
export function clusterLog(cluster: ChaosCluster): LogLine[] {
  return cluster.nodes
    .flatMap((node) => {
      const path = join(node.dir, "main.log");
      return existsSync(path) ? parseLog(readFileSync(path, "utf8"), node.nick) : [];
    })
    .sort((a, b) => a.t - b.t);
}

export function transitionsIn(lines: readonly LogLine[], nickOf: (identifier: string) => string): LogTransition[] {
  return lines.flatMap((l) => {
    const m = TRANSITION.exec(l.message);
    return m ? [{ t: l.t, viewer: l.viewer, target: nickOf(m[1]!), state: m[2]!, why: m[3] ?? "" }] : [];
  });
}

/** Every instance transition logged so far by every instance of the cluster. */
export function clusterTransitions(cluster: ChaosCluster): LogTransition[] {
  return transitionsIn(clusterLog(cluster), (id) => cluster.nickOf(id));
}

/** The first line at or after `since`, of one of `viewers`, whose message matches `pattern`. */
export function firstLogged(lines: readonly LogLine[], since: number, viewers: readonly string[], pattern: RegExp): LogLine | undefined {
  return lines.find((l) => l.t >= since && viewers.includes(l.viewer) && pattern.test(l.message));
}

/** `text` as a literal inside a RegExp (identifiers have dots). */
export function quoteRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
