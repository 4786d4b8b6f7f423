// Looks up a user (by name or uid) in the passwd database, for the `user=` option: the spawner
// needs the uid, the primary gid and the name (for the supplementary groups).

import { readFileSync } from "node:fs";
import { pyRepr } from "./pyrepr.ts";

export interface UserRecord {
  uid: number;
  gid: number;
  name: string;
}

/**
 * Finds `spec` (a user name or a numeric uid) in a passwd file. Returns the record, or an error
 * text worded as supervisord's `drop_privileges` ("Can't find username 'x'", "Can't find uid 7").
 * @example lookupUser("nobody") // { uid: 65534, gid: 65534, name: "nobody" }
 */
export function lookupUser(spec: string, passwdPath = "/etc/passwd"): UserRecord | string {
  const records = readPasswd(passwdPath);
  if (/^\d+$/.test(spec)) {
    const uid = Number(spec);
    return records.find((r) => r.uid === uid) ?? `Can't find uid ${uid}`;
  }
  return records.find((r) => r.name === spec) ?? `Can't find username ${pyRepr(spec)}`;
}

function readPasswd(path: string): UserRecord[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return [];
  }
  const records: UserRecord[] = [];
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const fields = line.split(":");
    if (fields.length < 4) continue;
    const uid = Number(fields[2]);
    const gid = Number(fields[3]);
    if (Number.isInteger(uid) && Number.isInteger(gid)) records.push({ uid, gid, name: fields[0] });
  }
  return records;
}
