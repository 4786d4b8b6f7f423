// File name globbing with Python's glob.glob semantics, used by `[include] files` (CFG-IN-01):
// `*`, `?` and `[...]`/`[!...]` per path component, no `**` recursion, no `{a,b}` braces, no `~`,
// and names starting with `.` only matched by patterns that start with `.`.
//
// Example: globFiles("/etc/supervisor/conf.d/*.conf") → ["/etc/supervisor/conf.d/a.conf", ...]
// (unsorted, as glob.glob; callers sort)

import { lstatSync, readdirSync, statSync } from "node:fs";

const MAGIC = /[*?[]/;

export function hasMagic(pattern: string): boolean {
  return MAGIC.test(pattern);
}

/** Regular expression for one fnmatch pattern (whole-name match, case-sensitive). */
export function fnmatchRegExp(pattern: string): RegExp {
  let out = "";
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i++] as string;
    if (c === "*") out += ".*";
    else if (c === "?") out += ".";
    else if (c === "[") {
      let j = i;
      if (pattern[j] === "!") j++;
      if (pattern[j] === "]") j++;
      while (j < pattern.length && pattern[j] !== "]") j++;
      if (j >= pattern.length) {
        out += "\\[";
        continue;
      }
      let body = pattern.slice(i, j);
      i = j + 1;
      let negate = false;
      if (body.startsWith("!")) {
        negate = true;
        body = body.slice(1);
      }
      // Inside a class only `\`, `]` and `^` need escaping for a JS regex; ranges stay ranges.
      const escaped = body.replace(/[\\\]^]/g, (m) => "\\" + m);
      out += negate ? `[^${escaped}]` : `[${escaped}]`;
    } else out += c.replace(/[.*+?^${}()|[\]\\/]/g, (m) => "\\" + m);
  }
  return new RegExp(`^(?:${out})$`, "s");
}

function exists(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir || ".");
  } catch {
    return [];
  }
}

function matchInDir(dir: string, pattern: string): string[] {
  const re = fnmatchRegExp(pattern);
  const showHidden = pattern.startsWith(".");
  return listDir(dir).filter((name) => (showHidden || !name.startsWith(".")) && re.test(name));
}

/** All existing paths matching `pattern`, like Python's glob.glob (not sorted). */
export function globFiles(pattern: string): string[] {
  if (!hasMagic(pattern)) {
    if (pattern.endsWith("/")) return isDirectory(pattern) ? [pattern] : [];
    return exists(pattern) ? [pattern] : [];
  }
  const dirname = splitDir(pattern);
  const basename = pattern.slice(pattern.lastIndexOf("/") + 1);
  if (!dirname) return matchInDir(".", basename);
  const dirs = hasMagic(dirname) ? globFiles(dirname) : [dirname];
  const results: string[] = [];
  for (const dir of dirs) {
    let names: string[];
    if (hasMagic(basename)) names = matchInDir(dir, basename);
    else if (basename === "") names = isDirectory(dir) ? [""] : [];
    else names = exists(joinKeep(dir, basename)) ? [basename] : [];
    for (const name of names) results.push(joinKeep(dir, name));
  }
  return results;
}

/** The directory part as os.path.split gives it (trailing slashes removed unless it is all slashes). */
function splitDir(p: string): string {
  const slash = p.lastIndexOf("/");
  if (slash === -1) return "";
  const head = p.slice(0, slash + 1);
  return /^\/+$/.test(head) ? head : head.replace(/\/+$/, "");
}

function joinKeep(dir: string, name: string): string {
  if (name === "") return dir.endsWith("/") ? dir : dir + "/";
  return dir.endsWith("/") ? dir + name : `${dir}/${name}`;
}
