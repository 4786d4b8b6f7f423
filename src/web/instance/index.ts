// The Supervisor-side pages of the dashboard: `proc_instance.html` with its actions and live
// stream (UI-40..48), the tail pages with their live follow (UI-70, UI-71), and the chart script
// of the statistics widgets (views/stats-widget.ts) that other pages use too.

export { registerInstanceRoutes, DEFAULT_MESSAGE, type InstanceRouteOptions } from "./routes.ts";
export { registerTailRoutes, keepBytes, type TailRouteOptions } from "./tail-routes.ts";
export { runInstanceAction, INSTANCE_ACTIONS, type InstanceActionRequest } from "./actions.ts";
export { chartUrls, loadChartAsset, registerChartAsset, type ChartAsset } from "./chart-asset.ts";
export { InstanceLive } from "./live.ts";
export { buildTable, localProcesses, ashexView, type AshexView, type InstanceTable, type ProcessRow, type ApplicationRow } from "./model.ts";
export { followStream } from "./tail-stream.ts";
