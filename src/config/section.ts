// Typed access to one INI section: look an option up (falling back to [DEFAULT]), expand its
// `%(name)s` references with the names that option may use, convert it, and turn every failure into
// a ConfigError naming file, line, section and option.
//
// Example: new SectionReader(doc, "program:web").integer("startsecs", names, 1)
//          throws "/etc/sv.conf:12: [program:web] startsecs: 'abc' is not a valid integer; ..."

import { quote } from "./datatypes.ts";
import { lookupOption, optionNames, type IniDocument, type IniValue } from "./ini.ts";
import { ConfigError, type SourceRef } from "./model.ts";
import { FormatError, pyFormat, type FormatValue } from "./pyformat.ts";

export type Names = Readonly<Record<string, FormatValue>>;

/** Options whose values are secrets: never quoted in messages or reports. */
export const SECRET_OPTIONS: ReadonlySet<string> = new Set(["peer_key", "password"]);

/** Expands `template` or throws a ConfigError located at `source`. */
export function expandAt(
  template: string,
  names: Names,
  source: SourceRef,
  section: string | null,
  option: string | null,
): string {
  try {
    return pyFormat(template, names);
  } catch (err) {
    if (!(err instanceof FormatError)) throw err;
    // A secret must not reach a log or a terminal through an error message.
    const shown = option !== null && SECRET_OPTIONS.has(option) ? "the value" : quote(template);
    if (err.kind === "missing") {
      const available = Object.keys(names).sort();
      throw new ConfigError(
        `${shown} uses %(${err.detail})s, which cannot be expanded here. ` +
          `Available names: ${available.join(", ")}. Write %% for a literal percent sign`,
        source.file,
        source.line,
        section,
        option,
      );
    }
    throw new ConfigError(
      `${shown} is badly formatted: ${err.detail}`,
      source.file,
      source.line,
      section,
      option,
    );
  }
}

export class SectionReader {
  constructor(
    readonly doc: IniDocument,
    readonly section: string,
  ) {}

  /** Where the section header is (first one, if the section was opened several times). */
  get source(): SourceRef {
    const s = this.doc.sections.get(this.section);
    return s ? s.source : { file: "<none>", line: 0 };
  }

  raw(key: string): IniValue | undefined {
    return lookupOption(this.doc, this.section, key);
  }

  has(key: string): boolean {
    return this.raw(key) !== undefined;
  }

  keys(): string[] {
    return optionNames(this.doc, this.section);
  }

  /** An error at the option's line if it is set, else at the section header. */
  error(message: string, key: string | null = null): ConfigError {
    const at = (key !== null && this.raw(key)?.source) || this.source;
    return new ConfigError(message, at.file, at.line, this.section, key);
  }

  /** The option expanded with `names`, or null when it is not set. */
  string(key: string, names: Names): string | null {
    const v = this.raw(key);
    if (v === undefined) return null;
    return expandAt(v.value, names, v.source, this.section, key);
  }

  /** Like `string` but with a default used as is (defaults are never expanded). */
  stringOr(key: string, names: Names, fallback: string): string {
    return this.string(key, names) ?? fallback;
  }

  /** Expands `template` as if it were the value of `key` (for values expanded a second time). */
  expand(key: string, template: string, names: Names): string {
    const at = this.raw(key)?.source ?? this.source;
    return expandAt(template, names, at, this.section, key);
  }

  /** Runs a conversion on a value, locating any ConversionError / Error at the option. */
  convertValue<T>(key: string | null, value: string, convert: (s: string) => T): T {
    try {
      return convert(value);
    } catch (err) {
      if (err instanceof ConfigError) throw err;
      throw this.error((err as Error).message, key);
    }
  }

  /** Expanded option (or `fallback` text when absent) converted with `convert`. */
  convert<T>(key: string, names: Names, fallback: string, convert: (s: string) => T): T {
    return this.convertValue(key, this.stringOr(key, names, fallback), convert);
  }
}
