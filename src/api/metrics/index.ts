// The /metrics door of one daemon: Prometheus text format over the local supervisor, the request
// counters of every API and, with a Supvisors section, the cluster and its peer links.
//
//   const metrics = createMetrics({ sup, cluster: wiring?.metrics.cluster, stats: wiring?.metrics.stats });
//   startHttpServers({ ..., observeRpc: (m, s, o) => metrics.observeRequest("xmlrpc", m, s, o),
//                      extra: chainRoutes([metrics.handle, timedWebRoutes(dashboard.handle, ...)]) });

import { FLOTILLA_VERSION } from "../../version.ts";
import { clusterFamilies, type ClusterMetricsSource } from "./cluster-collector.ts";
import { metricsResponse } from "./handler.ts";
import { LocalCollector, type LocalSupervisorView, type ProcessFiguresSource } from "./local-collector.ts";
import { loopLagFamilies, type LoopLagSource } from "./loop-lag-collector.ts";
import { RequestMetrics, type ApiName } from "./request-metrics.ts";
import { writeTextFormat } from "./text-format.ts";

export type { ClusterMetricsSource } from "./cluster-collector.ts";
export type { LocalSupervisorView, ProcessFigures, ProcessFiguresSource } from "./local-collector.ts";
export type { ApiName } from "./request-metrics.ts";
export type { LoopLagSource } from "./loop-lag-collector.ts";
export { LATENCY_BUCKETS } from "./request-metrics.ts";
export { METRICS_PATH } from "./handler.ts";
export { TEXT_FORMAT_CONTENT_TYPE, writeTextFormat, type MetricFamily } from "./text-format.ts";
export { timedWebRoutes, webRouteKind, type WebRouteKind } from "./web-timing.ts";
export { latestFigures, type StatsReader } from "./stats-figures.ts";

export interface MetricsDeps {
  /** The local supervisor (its processes' states, pids, spawns). */
  sup: LocalSupervisorView;
  /** The cluster side; absent without a Supvisors section (no cluster metrics then). */
  cluster?: ClusterMetricsSource | null;
  /** The latest process statistics; absent when there are none (no CPU / memory series then). */
  stats?: ProcessFiguresSource | null;
  /** The event loop's lateness; absent in tests that do not run a monitor. */
  loopLag?: LoopLagSource | null;
  /** Reported in flotilla_build_info; Flotilla's own by default. */
  version?: string;
}

export interface Metrics {
  /** Answers GET / HEAD /metrics (405 for other methods); null for every other path. */
  handle(req: Request): Promise<Response | null>;
  /** One answered request of an API: XML-RPC method and outcome, REST route and status, dashboard path kind and status. */
  observeRequest(api: ApiName, route: string, seconds: number, outcome: string): void;
  /** The exposition text as a scrape would get it now. */
  render(): string;
  /** Stops listening to the local supervisor. */
  close(): void;
}

/**
 * @example
 *   const metrics = createMetrics({ sup });
 *   metrics.observeRequest("xmlrpc", "supervisor.getState", 0.0004, "ok");
 *   await metrics.handle(new Request("http://127.0.0.1:9001/metrics")) // 200, flotilla_requests_total{api="xmlrpc",...} 1
 */
export function createMetrics(deps: MetricsDeps): Metrics {
  const local = new LocalCollector(deps.sup, deps.stats ?? null, deps.version ?? FLOTILLA_VERSION);
  const requests = new RequestMetrics();
  const cluster = deps.cluster ?? null;
  const lag = deps.loopLag ?? null;
  const render = () =>
    writeTextFormat([
      ...local.families(),
      ...(cluster ? clusterFamilies(cluster) : []),
      ...requests.families(),
      ...(lag ? loopLagFamilies(lag) : []),
    ]);
  return {
    handle: async (req) => metricsResponse(req, render),
    observeRequest: (api, route, seconds, outcome) => requests.observe(api, route, seconds, outcome),
    render,
    close: () => local.close(),
  };
}
