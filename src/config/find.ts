// Where supervisord looks for its configuration when no `-c` is given (CFG-GEN-01).
//
// Example: findDefaultConfig({ cwd: "/srv/app" }) → "/srv/app/supervisord.conf" if it exists

import { existsSync } from "node:fs";
import { posix as path } from "node:path";

/** The candidate paths in search order. `execDir` is the directory holding the executable. */
export function defaultConfigCandidates(opts: { cwd?: string; execDir?: string } = {}): string[] {
  const cwd = opts.cwd ?? process.cwd();
  const execDir = opts.execDir ?? path.dirname(process.execPath);
  const parent = path.resolve(execDir, "..");
  return [
    path.join(parent, "etc", "supervisord.conf"),
    path.join(parent, "supervisord.conf"),
    path.resolve(cwd, "supervisord.conf"),
    path.resolve(cwd, "etc", "supervisord.conf"),
    "/etc/supervisord.conf",
    "/etc/supervisor/supervisord.conf",
  ];
}

/** The first candidate that exists, as an absolute path, or null. */
export function findDefaultConfig(opts: { cwd?: string; execDir?: string } = {}): string | null {
  return defaultConfigCandidates(opts).find((p) => existsSync(p)) ?? null;
}
