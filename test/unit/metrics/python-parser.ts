// Runs Prometheus' official Python parser (Debian's python3-prometheus-client) over a text and
// returns what it understood, for tests that check our output with a real parser.

import { PYTHON, pythonModuleMissing } from "../../support/python.ts";

export interface ParsedSample {
  name: string;
  labels: Record<string, string>;
  value: number | string;
}

export interface ParsedFamily {
  name: string;
  type: string;
  help: string;
  samples: ParsedSample[];
}

/** Why the parser cannot run here, or null when it can. */
export function parserMissing(): string | null {
  return pythonModuleMissing("prometheus_client.parser", "python3-prometheus-client");
}

// Non-finite values become strings: JSON has no Infinity or NaN.
const SCRIPT = `
import json, math, sys
from prometheus_client.parser import text_string_to_metric_families
def v(x):
    return x if math.isfinite(x) else repr(x)
out = [{"name": f.name, "type": f.type, "help": f.documentation,
        "samples": [{"name": s.name, "labels": s.labels, "value": v(s.value)} for s in f.samples]}
       for f in text_string_to_metric_families(sys.stdin.read())]
print(json.dumps(out))
`;

/** The families the official parser reads in `text`; throws with its error when it refuses it. */
export function parseWithPython(text: string): ParsedFamily[] {
  const run = Bun.spawnSync([PYTHON, "-c", SCRIPT], { stdin: new TextEncoder().encode(text) });
  if (run.exitCode !== 0) throw new Error(`prometheus_client refused the text: ${run.stderr.toString()}`);
  return JSON.parse(run.stdout.toString()) as ParsedFamily[];
}
