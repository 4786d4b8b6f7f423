// Server URLs as supervisorctl understands them: `http://host:port` (port 80 when absent) or
// `unix:///path/to/socket`. Kept apart from the HTTP client so option parsing (`-s`, `open`) and
// the client share one reading of a URL.

import { PyStyleError, pyRepr } from "./py-errors.ts";

/** Where one HTTP request goes, and the Host header it carries. */
export type ServerTarget =
  | { kind: "tcp"; host: string; port: number; hostHeader: string }
  | { kind: "unix"; socketPath: string; hostHeader: string };

export interface UrlParts {
  scheme: string;
  netloc: string;
  path: string;
}

const SCHEME_CHARS = /^[A-Za-z][A-Za-z0-9+.-]*$/;

/**
 * Splits a URL the way Python's `urlparse` does for the parts supervisorctl looks at.
 * @example splitUrl("http://127.0.0.1:9001") // { scheme: "http", netloc: "127.0.0.1:9001", path: "" }
 * @example splitUrl("localhost:9001")        // { scheme: "localhost", netloc: "", path: "9001" }
 */
export function splitUrl(url: string): UrlParts {
  let rest = url;
  let scheme = "";
  const colon = rest.indexOf(":");
  if (colon > 0 && SCHEME_CHARS.test(rest.slice(0, colon))) {
    scheme = rest.slice(0, colon).toLowerCase();
    rest = rest.slice(colon + 1);
  }
  let netloc = "";
  if (rest.startsWith("//")) {
    const end = rest.slice(2).search(/[/?#]/);
    netloc = end < 0 ? rest.slice(2) : rest.slice(2, end + 2);
    rest = end < 0 ? "" : rest.slice(end + 2);
  }
  const stop = rest.search(/[?#]/);
  const path = stop < 0 ? rest : rest.slice(0, stop);
  return { scheme, netloc, path };
}

/**
 * The `-s` option check: a scheme and something after it (supervisor's `url` datatype).
 * Throws the message supervisorctl prints after "invalid value for -s '...': ".
 */
export function checkUrlOption(value: string): string {
  const { scheme, netloc, path } = splitUrl(value);
  if (scheme && (netloc || path)) return value;
  throw new PyStyleError("ValueError", `value ${pyRepr(value)} is not a URL`);
}

/**
 * Resolves a server URL to a connection target; any other scheme is refused with the error
 * supervisorctl raises when it builds its transport.
 * @example serverTarget("unix:///tmp/s.sock") // { kind: "unix", socketPath: "/tmp/s.sock", hostHeader: "localhost" }
 */
export function serverTarget(serverurl: string): ServerTarget {
  if (serverurl.startsWith("http://")) {
    const { netloc } = splitUrl(serverurl);
    const at = netloc.lastIndexOf("@");
    const hostPort = at >= 0 ? netloc.slice(at + 1) : netloc;
    let host = hostPort;
    let port = 80;
    const bracket = hostPort.startsWith("[") ? hostPort.indexOf("]") : -1;
    const portColon = hostPort.lastIndexOf(":");
    if (portColon > bracket && portColon >= 0) {
      host = hostPort.slice(0, portColon);
      const text = hostPort.slice(portColon + 1);
      if (text !== "") {
        if (!/^\d+$/.test(text) || Number(text) > 65535) {
          throw new PyStyleError("ValueError", `Port could not be cast to integer value as ${pyRepr(text)}`);
        }
        port = Number(text);
      }
    }
    if (host.startsWith("[") && host.endsWith("]")) host = host.slice(1, -1);
    return { kind: "tcp", host: host.toLowerCase(), port, hostHeader: hostPort };
  }
  if (serverurl.startsWith("unix://")) {
    // supervisorctl sends "localhost" as Host over a unix socket: a socket path is no host name.
    return { kind: "unix", socketPath: serverurl.slice("unix://".length), hostHeader: "localhost" };
  }
  throw new PyStyleError("ValueError", `Unknown protocol for serverurl ${serverurl}`);
}
