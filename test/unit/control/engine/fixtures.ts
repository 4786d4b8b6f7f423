// Rules files and small helpers shared by the engine's scenario tests.

import type { ControlEffect } from "../../../../src/control/engine/index.ts";
import type { FakeCluster, ProgramSpec } from "./fake-cluster.ts";

/** A rules file with the given applications (XML bodies of `<application>` elements). */
export function rules(...applications: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<root>\n${applications.join("\n")}\n</root>\n`;
}

export interface ProgramRule {
  name: string;
  start?: number;
  stop?: number;
  required?: boolean;
  waitExit?: boolean;
  loading?: number;
  identifiers?: string;
  sfs?: "ABORT" | "STOP" | "CONTINUE";
  rfs?: string;
}

/** One `<application>` element. */
export function application(
  name: string,
  options: { start?: number; stop?: number; distribution?: string; strategy?: string; sfs?: string; rfs?: string; identifiers?: string },
  programs: ProgramRule[],
): string {
  const element = (tag: string, value: unknown) => (value === undefined ? "" : `<${tag}>${value}</${tag}>`);
  const body = programs
    .map(
      (p) =>
        `<program name="${p.name}">${element("start_sequence", p.start)}${element("stop_sequence", p.stop)}` +
        `${element("required", p.required)}${element("wait_exit", p.waitExit)}${element("expected_loading", p.loading)}` +
        `${element("identifiers", p.identifiers)}${element("starting_failure_strategy", p.sfs)}${element("running_failure_strategy", p.rfs)}</program>`,
    )
    .join("");
  return (
    `<application name="${name}">${element("start_sequence", options.start)}${element("stop_sequence", options.stop)}` +
    `${element("distribution", options.distribution)}${element("starting_strategy", options.strategy)}` +
    `${element("starting_failure_strategy", options.sfs)}${element("running_failure_strategy", options.rfs)}` +
    `${element("identifiers", options.identifiers)}<programs>${body}</programs></application>`
  );
}

/** Program specs of one group. */
export function programs(group: string, names: string[], extra: Partial<ProgramSpec> = {}): ProgramSpec[] {
  return names.map((name) => ({ group, name, ...extra }));
}

/** The effects of a type across every node, with the node that emitted them. */
export function effectsOf<T extends ControlEffect["type"]>(cluster: FakeCluster, type: T): (Extract<ControlEffect, { type: T }> & { node: string; at: number })[] {
  return cluster.trace
    .filter((entry) => entry.effect.type === type)
    .map((entry) => ({ ...(entry.effect as Extract<ControlEffect, { type: T }>), node: entry.node, at: entry.at }));
}

/** `start` orders as `namespec@identifier`, in order. */
export function starts(cluster: FakeCluster): string[] {
  return effectsOf(cluster, "start").map((e) => `${e.namespec}@${e.identifier}`);
}

export function stops(cluster: FakeCluster): string[] {
  return effectsOf(cluster, "stop").map((e) => `${e.namespec}@${e.identifier}`);
}

/** Forced states as `namespec STATE reason`. */
export function forced(cluster: FakeCluster): string[] {
  return effectsOf(cluster, "forced").map((e) => `${e.namespec} ${e.state} ${e.reason}`);
}
