// HTTP Basic authentication as Supervisor does it (CFG-IH-02/03): one user, plain or `{SHA}`
// hex SHA-1 password, realm "default". Pure: header in, verdict out.

import { createHash, timingSafeEqual } from "node:crypto";
import type { Credentials } from "./types.ts";

/** The challenge header supervisorctl expects with a 401. */
export const AUTH_CHALLENGE = 'Basic realm="default"';

/** Equal-time comparison: the time taken does not reveal how many leading bytes matched. */
function sameBytes(a: Buffer, b: Buffer): boolean {
  // Hash both sides so lengths are equal and timingSafeEqual can be used.
  const ha = createHash("sha256").update(a).digest();
  const hb = createHash("sha256").update(b).digest();
  return timingSafeEqual(ha, hb) && a.length === b.length;
}

/** Splits `Basic base64(user:pass)`; null when absent or malformed. */
export function parseBasicAuth(header: string | undefined): { username: string; password: string } | null {
  if (header === undefined) return null;
  const m = /^\s*Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!m) return null;
  const decoded = Buffer.from(m[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return null;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * True when the request may proceed: no credentials configured, or the header matches them.
 * @example isAuthorized({ username: "u", password: "p" }, "Basic dTpw") // true
 */
export function isAuthorized(creds: Credentials | null, header: string | undefined): boolean {
  if (creds === null) return true;
  const given = parseBasicAuth(header);
  if (given === null) return false;
  const userOk = sameBytes(Buffer.from(given.username), Buffer.from(creds.username));
  let passOk: boolean;
  if (creds.password.startsWith("{SHA}")) {
    const digest = createHash("sha1").update(given.password, "utf8").digest("hex");
    passOk = sameBytes(Buffer.from(digest), Buffer.from(creds.password.slice(5).toLowerCase()));
  } else {
    passOk = sameBytes(Buffer.from(given.password), Buffer.from(creds.password));
  }
  return userOk && passOk;
}
