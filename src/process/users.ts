// Looks up a user (by name or uid) for the `user=` option: the spawner needs the uid, the primary
// gid and the name (for the supplementary groups). Errors are worded as supervisord's
// `drop_privileges` words them; parsing is config/users.ts's.

import { readFileSync } from "node:fs";
import { DEFAULT_PASSWD_FILE, parsePasswd, type UserEntry } from "../config/users.ts";
import { pyRepr } from "./pyrepr.ts";

export interface UserRecord {
  uid: number;
  gid: number;
  name: string;
}

/**
 * Finds `spec` (a user name or a numeric uid) in a passwd file. Returns the record, or an error
 * text ("Can't find username 'x'", "Can't find uid 7").
 * @example lookupUser("nobody") // { uid: 65534, gid: 65534, name: "nobody" }
 */
export function lookupUser(spec: string, passwdPath = DEFAULT_PASSWD_FILE): UserRecord | string {
  let users: UserEntry[];
  try {
    users = parsePasswd(readFileSync(passwdPath, "utf8"));
  } catch {
    users = [];
  }
  const numeric = /^\d+$/.test(spec);
  const found = numeric ? users.find((u) => u.uid === Number(spec)) : users.find((u) => u.name === spec);
  if (!found) return numeric ? `Can't find uid ${Number(spec)}` : `Can't find username ${pyRepr(spec)}`;
  return { uid: found.uid, gid: found.gid, name: found.name };
}
