// One metric family's definition — name, type, HELP text, label names — checked once when defined,
// and the builders that turn rows of label values into a family for the writer. Label values are
// given in the definition's order, so every sample of a family has the same labels in the same
// order and a collector cannot forget one.

import type { HistogramSample, Labels, MetricFamily, MetricType, ScalarSample } from "./text-format.ts";

export interface FamilySpec<T extends MetricType = MetricType> {
  name: string;
  type: T;
  help: string;
  labels: readonly string[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * A family definition, refused with a message naming the problem when it breaks the format's
 * rules or Flotilla's conventions (prefix `flotilla_`, counters ending in `_total`).
 * @example defineFamily({ name: "flotilla_process_pid", type: "gauge", help: "…", labels: ["group", "name"] })
 */
export function defineFamily<T extends MetricType>(spec: FamilySpec<T>): FamilySpec<T> {
  const where = `metric family ${spec.name}`;
  if (!METRIC_NAME.test(spec.name)) throw new Error(`${where}: not a valid metric name`);
  if (!spec.name.startsWith("flotilla_")) throw new Error(`${where}: names start with flotilla_`);
  if (spec.type === "counter" && !spec.name.endsWith("_total")) throw new Error(`${where}: a counter's name ends with _total`);
  if (spec.type !== "counter" && spec.name.endsWith("_total")) throw new Error(`${where}: only counters end with _total`);
  if (spec.help.trim() === "") throw new Error(`${where}: HELP text is empty`);
  const seen = new Set<string>();
  for (const label of spec.labels) {
    if (!LABEL_NAME.test(label) || label.startsWith("__")) throw new Error(`${where}: invalid label name "${label}"`);
    if (seen.has(label)) throw new Error(`${where}: label "${label}" listed twice`);
    if (spec.type === "histogram" && label === "le") throw new Error(`${where}: "le" is reserved for histogram buckets`);
    seen.add(label);
  }
  return spec;
}

/** Labels of one sample from values in the definition's order. */
export function labelsOf(spec: FamilySpec, values: readonly string[]): Labels {
  if (values.length !== spec.labels.length) {
    throw new RangeError(`metric ${spec.name}: ${values.length} label values for labels (${spec.labels.join(", ")})`);
  }
  const labels: Record<string, string> = {};
  spec.labels.forEach((name, i) => (labels[name] = values[i]!));
  return labels;
}

/** A row of a counter or gauge: label values, then the value. */
export type ScalarRow = readonly [values: readonly string[], value: number];

/**
 * A counter or gauge family from its rows.
 * @example scalarFamily(spec, [[["web", "app"], 1234]])
 */
export function scalarFamily(spec: FamilySpec<"counter" | "gauge">, rows: Iterable<ScalarRow>): MetricFamily {
  const samples: ScalarSample[] = [];
  for (const [values, value] of rows) samples.push({ labels: labelsOf(spec, values), value });
  return { name: spec.name, help: spec.help, type: spec.type, samples };
}

/** A row of a histogram: label values, then bounds, per-bucket counts and sum. */
export type HistogramRow = readonly [values: readonly string[], data: Omit<HistogramSample, "labels">];

export function histogramFamily(spec: FamilySpec<"histogram">, rows: Iterable<HistogramRow>): MetricFamily {
  const samples: HistogramSample[] = [];
  for (const [values, data] of rows) samples.push({ labels: labelsOf(spec, values), ...data });
  return { name: spec.name, help: spec.help, type: "histogram", samples };
}

/**
 * The rows of a state shown one-hot: one row per possible state, 1 for the current one.
 * @example oneHot(["web", "app"], ["STOPPED", "RUNNING"], "RUNNING") // [[["web","app","STOPPED"],0], [["web","app","RUNNING"],1]]
 */
export function oneHot(values: readonly string[], states: readonly string[], current: string): ScalarRow[] {
  return states.map((state) => [[...values, state], state === current ? 1 : 0] as const);
}
