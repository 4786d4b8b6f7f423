// File options of the Supvisors section: `rules_files`, `css_files`, `software_icon` (globs) and
// `disabilities_file` (a path whose directories are created). Supvisors expands glob values a
// second time, with `here`, `host_node_name` and `ENV_*` (so `%%(here)s` written in the file works
// even though Supervisor refuses `%(here)s` there, CFG-GEN-07), then globs each space-separated
// pattern, makes matches absolute, removes duplicates and sorts; no match is a warning.
//
// Example: resolveFileGlobs("rules/*.xml", env) → { files: ["/etc/sv/rules/a.xml"], warning: null }

import { mkdirSync, statSync } from "node:fs";
import { posix as path } from "node:path";
import { ConversionError, quote } from "./datatypes.ts";
import { globFiles } from "./glob.ts";
import { FormatError, pyFormat } from "./pyformat.ts";
import { expandUser } from "./users.ts";

/** What file options need besides their value. */
export interface FileEnv {
  /** Names of the second expansion: here, host_node_name, ENV_*. */
  names: Readonly<Record<string, string>>;
  /** supervisord's working directory: relative patterns and paths start there. */
  cwd: string;
  /** For `~` in disabilities_file. */
  env: Readonly<Record<string, string>>;
  passwdFile: string;
}

/** The second expansion; an unknown name or a lone `%` is a ConversionError. */
export function expandAgain(option: string, value: string, names: Readonly<Record<string, string>>): string {
  try {
    return pyFormat(value, names);
  } catch (err) {
    if (!(err instanceof FormatError)) throw err;
    const detail = err.kind === "missing" ? `%(${err.detail})s cannot be expanded` : err.detail;
    throw new ConversionError(
      `cannot expand ${option} ${quote(value)}: ${detail}; available names: ${Object.keys(names).sort().join(", ")}`,
    );
  }
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Expanded, globbed, absolute, deduplicated, sorted matches of a space-separated glob list.
 * `warning` is set when the value names something but nothing matches.
 */
export function resolveFileGlobs(option: string, value: string, fenv: FileEnv): { files: string[]; warning: string | null } {
  const expanded = expandAgain(option, value, fenv.names);
  const files = new Set<string>();
  for (const pattern of expanded.split(/\s+/).filter(Boolean)) {
    const full = pattern.startsWith("/") ? pattern : path.join(fenv.cwd, pattern);
    for (const match of globFiles(full)) files.add(path.resolve(fenv.cwd, match));
  }
  const warning =
    value && files.size === 0 ? `no file found matching ${quote(value)}; check the pattern and that the files exist` : null;
  return { files: [...files].sort(byCodePoint), warning };
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** `software_icon`: the first regular file among the matches; several → a warning naming them. */
export function resolveExistingFile(
  option: string,
  value: string,
  fenv: FileEnv,
): { file: string | null; warnings: string[] } {
  const { files, warning } = resolveFileGlobs(option, value, fenv);
  const candidates = files.filter(isFile);
  const warnings = warning === null ? [] : [warning];
  if (candidates.length > 1) {
    warnings.push(`several files match ${quote(value)}: ${candidates.join(", ")}; the first one is used`);
  }
  return { file: candidates[0] ?? null, warnings };
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/**
 * `disabilities_file`: `~` expanded and made absolute; a missing directory is created when
 * `create` is true (Supvisors creates it at start), else left for the caller to report. A
 * directory that cannot be created is a ConversionError.
 */
export function resolveDisabilitiesFile(
  value: string,
  fenv: FileEnv,
  create: boolean,
): { file: string; createdDirectory: string | null; missingDirectory: string | null } {
  const file = path.resolve(fenv.cwd, expandUser(value, fenv.env, fenv.passwdFile));
  const dir = path.dirname(file);
  if (isDirectory(dir)) return { file, createdDirectory: null, missingDirectory: null };
  if (!create) return { file, createdDirectory: null, missingDirectory: dir };
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new ConversionError(
      `the directory ${quote(dir)} of disabilities_file ${quote(value)} cannot be created ` +
        `(${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); create it or choose another path`,
    );
  }
  return { file, createdDirectory: dir, missingDirectory: null };
}

/** A log file path (`~` expanded, absolute) whose directory must exist, as Supervisor's existing_dirpath. */
export function resolveLogFile(value: string, fenv: FileEnv): string {
  const file = path.resolve(fenv.cwd, expandUser(value, fenv.env, fenv.passwdFile));
  const dir = path.dirname(file);
  if (!isDirectory(dir)) {
    throw new ConversionError(`the directory of ${quote(value)} does not exist; create ${quote(dir)} or choose another path`);
  }
  return file;
}
