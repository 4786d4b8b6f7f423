// startHttpServers: the Supervisor-compatible HTTP servers on the inet port and the unix socket.
// Built on node:http, not Bun.serve: supervisorctl's tail client sends a stray CRLF after its
// headers and, over a unix socket, an empty Host header, which only node:http tolerates.
// Routing, in Supervisor's order: Basic auth on everything, then /RPC2…, /logtail…, /mainlogtail…,
// then the `extra` hook, then 404. On the inet server, HTTP Upgrade requests go to the `upgrade`
// hook (upgrade.ts): the peer links of the cluster share the port.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { getRequestListener, RequestError } from "@hono/node-server";
import type { HttpServerConfig } from "../../config/model.ts";
import { AUTH_CHALLENGE, isAuthorized } from "./auth.ts";
import { crossSiteRefusal } from "./cross-site.ts";
import { handleLogTail, parseTailPath, type StreamSet } from "./logtail-handler.ts";
import { handleRpc } from "./rpc-handler.ts";
import { errorPage, sendStatus } from "./status.ts";
import { listenInet, listenUnix } from "./listen.ts";
import { makeUpgradeHandler, type UpgradedSet } from "./upgrade.ts";
import {
  DEFAULT_MAX_BODY_BYTES,
  type Credentials,
  type HttpLogger,
  type HttpServerOptions,
  type HttpServers,
} from "./types.ts";

export type { HttpServerOptions, HttpServers, LogTailSource, UpgradeHook } from "./types.ts";

function credentialsOf(config: HttpServerConfig): Credentials | null {
  if (config.username === null || config.password === null) return null;
  return { username: config.username, password: config.password };
}

/** The per-server request handler; `streams` collects open tails so close() can end them. */
function makeHandler(
  opts: HttpServerOptions,
  creds: Credentials | null,
  streams: StreamSet,
  log: HttpLogger,
): (req: IncomingMessage, res: ServerResponse) => void {
  const maxBody = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const pollMs = opts.tailPollMs ?? 100;
  const extra = opts.extra;
  // The hook gets a Fetch Request; Host may be empty over the unix socket, hence the fallback name.
  const extraListener =
    extra === undefined
      ? null
      : getRequestListener(async (request: Request) => (await extra(request)) ?? notFoundResponse(), {
          hostname: "localhost",
          overrideGlobalObjects: false,
          // Always an answer: the adapter sends nothing when this returns nothing, which would
          // leave the client waiting on an open connection. A request the adapter cannot even
          // build (a malformed Host header, a backslash in the path) is the client's fault: 400;
          // a door that throws is ours: 500.
          errorHandler: (err) => {
            if (err instanceof RequestError) {
              log("warn", `HTTP request refused (400): ${err.message}`);
              return errorResponse(400);
            }
            log("error", `HTTP handler error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
            return errorResponse(500);
          },
        });

  return (req, res) => {
    if (!isAuthorized(creds, req.headers.authorization)) {
      sendStatus(res, 401, { "WWW-Authenticate": AUTH_CHALLENGE });
      return;
    }
    const url = req.url ?? "/";
    const refusal = crossSiteRefusal(req.method ?? "GET", url, req.headers, opts.isClusterHost);
    if (refusal !== null) {
      log("warn", `HTTP request refused (403): ${req.method} ${url.split("?", 1)[0]} sent by a browser from another site (${refusal})`);
      sendStatus(res, 403);
      return;
    }
    const path = url.split("?", 1)[0]!;
    if (path.startsWith("/RPC2")) {
      if (req.method !== "POST") return sendStatus(res, 400); // as medusa's xmlrpc handler
      void handleRpc(req, res, opts.registry, maxBody, log, opts.observeRpc);
      return;
    }
    const tail = parseTailPath(path);
    if (tail !== null) {
      void handleLogTail(req, res, tail, opts.logs, streams, pollMs, log);
      return;
    }
    if (extraListener !== null) {
      void extraListener(req, res);
      return;
    }
    sendStatus(res, 404);
  };
}

/** medusa's page for `code`, as the servers send it without a hook. */
function errorResponse(code: number): Response {
  return new Response(errorPage(code), { status: code, headers: { "Content-Type": "text/html" } });
}

/** Paths neither we nor the hook serve get medusa's 404 page, as without a hook. */
function notFoundResponse(): Response {
  return errorResponse(404);
}

/**
 * Stops accepting, ends open tail streams, keep-alive connections and upgraded sockets (node:http
 * no longer counts those as its own), waits for the close.
 */
function closeServer(server: Server, streams: StreamSet, upgraded: UpgradedSet): Promise<void> {
  for (const follower of streams) follower.stop();
  streams.clear();
  for (const socket of upgraded) socket.destroy();
  upgraded.clear();
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/**
 * Starts the configured servers (either may be null) and resolves once both listen.
 * @example
 *   const s = await startHttpServers({ inet, unix: null, registry, logs });
 *   s.inetAddress // { host: "127.0.0.1", port: 9001 }
 */
export async function startHttpServers(opts: HttpServerOptions): Promise<HttpServers> {
  const log: HttpLogger = opts.logger ?? (() => undefined);
  const started: { server: Server; streams: StreamSet; upgraded: UpgradedSet; cleanup: () => void }[] = [];
  let inetAddress: HttpServers["inetAddress"] = null;
  let unixPath: string | null = null;
  try {
    for (const config of [opts.inet, opts.unix]) {
      if (config === null) continue;
      const streams: StreamSet = new Set();
      const upgraded: UpgradedSet = new Set();
      const server = createServer(makeHandler(opts, credentialsOf(config), streams, log));
      if (config.kind === "inet") {
        if (opts.upgrade !== undefined) {
          server.on("upgrade", makeUpgradeHandler(opts.upgrade, credentialsOf(config), upgraded, log));
        }
        inetAddress = await listenInet(server, config);
        started.push({ server, streams, upgraded, cleanup: () => undefined });
      } else {
        const cleanup = await listenUnix(server, config);
        started.push({ server, streams, upgraded, cleanup });
        unixPath = config.file;
      }
      if (credentialsOf(config) === null) {
        log("critical", `Server '${config.kind}_http_server' running without any HTTP authentication checking`);
      }
    }
  } catch (err) {
    await Promise.all(started.map(async (s) => closeServer(s.server, s.streams, s.upgraded).then(s.cleanup)));
    throw err;
  }
  let closing: Promise<void> | null = null;
  return {
    inetAddress,
    unixPath,
    close: () => {
      closing ??= Promise.all(started.map(async (s) => closeServer(s.server, s.streams, s.upgraded).then(s.cleanup))).then(
        () => undefined,
      );
      return closing;
    },
  };
}
