// The application page's public face (UI-60..64): its routes for the dashboard app, and the pure
// model and actions for whoever needs them (REST, tests).

export { registerApplicationRoutes, APPLICATION_EVENTS } from "./routes.ts";
export { buildApplicationModel, ledOf, type ApplicationModel, type ProcessRow, type Led } from "./model.ts";
export { runApplicationAction, APPLICATION_ACTIONS, type ApplicationActionRequest } from "./actions.ts";
export { parseApplicationParams, type ApplicationParams } from "./params.ts";
