// HTTP Upgrade requests on the inet server: `GET /flotilla/peer` with `Upgrade: flotilla-peer` is
// handed to the peer network's hook (it answers 101 and keeps the socket); everything else that
// asks for an upgrade gets a 404, and a request without the server's credentials a 401, as /RPC2
// would (as real supervisord answers such a request: 401 without credentials, else 404). The answer
// is sent before the socket is closed, so the dialler can report the status line.

import { STATUS_CODES, type IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { PEER_UPGRADE_PATH, PEER_UPGRADE_PROTOCOL } from "../../cluster/net/http-upgrade.ts";
import { AUTH_CHALLENGE, isAuthorized } from "./auth.ts";
import { errorPage } from "./status.ts";
import type { Credentials, HttpLogger, UpgradeHook } from "./types.ts";

/** Sockets the hook took, so that closing the server can end them (node:http forgets them). */
export type UpgradedSet = Set<Duplex>;

/** Answers `code` with medusa's error page, as the same path without Upgrade would, then closes. */
function refuse(socket: Duplex, code: 401 | 404, extraHeaders: string[] = []): void {
  const body = Buffer.from(errorPage(code), "utf8");
  const head = [
    `HTTP/1.1 ${code} ${STATUS_CODES[code]}`,
    "Content-Type: text/html",
    `Content-Length: ${body.length}`,
    "Connection: close",
    ...extraHeaders,
  ];
  socket.on("error", () => undefined); // the dialler may already be gone; nothing to report
  socket.end(Buffer.concat([Buffer.from(`${head.join("\r\n")}\r\n\r\n`, "latin1"), body]), () => socket.destroy());
}

/** True when the request asks for exactly the peer protocol on its path. */
function isPeerUpgrade(req: IncomingMessage): boolean {
  const path = (req.url ?? "/").split("?", 1)[0];
  const protocols = (req.headers.upgrade ?? "").split(",").map((p) => p.trim().toLowerCase());
  return req.method === "GET" && path === PEER_UPGRADE_PATH && protocols.includes(PEER_UPGRADE_PROTOCOL);
}

/**
 * The 'upgrade' listener of the inet server.
 * @example server.on("upgrade", makeUpgradeHandler(opts.upgrade, creds, upgraded, log))
 */
export function makeUpgradeHandler(
  hook: UpgradeHook,
  creds: Credentials | null,
  upgraded: UpgradedSet,
  log: HttpLogger,
): (req: IncomingMessage, socket: Duplex, head: Buffer) => void {
  return (req, socket, head) => {
    if (!isAuthorized(creds, req.headers.authorization)) {
      refuse(socket, 401, [`WWW-Authenticate: ${AUTH_CHALLENGE}`]);
      return;
    }
    if (!isPeerUpgrade(req)) {
      refuse(socket, 404);
      return;
    }
    let taken: boolean;
    try {
      taken = hook(req, socket, head);
    } catch (err) {
      log("error", `peer upgrade hook failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      taken = false;
    }
    if (!taken) {
      refuse(socket, 404);
      return;
    }
    upgraded.add(socket);
    socket.once("close", () => upgraded.delete(socket));
  };
}
