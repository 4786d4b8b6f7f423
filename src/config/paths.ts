// Path checks and normalisation as supervisord applies them to file options: `~` expansion,
// "the directory part must exist" for log and pid files, "must be an existing directory" for
// directories, and absolute paths for the supervisord log/pid files and the unix socket.
//
// Example: existingDirpath("~/sd.log", ctx) → "/root/sd.log" when /root exists

import { statSync } from "node:fs";
import { posix as path } from "node:path";
import type { LoadContext } from "./context.ts";

/** What the path checks read: the working directory, HOME and the passwd file for `~`. */
export type PathContext = Pick<LoadContext, "cwd" | "env" | "passwdFile">;
import { ConversionError, quote } from "./datatypes.ts";
import { expandUser } from "./users.ts";

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** `~`-expanded path whose directory part (if any) exists; returned without making it absolute. */
export function existingDirpath(value: string, ctx: PathContext): string {
  const expanded = expandUser(value, ctx.env, ctx.passwdFile);
  const slash = expanded.lastIndexOf("/");
  if (slash === -1) return expanded;
  const dir = expanded.slice(0, slash) || "/";
  if (isDirectory(path.resolve(ctx.cwd, dir))) return expanded;
  throw new ConversionError(
    `the directory of ${quote(value)} does not exist; create ${quote(dir)} or choose another path`,
  );
}

/** `~`-expanded path that must be an existing directory; returned without making it absolute. */
export function existingDirectory(value: string, ctx: PathContext): string {
  const expanded = expandUser(value, ctx.env, ctx.passwdFile);
  if (isDirectory(path.resolve(ctx.cwd, expanded))) return expanded;
  throw new ConversionError(`${quote(value)} is not an existing directory; create it or choose another one`);
}

/** `~`-expanded, absolute (against the working directory) and normalised. */
export function normalizePath(value: string, ctx: PathContext): string {
  return path.resolve(ctx.cwd, expandUser(value, ctx.env, ctx.passwdFile));
}
