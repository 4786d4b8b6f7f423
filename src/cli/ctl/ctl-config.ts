// The ctl's own reading of a configuration file: only `[supervisorctl]` (CFG-CT) and the names of
// `[ctlplugin:x]` sections, as supervisorctl reads it. Deliberately not the full supervisord
// loader: supervisorctl accepts a file whose other sections it never looks at, and so do we.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** What `[supervisorctl]` sets; absent options are null (the command line or defaults decide). */
export interface CtlFileSettings {
  file: string;
  serverurl: string;
  prompt: string | null;
  username: string | null;
  password: string | null;
  historyFile: string | null;
  /** `[ctlplugin:x]` sections: name and factory, for callers that know such plugins. */
  plugins: Array<{ name: string; factory: string | null }>;
}

/** A problem with the file; the message is what the user reads after "Error: ". */
export class CtlConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CtlConfigError";
  }
}

/** Where supervisorctl looks when no -c is given (the paths relative to its own binary left out). */
export const DEFAULT_SEARCH_PATHS: readonly string[] = [
  "supervisord.conf",
  "etc/supervisord.conf",
  "/etc/supervisord.conf",
  "/etc/supervisor/supervisord.conf",
];

/** The first existing file among `paths`, or null. */
export function findConfigFile(paths: readonly string[]): string | null {
  return paths.find((p) => fs.existsSync(p)) ?? null;
}

type Sections = Map<string, Map<string, string>>;

/** An INI reader with ConfigParser's rules that matter here: `=` or `:`, `;`/`#` comments, continuations. */
export function parseIni(text: string, file: string): Sections {
  const sections: Sections = new Map();
  let current: Map<string, string> | null = null;
  let lastKey: string | null = null;
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    const stripped = raw.trim();
    if (stripped === "" || stripped.startsWith("#") || stripped.startsWith(";")) {
      lastKey = null;
      return;
    }
    const value = stripInlineComment(raw);
    if (/^\s/.test(raw) && current && lastKey !== null) {
      current.set(lastKey, `${current.get(lastKey)}\n${value.trim()}`);
      return;
    }
    const header = /^\[(.+)\]/.exec(stripped);
    if (header) {
      const name = header[1]!;
      current = sections.get(name) ?? new Map();
      sections.set(name, current);
      lastKey = null;
      return;
    }
    if (!current) throw new CtlConfigError(`${file}:${lineNo}: no [section] header before this line: ${stripped}`);
    const option = /^(.*?)\s*([=:])\s*(.*)$/.exec(value.trim());
    if (!option || option[1] === "") throw new CtlConfigError(`${file}:${lineNo}: expected "name = value", found: ${stripped}`);
    lastKey = option[1]!.trimEnd().toLowerCase();
    current.set(lastKey, option[3]!.trim());
  });
  return sections;
}

/** `;` and `#` start a comment when they follow whitespace. */
function stripInlineComment(line: string): string {
  for (let i = 1; i < line.length; i++) {
    if ((line[i] === ";" || line[i] === "#") && /\s/.test(line[i - 1]!)) return line.slice(0, i);
  }
  return line;
}

/**
 * Python `%`-expansion with a mapping: `%(name)s` and `%%`.
 * @example expand("%(here)s/s.sock", { here: "/etc" }, "supervisorctl.serverurl") // "/etc/s.sock"
 */
export function expand(value: string, names: Record<string, string>, what: string): string {
  let out = "";
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (ch !== "%") {
      out += ch;
      continue;
    }
    if (value[i + 1] === "%") {
      out += "%";
      i++;
      continue;
    }
    const m = /^%\(([^)]*)\)s/.exec(value.slice(i));
    if (!m) throw new CtlConfigError(`Format string '${value}' for '${what}' is badly formatted`);
    const name = m[1]!;
    if (!(name in names)) {
      const available = Object.keys(names).sort().join(", ");
      throw new CtlConfigError(
        `Format string '${value}' for '${what}' contains names ('${name}') which cannot be expanded. Available names: ${available}`,
      );
    }
    out += names[name];
    i += m[0].length - 1;
  }
  return out;
}

function normalizePath(p: string, home: string): string {
  const expanded = p === "~" || p.startsWith("~/") ? home + p.slice(1) : p;
  return path.resolve(expanded);
}

/**
 * Reads `[supervisorctl]` of `file`. Throws CtlConfigError with supervisorctl's messages.
 * @example readCtlConfig("/etc/supervisor/supervisord.conf", process.env).serverurl
 */
export function readCtlConfig(file: string, env: Record<string, string | undefined>): CtlFileSettings {
  if (!fs.existsSync(file)) throw new CtlConfigError(`could not find config file ${file}`);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    throw new CtlConfigError(`could not read config file ${file}`);
  }
  const sections = parseIni(text, file);
  const section = sections.get("supervisorctl");
  if (!section) throw new CtlConfigError(".ini file does not include supervisorctl section");
  const here = path.dirname(path.resolve(file));
  const envNames: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) envNames[`ENV_${k}`] = v;
  const withHere = { ...envNames, here };
  const home = env.HOME ?? os.homedir();
  const get = (key: string, names: Record<string, string>): string | null => {
    const raw = section.get(key);
    return raw === undefined ? null : expand(raw, names, `supervisorctl.${key}`);
  };
  let serverurl = get("serverurl", withHere) ?? "http://localhost:9001";
  if (serverurl.startsWith("unix://")) serverurl = "unix://" + normalizePath(serverurl.slice(7), home);
  const history = get("history_file", withHere);
  const plugins = [...sections.keys()]
    .filter((name) => name.startsWith("ctlplugin:"))
    .map((name) => ({ name: name.slice("ctlplugin:".length), factory: sections.get(name)!.get("supervisor.ctl_factory") ?? null }));
  return {
    file,
    serverurl,
    prompt: get("prompt", envNames),
    username: get("username", envNames),
    password: get("password", envNames),
    historyFile: history ? normalizePath(history, home) : null,
    plugins,
  };
}
