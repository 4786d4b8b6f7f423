// The HTTP layer hands every request it does not serve itself (/RPC2, /logtail…) to one `extra`
// hook. Several doors share that hook — the REST API, the metrics, the dashboard — each answering
// its own paths and null for the others; chainRoutes asks them in order and the first answer wins.

export type RouteHandler = (req: Request) => Promise<Response | null>;

/** One handler asking `handlers` in order; null when none of them serves the request. */
export function chainRoutes(handlers: readonly RouteHandler[]): RouteHandler {
  return async (req) => {
    for (const handle of handlers) {
      const answer = await handle(req);
      if (answer !== null) return answer;
    }
    return null;
  };
}
