// What to start for one process, decided before any fork: the command resolved in the right
// PATH, the user looked up and the environment built. A failure here is a spawn error with
// supervisord's wording, and says whether supervisord would have met it in the forked child.

import type { ProcessConfig } from "../config/model.ts";
import { CommandError, resolveCommand } from "./command.ts";
import { buildChildEnv, commandSearchPath, type ChildEnvInput } from "./environment.ts";
import type { SpawnRequest } from "./spawner.ts";
import type { UserRecord } from "./users.ts";

export interface SpawnContext {
  groupName: string;
  daemonEnv: Record<string, string | undefined>;
  serverEnvironment: Record<string, string>;
  /** The daemon's URL, used when the program's serverurl is AUTO. */
  serverUrl: string | null;
  resolveUser(user: string): UserRecord | string;
}

/** The parts of a SpawnRequest that do not depend on where output goes. */
export type SpawnPlan = Pick<SpawnRequest, "filename" | "argv" | "env" | "cwd" | "umask" | "user" | "redirectStderr">;

export type PlanResult =
  | { ok: true; plan: SpawnPlan }
  /** `inChild`: supervisord reports this one on the child's stderr (setuid, chdir, exec). */
  | { ok: false; error: string; inChild: boolean };

/**
 * @example planSpawn(config, { groupName: "web", daemonEnv: process.env, serverEnvironment: {},
 *   serverUrl: null, resolveUser: lookupUser })
 */
export function planSpawn(cfg: ProcessConfig, ctx: SpawnContext): PlanResult {
  const envInput: ChildEnvInput = {
    daemonEnv: ctx.daemonEnv,
    serverEnvironment: ctx.serverEnvironment,
    programEnvironment: cfg.environment,
    processName: cfg.name,
    groupName: ctx.groupName,
    serverUrl: cfg.serverurl.toUpperCase() === "AUTO" ? ctx.serverUrl : cfg.serverurl,
  };
  let resolved;
  try {
    resolved = resolveCommand(cfg.command, commandSearchPath(envInput));
  } catch (err) {
    if (!(err instanceof CommandError)) throw err;
    return { ok: false, error: err.message, inChild: false };
  }
  let user: UserRecord | null = null;
  if (cfg.user !== null) {
    const found = ctx.resolveUser(cfg.user);
    if (typeof found === "string") return { ok: false, error: `couldn't setuid to ${cfg.user}: ${found}`, inChild: true };
    user = found;
  }
  return {
    ok: true,
    plan: {
      filename: resolved.filename,
      argv: resolved.argv,
      env: buildChildEnv(envInput),
      cwd: cfg.directory,
      umask: cfg.umask,
      user,
      redirectStderr: cfg.redirectStderr,
    },
  };
}


/**
 * What supervisord's forked child does when chdir, setuid or exec fails: it writes the reason to
 * its stderr and exits 127, so the process "exited too quickly" and its log has the details.
 * A real short-lived child keeps every observable effect the same (pid, log lines, BACKOFF).
 * @example failingChildPlan(false, "couldn't chdir to /nowhere: ENOENT")
 */
export function failingChildPlan(redirectStderr: boolean, message: string): SpawnPlan {
  const text = `supervisor: ${message}\nsupervisor: child process was not spawned\n`;
  return {
    filename: "/bin/sh",
    argv: ["sh", "-c", 'printf "%s" "$1" >&2; exit 127', "sh", text],
    env: {},
    cwd: null,
    umask: null,
    user: null,
    redirectStderr,
  };
}
