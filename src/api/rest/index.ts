// The REST API's public face (Flotilla issue 6): every route of rest.md on each instance's HTTP
// port, an OpenAPI 3.1 document at /openapi.json and a browsable page at /api/.
//
//   const rest = createRestApi({ registry, observe: (route, seconds, status) => ... });
//   extra: chainRoutes([rest.handle, dashboard.handle])

export { createRestApi, UNMATCHED_ROUTE, type RestApi, type RestApiOptions } from "./rest-api.ts";
export { REST_ROUTES } from "./routes.ts";
export { OPENAPI_PATH, buildOpenApi } from "./openapi.ts";
export { API_PAGE_PATH } from "./api-page.ts";
export type { RestRoute } from "./route-model.ts";
