// Where to dial a peer: the address given to connect(), which may carry its own port, otherwise
// the port the peer announced, otherwise the configured rule (e.g. http_port + offset).

export interface DialTarget {
  host: string;
  port?: number;
}

/**
 * Splits "host", "host:port", "[v6]:port" or a bare IPv6 address.
 * @example parsePeerAddress("10.0.0.2:61000") // { host: "10.0.0.2", port: 61000 }
 */
export function parsePeerAddress(address: string): DialTarget | string {
  const text = address.trim();
  if (text === "") return "empty peer address";
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) return withPort(bracketed[1], bracketed[2], address);
  const colons = text.split(":").length - 1;
  if (colons === 1) {
    const [host, port] = text.split(":");
    return withPort(host, port, address);
  }
  return { host: text };
}

function withPort(host: string, port: string | undefined, address: string): DialTarget | string {
  if (host === "") return `no host in peer address '${address}'`;
  if (port === undefined) return { host };
  const value = Number(port);
  if (!/^\d+$/.test(port) || value < 1 || value > 65535) return `bad port in peer address '${address}'`;
  return { host, port: value };
}

/** Socket addresses of IPv4 peers on a dual-stack listener come as ::ffff:a.b.c.d. */
export function plainAddress(address: string | undefined): string {
  if (!address) return "unknown";
  return address.startsWith("::ffff:") ? address.slice(7) : address;
}
