// Checking that a decoded value is a well-formed PeerIdentity, so that nothing a peer sends can
// put a malformed identity in front of the core.

import type { PeerIdentity } from "../transport.ts";

const MAX_FIELD = 512;

/**
 * Returns the identity, or a sentence saying what is wrong with it.
 * @example parseIdentity({ identifier: "h:60000", nick: "n", host: "h", httpPort: 60000, stereotypes: [] })
 */
export function parseIdentity(value: unknown): PeerIdentity | string {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "identity is not an object";
  const v = value as Record<string, unknown>;
  for (const field of ["identifier", "nick", "host"] as const) {
    const text = v[field];
    if (typeof text !== "string") return `identity field '${field}' is not a string`;
    if (text.length > MAX_FIELD) return `identity field '${field}' is longer than ${MAX_FIELD} characters`;
  }
  if ((v.identifier as string).length === 0) return "identity field 'identifier' is empty";
  const port = v.httpPort;
  if (typeof port !== "number" || !Number.isInteger(port) || port < 0 || port > 65535) {
    return "identity field 'httpPort' is not a port number";
  }
  const stereotypes = v.stereotypes;
  if (!Array.isArray(stereotypes) || !stereotypes.every((s) => typeof s === "string")) {
    return "identity field 'stereotypes' is not a list of strings";
  }
  return {
    identifier: v.identifier as string,
    nick: v.nick as string,
    host: v.host as string,
    httpPort: port,
    stereotypes: [...(stereotypes as string[])],
  };
}

/** The identity in the fixed field order it has on the wire. */
export function identityJson(identity: PeerIdentity): string {
  return JSON.stringify({
    identifier: identity.identifier,
    nick: identity.nick,
    host: identity.host,
    httpPort: identity.httpPort,
    stereotypes: identity.stereotypes,
  });
}
