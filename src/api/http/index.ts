// The Supervisor-compatible HTTP servers: XML-RPC at /RPC2, log tails, and a hook for other routes.

export { startHttpServers } from "./server.ts";
export type { HttpServerOptions, HttpServers, LogTailSource, HttpLogger, UpgradeHook, RpcObserver, RpcOutcome } from "./types.ts";
export { AUTH_CHALLENGE, isAuthorized, parseBasicAuth } from "./auth.ts";
export { parseTailPath } from "./logtail-handler.ts";
export { TailFollower, TRUNCATED_MARKER } from "./tail-follower.ts";
