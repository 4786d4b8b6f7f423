// The ways a request to supervisord can fail below XML-RPC: the connection (refused, no socket
// file, anything else) and a non-200 HTTP answer. supervisorctl reacts differently to each
// (CTL-GEN-04), so each is its own class.

/** Why a connection failed: refused (nothing listens), nofile (no socket file), other. */
export type ConnectionErrorKind = "refused" | "nofile" | "other";

/** The server could not be reached. `code` is Node's errno name (ECONNREFUSED...). */
export class ConnectionError extends Error {
  constructor(
    readonly kind: ConnectionErrorKind,
    readonly code: string,
    message: string,
    /** The Python exception class supervisorctl would have shown for it. */
    readonly pyClass: string = "OSError",
  ) {
    super(message);
    this.name = "ConnectionError";
  }
}

/** The server answered with an HTTP status other than 200 (401 when credentials are wrong). */
export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
  ) {
    super(`HTTP ${status} ${reason}`);
    this.name = "HttpStatusError";
  }
}

/** Python's errno numbers and classes for the usual socket failures, to word messages alike. */
const KNOWN: Record<string, { errno: number; text: string; pyClass: string }> = {
  EACCES: { errno: 13, text: "Permission denied", pyClass: "PermissionError" },
  ECONNRESET: { errno: 104, text: "Connection reset by peer", pyClass: "ConnectionResetError" },
  ETIMEDOUT: { errno: 110, text: "Connection timed out", pyClass: "TimeoutError" },
  EHOSTUNREACH: { errno: 113, text: "No route to host", pyClass: "OSError" },
  ENETUNREACH: { errno: 101, text: "Network is unreachable", pyClass: "OSError" },
  ENOTSOCK: { errno: 88, text: "Socket operation on non-socket", pyClass: "OSError" },
  ENOTFOUND: { errno: -2, text: "Name or service not known", pyClass: "socket.gaierror" },
  EAI_AGAIN: { errno: -3, text: "Temporary failure in name resolution", pyClass: "socket.gaierror" },
};

/**
 * Classifies a Node socket error.
 * @example toConnectionError(Object.assign(new Error("x"), { code: "ECONNREFUSED" })).kind // "refused"
 */
export function toConnectionError(err: unknown): ConnectionError {
  const code = typeof err === "object" && err !== null && "code" in err ? String(err.code) : "";
  if (code === "ECONNREFUSED") return new ConnectionError("refused", code, "Connection refused", "ConnectionRefusedError");
  if (code === "ENOENT") return new ConnectionError("nofile", code, "No such file or directory", "FileNotFoundError");
  const known = KNOWN[code];
  if (known) return new ConnectionError("other", code, `[Errno ${known.errno}] ${known.text}`, known.pyClass);
  const message = err instanceof Error ? err.message : String(err);
  return new ConnectionError("other", code, message);
}
