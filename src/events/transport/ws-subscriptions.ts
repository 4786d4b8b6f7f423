// What a websocket client subscribes to (EVT-03): the segments of the path it connected to, e.g.
// `ws://host:port/process/event` wants the `process` and `event` headers. The segment `all` wants
// every header. Segments that name no header are kept and simply never match, which is the
// "unknown ignored" of Supvisors' server. An empty path subscribes to nothing, as there.

export interface WsSubscription {
  all: boolean;
  headers: ReadonlySet<string>;
}

/**
 * Reads the subscription from the request path (query string excluded).
 * @example parseWsSubscription("/process/event") // { all: false, headers: Set{"process","event"} }
 */
export function parseWsSubscription(pathname: string): WsSubscription {
  const headers = new Set(pathname.split("/").filter((segment) => segment !== ""));
  return { all: headers.has("all"), headers };
}

/** Whether an event with this header goes to the client. */
export function wantsHeader(subscription: WsSubscription, header: string): boolean {
  return subscription.all || subscription.headers.has(header);
}

/** How the log shows a subscription: `all` or the headers joined with `/`. */
export function describeSubscription(subscription: WsSubscription): string {
  if (subscription.all) return "all";
  return subscription.headers.size === 0 ? "(nothing)" : [...subscription.headers].join("/");
}
