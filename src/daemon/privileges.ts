// `[supervisord] user` (CFG-SD-13): a daemon started as root becomes that user, with its
// supplementary groups, before it opens any log or socket — as supervisord does.

import { lookupUser } from "../process/users.ts";

/** Returns null on success (or nothing to do), else the reason, worded as supervisord's. */
export function dropPrivileges(user: string | null): string | null {
  if (user === null) return null;
  const found = lookupUser(user);
  if (typeof found === "string") return found;
  const current = process.getuid?.();
  if (current === found.uid) return null;
  if (current !== 0) return "Can't drop privilege as nonroot user";
  // Bun implements initgroups; its type declarations lack it.
  const proc = process as typeof process & { initgroups?: (user: string, gid: number) => void };
  try {
    proc.initgroups?.(found.name, found.gid);
    process.setgid?.(found.gid);
    process.setuid?.(found.uid);
  } catch (err) {
    return `Could not set user id to ${found.name}: ${(err as Error).message}`;
  }
  return null;
}
