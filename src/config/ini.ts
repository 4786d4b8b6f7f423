// An INI reader that behaves like Python's RawConfigParser as supervisord configures it
// (inline comments `;`/`#`, non-strict, `=` or `:`), and remembers the file and line of every section
// header and option so that errors can point at them.
//
// Rules reproduced (CFG-GEN-02):
// - `key = value` or `key: value`; the key is everything before the first `=` or `:`, lower-cased.
// - A line whose first non-blank character is `;` or `#` is a comment. Inside a line, `;` or `#`
//   starts a comment only at the start of the line or after whitespace (`a;b` stays as is).
// - A line indented deeper than its option line continues the value (joined with "\n");
//   blank lines inside a value are kept, trailing ones dropped.
// - A section or option seen again is merged / overwritten (later wins).
// - `[DEFAULT]` options apply to every section that does not set them.
//
// Example: const doc = createIniDocument(); readIniInto(doc, "[supervisord]\nlogfile = x.log\n", "/a.conf");
//          lookupOption(doc, "supervisord", "logfile") → { value: "x.log", source: { file: "/a.conf", line: 2 } }

import { ConfigError, type SourceRef } from "./model.ts";

export interface IniValue {
  value: string;
  source: SourceRef;
}

export interface IniSection {
  name: string;
  /** The first header that opened this section. */
  source: SourceRef;
  options: Map<string, IniValue>;
}

export interface IniDocument {
  /** In order of first appearance. */
  sections: Map<string, IniSection>;
  defaults: Map<string, IniValue>;
}

export const DEFAULT_SECTION = "DEFAULT";

const INLINE_PREFIXES = [";", "#"];
const SECTION_RE = /^\[(.+)\]/;
const OPTION_RE = /^(.*?)\s*(=|:)\s*(.*)$/;

export function createIniDocument(): IniDocument {
  return { sections: new Map(), defaults: new Map() };
}

/** Python's `isspace()` for one character, near enough for config files. */
function isSpace(ch: string | undefined): boolean {
  return ch !== undefined && /\s/.test(ch);
}

/**
 * Where an inline comment starts, or -1. Python searches in rounds (each prefix advances to its
 * next occurrence per round) and stops at the first round with a qualifying occurrence; that is
 * kept because it decides which text survives on lines holding both `;` and `#`.
 */
function inlineCommentStart(line: string): number {
  let positions = new Map<string, number>(INLINE_PREFIXES.map((p) => [p, -1]));
  let found = Number.POSITIVE_INFINITY;
  while (found === Number.POSITIVE_INFINITY && positions.size > 0) {
    const next = new Map<string, number>();
    for (const [prefix, last] of positions) {
      const index = line.indexOf(prefix, last + 1);
      if (index === -1) continue;
      next.set(prefix, index);
      if (index === 0 || isSpace(line[index - 1])) found = Math.min(found, index);
    }
    positions = next;
  }
  return found === Number.POSITIVE_INFINITY ? -1 : found;
}

/**
 * Reads one file's text into `doc`. Returns the names of sections this text created.
 * Throws ConfigError (with file and line) on a line that is neither header, option, comment
 * nor continuation, and on options before any section header.
 */
export function readIniInto(doc: IniDocument, text: string, file: string): string[] {
  const created: string[] = [];
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  let current: Map<string, IniValue> | null = null;
  let currentName: string | null = null;
  let optionName: string | null = null;
  // Pieces of the values started in this file, joined at the end as Python does.
  const pending = new Map<IniValue, string[]>();
  let indentLevel = 0;

  lines.forEach((line, index) => {
    const lineNo = index + 1;
    let commentStart: number | null = inlineCommentStart(line);
    if (commentStart === -1) commentStart = null;
    const stripped = line.trim();
    if (INLINE_PREFIXES.some((p) => stripped.startsWith(p))) commentStart = 0;
    const value = (commentStart === null ? line : line.slice(0, commentStart)).trim();
    if (!value) {
      // A truly blank line (no comment) inside a value is kept as an empty line of it.
      if (commentStart === null && current && optionName !== null) {
        const v = current.get(optionName);
        if (v) pending.get(v)?.push("");
      }
      return;
    }
    const indent = line.search(/\S/);
    if (current && optionName !== null && indent > indentLevel) {
      const v = current.get(optionName);
      if (v) pending.get(v)?.push(value);
      return;
    }
    indentLevel = indent;
    const header = SECTION_RE.exec(value);
    if (header) {
      const name = header[1] as string;
      const existing = doc.sections.get(name);
      if (existing) current = existing.options;
      else if (name === DEFAULT_SECTION) current = doc.defaults;
      else {
        const section: IniSection = { name, source: { file, line: lineNo }, options: new Map() };
        doc.sections.set(name, section);
        created.push(name);
        current = section.options;
      }
      currentName = name;
      optionName = null;
      return;
    }
    if (!current) {
      throw new ConfigError(
        `this line comes before any [section] header: ${JSON.stringify(line)}; ` +
          `start the file with a header such as [supervisord]`,
        file,
        lineNo,
      );
    }
    const option = OPTION_RE.exec(value);
    const key = option ? (option[1] as string).trimEnd().toLowerCase() : "";
    if (!option || key === "") {
      throw new ConfigError(
        `cannot parse ${JSON.stringify(line)}: expected 'name = value', a [section] header, ` +
          `a comment starting with ; or #, or an indented continuation line`,
        file,
        lineNo,
        currentName === DEFAULT_SECTION ? null : currentName,
      );
    }
    const entry: IniValue = { value: (option[3] as string).trim(), source: { file, line: lineNo } };
    current.set(key, entry);
    pending.set(entry, [entry.value]);
    optionName = key;
  });

  for (const [entry, parts] of pending) entry.value = parts.join("\n").trimEnd();
  return created;
}

/** An option of a section, falling back to `[DEFAULT]`, like RawConfigParser.get. */
export function lookupOption(doc: IniDocument, section: string, key: string): IniValue | undefined {
  return doc.sections.get(section)?.options.get(key) ?? doc.defaults.get(key);
}

/** Option names of a section, `[DEFAULT]` ones included, like RawConfigParser.options. */
export function optionNames(doc: IniDocument, section: string): string[] {
  const own = [...(doc.sections.get(section)?.options.keys() ?? [])];
  const extra = [...doc.defaults.keys()].filter((k) => !own.includes(k));
  return [...own, ...extra];
}

/**
 * Replaces the literal text `%(here)s` by `here` in every value of every section (materializing
 * `[DEFAULT]` values into the sections, as RawConfigParser.set does). supervisord does this after
 * reading the main file and after each included file when the config has an `[include]` section,
 * so each file's sections get that file's directory.
 */
export function replaceHereLiterally(doc: IniDocument, here: string): void {
  const token = "%(here)s";
  for (const section of doc.sections.values()) {
    for (const v of section.options.values()) {
      if (v.value.includes(token)) v.value = v.value.split(token).join(here);
    }
    for (const [key, v] of doc.defaults) {
      if (section.options.has(key) || !v.value.includes(token)) continue;
      section.options.set(key, { value: v.value.split(token).join(here), source: v.source });
    }
  }
}
