// The HTTP Upgrade exchange that carries a peer link over a node's Supervisor-compatible inet HTTP
// port (the `host:http_port` of supvisors_list), so that the cluster needs no port of its own:
//
//   dialler → node    GET /flotilla/peer HTTP/1.1
//                     Host: <host>:<port>
//                     Connection: Upgrade
//                     Upgrade: flotilla-peer
//                     [Authorization: Basic base64(user:password)]   the cluster-wide inet
//                                                                     credentials (CFG-IH-04)
//   node → dialler    HTTP/1.1 101 Switching Protocols
//                     Upgrade: flotilla-peer
//                     Connection: Upgrade
//
// after which the socket carries frames exactly as a direct link does (hello/ack first). Any other
// answer (401 for bad credentials, 404 when the node does not take peer links) fails the dial.
// Pure: text in, text or verdict out.

export const PEER_UPGRADE_PATH = "/flotilla/peer";
export const PEER_UPGRADE_PROTOCOL = "flotilla-peer";

/** The answer that hands the socket over to the peer protocol. */
export const UPGRADE_ACCEPTED =
  `HTTP/1.1 101 Switching Protocols\r\nUpgrade: ${PEER_UPGRADE_PROTOCOL}\r\nConnection: Upgrade\r\n\r\n`;

/** An answer's head may not exceed this: a peer cannot make us buffer an endless header. */
export const MAX_UPGRADE_REPLY_BYTES = 16 * 1024;

export interface UpgradeCredentials {
  username: string;
  /** The plain password: a `{SHA}` digest from the config cannot be sent as a password. */
  password: string;
}

/**
 * The request a dialler sends once its socket is connected.
 * @example upgradeRequest("10.0.0.2", 61000) // "GET /flotilla/peer HTTP/1.1\r\nHost: 10.0.0.2:61000\r\n…"
 */
export function upgradeRequest(host: string, port: number, credentials?: UpgradeCredentials | null): string {
  const hostHeader = host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
  const lines = [
    `GET ${PEER_UPGRADE_PATH} HTTP/1.1`,
    `Host: ${hostHeader}`,
    "Connection: Upgrade",
    `Upgrade: ${PEER_UPGRADE_PROTOCOL}`,
  ];
  if (credentials) {
    const token = Buffer.from(`${credentials.username}:${credentials.password}`, "utf8").toString("base64");
    lines.push(`Authorization: Basic ${token}`);
  }
  return `${lines.join("\r\n")}\r\n\r\n`;
}

export type UpgradeReply =
  | { state: "partial" }
  /** `rest`: bytes after the head, already the peer protocol's. */
  | { state: "accepted"; rest: Uint8Array }
  | { state: "refused"; reason: string };

const HEAD_END = Buffer.from("\r\n\r\n");

/**
 * Reads the answer to the upgrade request from the bytes received so far.
 * @example readUpgradeReply(Buffer.from("HTTP/1.1 401 Unauthorized\r\n\r\n")) // { state: "refused", reason: "HTTP/1.1 401 Unauthorized" }
 */
export function readUpgradeReply(received: Uint8Array): UpgradeReply {
  const bytes = Buffer.from(received.buffer, received.byteOffset, received.byteLength);
  const end = bytes.indexOf(HEAD_END);
  if (end < 0) {
    if (bytes.length > MAX_UPGRADE_REPLY_BYTES) {
      return { state: "refused", reason: `answer head longer than ${MAX_UPGRADE_REPLY_BYTES} bytes` };
    }
    // A status line that is not HTTP is known from its first bytes: no need to wait for more.
    if (bytes.length >= 5 && bytes.subarray(0, 5).toString("latin1") !== "HTTP/") {
      return { state: "refused", reason: "the answer is not HTTP" };
    }
    return { state: "partial" };
  }
  const lines = bytes.subarray(0, end).toString("latin1").split("\r\n");
  const statusLine = lines[0]!.trim();
  const status = /^HTTP\/1\.[01] (\d{3})(?: |$)/.exec(statusLine);
  if (!status) return { state: "refused", reason: `not an HTTP status line: '${statusLine.slice(0, 100)}'` };
  if (status[1] !== "101") return { state: "refused", reason: statusLine.slice(0, 200) };
  const upgrade = headerValue(lines.slice(1), "upgrade");
  if (upgrade?.toLowerCase() !== PEER_UPGRADE_PROTOCOL) {
    return { state: "refused", reason: `${statusLine} to protocol '${upgrade ?? ""}' instead of '${PEER_UPGRADE_PROTOCOL}'` };
  }
  return { state: "accepted", rest: new Uint8Array(bytes.subarray(end + HEAD_END.length)) };
}

function headerValue(lines: string[], name: string): string | undefined {
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon > 0 && line.slice(0, colon).trim().toLowerCase() === name) return line.slice(colon + 1).trim();
  }
  return undefined;
}
