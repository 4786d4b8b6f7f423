// Shapes shared by the Supervisor-compatible HTTP servers and the code that starts them.

import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { HttpServerConfig } from "../../config/model.ts";
import type { RpcRegistry } from "../registry.ts";

/** Where the log-tail streams find their files. */
export interface LogTailSource {
  /** Path of a process's log for `namespec` ("group:name" or "name"), or null when unknown (404). */
  processLog(namespec: string, channel: "stdout" | "stderr"): string | null;
  /** Path of supervisord's own log, or null when there is none (404). */
  mainLog(): string | null;
  /** Bytes sent from the end of the file before following it (Supervisor uses 1024). */
  tailfLimit: number;
}

export type HttpLogger = (level: string, msg: string) => void;

/** How an XML-RPC request ended: a result, a fault, or an error (bad or oversized body, 500). */
export type RpcOutcome = "ok" | "fault" | "error";

/**
 * Told once per XML-RPC request, when answered: the method name — "(unknown)" for a name the
 * registry does not have, "(none)" when the body could not be read — so a client cannot create
 * new names at will; the seconds since the request arrived; and the outcome.
 */
export type RpcObserver = (method: string, seconds: number, outcome: RpcOutcome) => void;

/**
 * Takes an upgraded socket (`GET /flotilla/peer`, `Upgrade: flotilla-peer`, already authorised)
 * and answers it itself; false = not taken, the server answers 404 and closes it.
 */
export type UpgradeHook = (req: IncomingMessage, socket: Duplex, head: Buffer) => boolean;

export interface HttpServerOptions {
  inet: HttpServerConfig | null;
  unix: HttpServerConfig | null;
  registry: RpcRegistry;
  logs: LogTailSource;
  /** Largest accepted XML-RPC request body; default 10 MiB. */
  maxBodyBytes?: number;
  logger?: HttpLogger;
  /** Serves paths the servers do not know (after auth, before 404); null = not mine. */
  extra?: (req: Request) => Promise<Response | null>;
  /** How often a log-tail stream looks at its file; default 100 ms as in Supervisor. */
  tailPollMs?: number;
  /** Peer links over the inet server (upgrade.ts); without it upgrade requests are left to node:http. */
  upgrade?: UpgradeHook;
  /** Request counts and timings of /RPC2 (the metrics); nothing is measured without it. */
  observeRpc?: RpcObserver;
  /**
   * Whether a browser request's Origin / Referer `host:port` is an instance of the cluster: those
   * pass the cross-site check (cross-site.ts). None without a cluster.
   */
  isClusterHost?: (hostPort: string) => boolean;
}

export interface HttpServers {
  inetAddress: { host: string; port: number } | null;
  unixPath: string | null;
  close(): Promise<void>;
}

/** Credentials of one server, or null when it is open. */
export interface Credentials {
  username: string;
  /** Plain text, or `{SHA}` + hex SHA-1 digest. */
  password: string;
}

export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;
