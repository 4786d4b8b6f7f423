// What the scale benchmark reads from an instance besides XML-RPC: the event-loop lag figures of
// /metrics (histogram buckets and the worst lateness), and the time to fetch a dashboard page.

export interface LagSnapshot {
  /** Cumulative count of firings at or below each bound (seconds), as the text format gives them. */
  buckets: Map<number, number>;
  count: number;
  max: number;
  /** The same for the work part of each lateness (flotilla_event_loop_work_*), when the build has it. */
  work?: LagSnapshot;
}

/** Parses the flotilla_event_loop_lag_* lines of a /metrics text (and the _work_ ones). */
export function parseLag(text: string, family = "lag"): LagSnapshot {
  const buckets = new Map<number, number>();
  let count = 0;
  let max = 0;
  const name = `flotilla_event_loop_${family}`;
  const bucketLine = new RegExp(`^${name}_seconds_bucket\\{le="([^"]+)"\\} (\\S+)$`);
  for (const line of text.split("\n")) {
    const bucket = bucketLine.exec(line);
    if (bucket) buckets.set(bucket[1] === "+Inf" ? Infinity : Number(bucket[1]), Number(bucket[2]));
    else if (line.startsWith(`${name}_seconds_count `)) count = Number(line.split(" ")[1]);
    else if (line.startsWith(`${name}_max_seconds `)) max = Number(line.split(" ")[1]);
  }
  if (buckets.size === 0) {
    if (family !== "lag") return { buckets, count, max };
    throw new Error("no flotilla_event_loop_lag_seconds in /metrics (a build without the lag monitor?)");
  }
  if (family !== "lag") return { buckets, count, max };
  const work = parseLag(text, "work");
  return work.buckets.size > 0 ? { buckets, count, max, work } : { buckets, count, max };
}

export async function scrapeLag(port: number): Promise<LagSnapshot> {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`);
  if (res.status !== 200) throw new Error(`/metrics on ${port}: HTTP ${res.status}`);
  return parseLag(await res.text());
}

/** Between two snapshots: firings later than 50 ms, and the smallest bound that holds every firing (Infinity: beyond the last). */
export function lagBetween(before: LagSnapshot, after: LagSnapshot): { over50ms: number; worstBound: number } {
  const over = (s: LagSnapshot) => s.count - (s.buckets.get(0.05) ?? 0);
  const bounds = [...after.buckets.keys()].sort((a, b) => a - b);
  const total = after.count - before.count;
  const worstBound = bounds.find((b) => (after.buckets.get(b) ?? 0) - (before.buckets.get(b) ?? 0) >= total) ?? Infinity;
  return { over50ms: over(after) - over(before), worstBound };
}

/** Milliseconds from the request to the last byte of a GET; throws unless 200 with at least minBytes. */
export async function timeGet(url: string, minBytes: number): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  const res = await fetch(url);
  const body = await res.arrayBuffer();
  const ms = performance.now() - started;
  if (res.status !== 200 || body.byteLength < minBytes) throw new Error(`GET ${url}: HTTP ${res.status}, ${body.byteLength} bytes`);
  return { ms, bytes: body.byteLength };
}
