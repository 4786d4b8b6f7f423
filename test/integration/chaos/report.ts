// Turns a chaos run into its record and violations into a report a reader can act on: which
// invariant broke, when (seconds since the cluster was created), which instances, the faults of
// the run, and what the observer saw of those instances around that moment.

import type { ChaosCluster } from "./cluster.ts";
import type { Violation } from "./invariants.ts";
import { clusterTransitions } from "./logs.ts";
import type { ObserverSample } from "./observer.ts";
import { Timeline, type ChaosRecord } from "./timeline.ts";

/** Everything known of the run so far, as a Timeline. */
export function timelineOf(cluster: ChaosCluster): Timeline {
  const record: ChaosRecord = {
    t0: cluster.t0,
    nicks: cluster.nodes.map((n) => n.nick),
    samples: [...cluster.observer.samples],
    faults: [...cluster.faults],
    transitions: clusterTransitions(cluster),
  };
  return new Timeline(record);
}

/** Process names shortened: `ha_last:ha_last_00` → `ha_last_00`. */
function running(local: Record<string, string> | undefined): string {
  const names = Object.entries(local ?? {}).map(([key, state]) => `${key.split(":")[1]}${state === "RUNNING" ? "" : `(${state})`}`);
  return names.length === 0 ? "-" : names.length > 12 ? `${names.slice(0, 12).join(",")},… (${names.length})` : names.join(",");
}

export function formatSample(tl: Timeline, s: ObserverSample): string {
  if (!s.ok) return `  ${tl.at(s.t)} ${s.nick}: no answer (${s.error})`;
  const instances = Object.entries(s.instances ?? {}).map(([n, st]) => `${n}:${st}`).join(" ");
  return `  ${tl.at(s.t)} ${s.nick}: ${s.fsm} master=${s.master ?? "-"} [${instances}] running ${running(s.local)}`;
}

const EXCERPTS = 4;
const AROUND_MS = 700;
const LINES = 18;

/** A multi-line report of `violations` (empty string when there are none). */
export function formatViolations(tl: Timeline, violations: readonly Violation[], title = "chaos invariants"): string {
  if (violations.length === 0) return "";
  const lines = [`${title}: ${violations.length} violation(s)`];
  lines.push(`faults: ${tl.record.faults.map((f) => `${tl.at(f.t)} ${f.kind}${f.nicks.length ? ` ${f.nicks.join(",")}` : ""}${f.detail ? ` (${f.detail})` : ""}${f.appliedMs !== undefined ? ` in ${f.appliedMs} ms` : ""}`).join(" | ")}`);
  for (const [i, v] of violations.entries()) {
    lines.push(`- [${v.invariant}] at ${tl.at(v.at)} (${v.nicks.join(", ")}): ${v.detail}`);
    if (i >= EXCERPTS) continue;
    const around = tl.record.samples.filter((s) => v.nicks.includes(s.nick) && Math.abs(s.t - v.at) <= AROUND_MS);
    const step = Math.max(1, Math.ceil(around.length / LINES));
    lines.push(...around.filter((_, j) => j % step === 0).map((s) => formatSample(tl, s)));
    const logged = tl.record.transitions.filter((x) => v.nicks.includes(x.viewer) && Math.abs(x.t - v.at) <= 3 * AROUND_MS);
    lines.push(...logged.slice(-LINES).map((x) => `  ${tl.at(x.t)} ${x.viewer} log: instance ${x.target} is ${x.state} (${x.why})`));
  }
  if (violations.length > EXCERPTS + 1) lines.push(`(samples shown for the first ${EXCERPTS + 1} only)`);
  return lines.join("\n");
}

/** Throws the report when there is any violation, so the test fails saying what broke. */
export function expectNoViolations(tl: Timeline, violations: readonly Violation[], title?: string): void {
  const report = formatViolations(tl, violations, title);
  if (report) throw new Error(report);
}
