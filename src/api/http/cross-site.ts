// Requests that change something, sent by a browser on behalf of another site, are refused.
// A browser attaches the Basic credentials it cached for this host to any request, including a
// form or an image another site makes it send: without this check, a page elsewhere could post
// `supervisor.shutdown` to /RPC2 (an XML body fits a text/plain form), a REST command, or a
// dashboard action link (GET with `action=`). Supervisor and Supvisors accept those; supervisorctl,
// XML-RPC and REST clients, scripts and curl send neither header checked here and are unaffected.

import type { IncomingHttpHeaders } from "node:http";

/** Methods that only read; a GET carrying `action=` is a dashboard action all the same. */
const READ_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function changesSomething(method: string, url: string): boolean {
  if (!READ_METHODS.has(method)) return true;
  const query = url.indexOf("?");
  return query >= 0 && new URLSearchParams(url.slice(query + 1)).has("action");
}

/** The `host:port` of a URL given in a header, or null when it is not one. */
function hostOf(value: string | undefined): string | null {
  if (value === undefined || value === "null") return null;
  try {
    return new URL(value).host;
  } catch {
    return null;
  }
}

/**
 * Why a request is refused as cross-site, or null. Browsers say where a request comes from in
 * `Sec-Fetch-Site` (same-origin, same-site, cross-site, none = typed or bookmarked); older ones
 * only in `Origin`, compared then with the Host the request was sent to. A request coming from
 * another instance of the cluster (`isClusterHost` of its Origin or Referer `host:port`) goes
 * through: the dashboard links actions to the instance that carries them out (UI-32, UI-64).
 * @example crossSiteRefusal("POST", "/RPC2", { "sec-fetch-site": "cross-site" }) // "Sec-Fetch-Site: cross-site"
 */
export function crossSiteRefusal(
  method: string,
  url: string,
  headers: IncomingHttpHeaders,
  isClusterHost: (hostPort: string) => boolean = () => false,
): string | null {
  if (!changesSomething(method, url)) return null;
  const source = hostOf(headers.origin ?? headers.referer);
  if (source !== null && isClusterHost(source)) return null;
  // The browser's own verdict when it gives one: it holds behind a proxy that rewrites Host.
  const site = headers["sec-fetch-site"];
  if (site !== undefined) return site === "cross-site" || site === "same-site" ? `Sec-Fetch-Site: ${site}` : null;
  const origin = headers.origin;
  if (origin === undefined) return null;
  return hostOf(origin) === (headers.host ?? "") ? null : `Origin: ${origin}`;
}
