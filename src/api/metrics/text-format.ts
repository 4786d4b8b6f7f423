// The Prometheus text exposition format, version 0.0.4: metric families in, one text out. Pure.
// Each family is written as `# HELP`, `# TYPE`, then its samples; histograms as cumulative
// `_bucket{le=...}` lines ending with `le="+Inf"`, then `_sum` and `_count`. Escaping follows the
// format's rules: in HELP text `\` and newline; in label values `\`, `"` and newline.

export type MetricType = "counter" | "gauge" | "histogram";

/** Label name → value, written in the object's key order. */
export type Labels = Readonly<Record<string, string>>;

export interface ScalarSample {
  labels: Labels;
  value: number;
}

export interface HistogramSample {
  labels: Labels;
  /** Upper bounds of the buckets, ascending and finite (`+Inf` is implied). */
  bounds: readonly number[];
  /** Observations per bucket, not cumulative; one more entry than `bounds` (above the last bound). */
  counts: readonly number[];
  sum: number;
}

export type MetricFamily =
  | { name: string; help: string; type: "counter" | "gauge"; samples: readonly ScalarSample[] }
  | { name: string; help: string; type: "histogram"; samples: readonly HistogramSample[] };

/** The Content-Type of this format. */
export const TEXT_FORMAT_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

/**
 * HELP text: backslash and newline escaped.
 * @example escapeHelp("a\\b\nc") // "a\\\\b\\nc"
 */
export function escapeHelp(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
}

const NEEDS_ESCAPE = /[\\"\n]/;

/**
 * A label value: backslash, double quote and newline escaped.
 * @example escapeLabelValue('say "hi"') // 'say \\"hi\\"'
 */
export function escapeLabelValue(value: string): string {
  // Nearly every value (group, process and state names) needs nothing: one scan instead of three
  // replacements, for the 30 000 values of a node with 1 000 processes.
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

/**
 * A sample value or bucket bound as the format spells it (Go's ParseFloat reads all of these).
 * @example formatValue(Infinity) // "+Inf"
 * @example formatValue(0.25) // "0.25"
 */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  return String(value);
}

function labelText(labels: Labels, extra?: [string, string]): string {
  let text = "";
  for (const name in labels) text += `${text === "" ? "" : ","}${name}="${escapeLabelValue(labels[name]!)}"`;
  if (extra) text += `${text === "" ? "" : ","}${extra[0]}="${escapeLabelValue(extra[1])}"`;
  return text === "" ? "" : `{${text}}`;
}

function histogramLines(name: string, sample: HistogramSample, out: string[]): void {
  if (sample.counts.length !== sample.bounds.length + 1) {
    throw new RangeError(`histogram ${name}: ${sample.counts.length} counts for ${sample.bounds.length} bounds (expected one more)`);
  }
  let cumulative = 0;
  sample.bounds.forEach((bound, i) => {
    cumulative += sample.counts[i]!;
    out.push(`${name}_bucket${labelText(sample.labels, ["le", formatValue(bound)])} ${cumulative}`);
  });
  cumulative += sample.counts[sample.bounds.length]!;
  out.push(`${name}_bucket${labelText(sample.labels, ["le", "+Inf"])} ${cumulative}`);
  out.push(`${name}_sum${labelText(sample.labels)} ${formatValue(sample.sum)}`);
  out.push(`${name}_count${labelText(sample.labels)} ${cumulative}`);
}

/**
 * The exposition text of `families`, in the order given; a family without samples is left out.
 * @example
 *   writeTextFormat([{ name: "flotilla_up", help: "Always 1.", type: "gauge", samples: [{ labels: {}, value: 1 }] }])
 *   // "# HELP flotilla_up Always 1.\n# TYPE flotilla_up gauge\nflotilla_up 1\n"
 */
export function writeTextFormat(families: readonly MetricFamily[]): string {
  const out: string[] = [];
  for (const family of families) {
    if (family.samples.length === 0) continue;
    out.push(`# HELP ${family.name} ${escapeHelp(family.help)}`);
    out.push(`# TYPE ${family.name} ${family.type}`);
    if (family.type === "histogram") {
      for (const sample of family.samples) histogramLines(family.name, sample, out);
    } else {
      for (const sample of family.samples) out.push(`${family.name}${labelText(sample.labels)} ${formatValue(sample.value)}`);
    }
  }
  return out.length === 0 ? "" : `${out.join("\n")}\n`;
}
