// User and group lookup by reading /etc/passwd and /etc/group (Bun has no getpwnam). Names and
// numeric ids are both accepted, as supervisord's `user=` and `chown=` accept them. Only the local
// files are read: users known solely through NSS (LDAP, sssd) are not found.
//
// Example: resolveUser("root") → { uid: 0, gid: 0, home: "/root", name: "root" }

import { readFileSync } from "node:fs";

export interface UserEntry {
  name: string;
  uid: number;
  gid: number;
  home: string;
}

export interface GroupEntry {
  name: string;
  gid: number;
}

export const DEFAULT_PASSWD_FILE = "/etc/passwd";
export const DEFAULT_GROUP_FILE = "/etc/group";

/** Parses passwd(5) text; malformed lines are skipped. */
export function parsePasswd(text: string): UserEntry[] {
  const users: UserEntry[] = [];
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const f = line.split(":");
    if (f.length < 7) continue;
    const uid = Number(f[2]);
    const gid = Number(f[3]);
    if (!/^\d+$/.test(f[2] as string) || !/^\d+$/.test(f[3] as string)) continue;
    users.push({ name: f[0] as string, uid, gid, home: f[5] as string });
  }
  return users;
}

/** Parses group(5) text; malformed lines are skipped. */
export function parseGroup(text: string): GroupEntry[] {
  const groups: GroupEntry[] = [];
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const f = line.split(":");
    if (f.length < 3 || !/^\d+$/.test(f[2] as string)) continue;
    groups.push({ name: f[0] as string, gid: Number(f[2]) });
  }
  return groups;
}

function readOrThrow(path: string, what: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    throw new Error(`cannot read ${path} to look up ${what}: ${(err as Error).message}`);
  }
}

/**
 * Resolves a user name or numeric uid from a passwd file. Throws an Error saying the user is
 * unknown (the message names the file read).
 */
export function resolveUser(
  name: string,
  passwdFile: string = DEFAULT_PASSWD_FILE,
): { uid: number; gid: number; home: string; name: string } {
  const users = parsePasswd(readOrThrow(passwdFile, `user '${name}'`));
  const numeric = /^\d+$/.test(name.trim());
  const found = numeric
    ? users.find((u) => u.uid === Number(name.trim()))
    : users.find((u) => u.name === name);
  if (!found) {
    throw new Error(
      numeric
        ? `no user with id ${name.trim()} in ${passwdFile}; use an existing user name or id`
        : `unknown user '${name}' (not in ${passwdFile}); use an existing user name or id`,
    );
  }
  return { uid: found.uid, gid: found.gid, home: found.home, name: found.name };
}

/** Resolves a group name or numeric gid from a group file; throws when unknown. */
export function resolveGroup(name: string, groupFile: string = DEFAULT_GROUP_FILE): number {
  const groups = parseGroup(readOrThrow(groupFile, `group '${name}'`));
  const numeric = /^\d+$/.test(name.trim());
  const found = numeric
    ? groups.find((g) => g.gid === Number(name.trim()))
    : groups.find((g) => g.name === name);
  if (!found) {
    throw new Error(
      numeric
        ? `no group with id ${name.trim()} in ${groupFile}; use an existing group name or id`
        : `unknown group '${name}' (not in ${groupFile}); use an existing group name or id`,
    );
  }
  return found.gid;
}

/**
 * `user` or `user:group` as in `[unix_http_server] chown` (CFG-UH-03): gid is -1 ("leave the
 * group as is") when no group is given.
 */
export function resolveUserGroup(
  spec: string,
  passwdFile: string = DEFAULT_PASSWD_FILE,
  groupFile: string = DEFAULT_GROUP_FILE,
): { uid: number; gid: number } {
  const colon = spec.indexOf(":");
  if (colon === -1) return { uid: resolveUser(spec, passwdFile).uid, gid: -1 };
  return {
    uid: resolveUser(spec.slice(0, colon), passwdFile).uid,
    gid: resolveGroup(spec.slice(colon + 1), groupFile),
  };
}

/**
 * Python's os.path.expanduser: `~` → $HOME, `~name` → that user's home from the passwd file.
 * Unknown users, or `~` without HOME, leave the path unchanged.
 */
export function expandUser(
  path: string,
  env: Readonly<Record<string, string>>,
  passwdFile: string = DEFAULT_PASSWD_FILE,
): string {
  if (!path.startsWith("~")) return path;
  const slash = path.indexOf("/", 1);
  const userPart = slash === -1 ? path.slice(1) : path.slice(1, slash);
  const rest = slash === -1 ? "" : path.slice(slash);
  let home: string | undefined;
  if (userPart === "") {
    home = env.HOME;
  } else {
    // expanduser looks the name up as a name, even when it is all digits.
    try {
      home = parsePasswd(readFileSync(passwdFile, "utf8")).find((u) => u.name === userPart)?.home;
    } catch {
      home = undefined;
    }
  }
  if (home === undefined) return path;
  return home.replace(/\/+$/, "") + rest || "/";
}
