// The host statistics page's public face (UI-50..55): its routes for the dashboard app, and the
// pure model for whoever needs it.

export { registerHostRoutes, hostRegions, HOST_EVENTS, HOST_ACTIONS } from "./routes.ts";
export { buildHostModel, nodeFacts, type HostModel, type StatRow, type Series, type NodeFacts } from "./model.ts";
export { parseHostParams, hostViewParams, type HostParams, type DiskStats } from "./params.ts";
